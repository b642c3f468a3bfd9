"""The kiosk window's frame: the main window, idle timeout, keyboard and lockdown filters, theme,
speech, Qt's own translations, the session bar, and the one background-work helper."""
