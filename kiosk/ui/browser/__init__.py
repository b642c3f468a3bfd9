"""The embedded browser of `web` steps: the guarded view, its page and profile, what it refuses,
and our own PDF viewer and file picker (nothing opens outside the kiosk window)."""
