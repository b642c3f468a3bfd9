"""The admin tools' user errors: wrong passphrase, missing keys, a refused publish."""

from __future__ import annotations

from kiosk.errors import KioskError


class AdminError(KioskError):
    """Something the admin can fix; the message says what."""
