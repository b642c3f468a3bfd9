"""Screens of the kiosk window, one per module; each renders state and emits intent signals."""
