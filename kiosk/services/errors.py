"""Errors of the kiosk's use cases that a person can act on (translated sentences)."""

from __future__ import annotations

from kiosk.errors import KioskError


class ServiceError(KioskError):
    """A use case refused what was asked; the message says why, in the current language."""


class PinError(ServiceError):
    """A new PIN cannot be kept."""


class PinNotAcceptedError(PinError):
    """The new PIN is not a good PIN (too short, too easy, not digits)."""


class PinAlreadySetError(PinError):
    """The person already has a PIN (set on this kiosk, or brought by the hub)."""


class InvitationRefusedError(PinError):
    """A first PIN needs an open invitation code for this volunteer, typed right."""
