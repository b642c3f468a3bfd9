"""Errors of talking to the hub that a person can act on (enrollment, keyring, hub address)."""

from __future__ import annotations

from kiosk.errors import KioskError


class SyncError(KioskError):
    """Sync with the hub can't go on; the message says why and what to do."""


class HubUrlError(SyncError):
    """The hub address is not one the kiosk will talk to (bad form, or plain HTTP off loopback)."""


class InsecureKeyringError(SyncError):
    """There is no secure place for the hub token; nothing was stored."""


class EnrollError(SyncError):
    """The hub refused the enrollment, or could not be reached."""


class NotEnrolledError(SyncError):
    """The kiosk has no enrollment (or its token is gone from the keyring)."""
