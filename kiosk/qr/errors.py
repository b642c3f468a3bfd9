"""Errors of the QR layer: a file that is not an image or PDF we can read, a missing file."""

from __future__ import annotations

from kiosk.errors import KioskError


class QrError(KioskError):
    """A scan, photo or PDF could not be read; the message says which file and what to do."""
