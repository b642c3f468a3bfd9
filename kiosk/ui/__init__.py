"""Everything PySide6: the main window, screens, step widgets, embedded browser and theme."""
