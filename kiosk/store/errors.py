"""Errors of the local store that a person can act on."""

from __future__ import annotations

from kiosk.errors import KioskError


class StoreError(KioskError):
    """The local database can't be used; the message says why and what to do."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer version of the kiosk."""


class StoreFullError(StoreError):
    """The disk (or the database's size cap) is full; nothing was written."""
