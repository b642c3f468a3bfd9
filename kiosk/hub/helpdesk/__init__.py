"""The help point (issue #8): volunteers, services, openings, slots and appointments."""
