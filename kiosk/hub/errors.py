"""The hub's user errors: wrong admin input, an unknown location, an unreachable database."""

from __future__ import annotations

from kiosk.errors import KioskError


class HubError(KioskError):
    """A problem with the hub that the operator can fix."""


class NotFoundError(HubError):
    """A location, kiosk or user that the command names does not exist."""


class DatabaseError(HubError):
    """The hub's database cannot be opened, reached or migrated."""
