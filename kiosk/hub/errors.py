"""The hub's user errors: wrong admin input, an unknown location, an unreachable database."""

from __future__ import annotations

from kiosk.errors import KioskError


class HubError(KioskError):
    """A problem with the hub that the operator can fix.

    `message` is an English sentence; with `params` it is a template marked with
    `kiosk.hub.i18n.N_` ("No user {ref}."), which staff pages and the CLI translate into the
    reader's language (`Translator.error(exc)`); str(error) is the English text. A message
    about a number has its `plural` form too, and `n`, the number it is about.
    """

    def __init__(
        self, message: str, *, plural: str | None = None, n: int = 1, **params: object
    ) -> None:
        self.message = message
        self.plural = plural
        self.n = n
        self.params = params
        english = plural if plural is not None and n != 1 else message
        if plural is not None:
            english = english.format(n=n, **params)
        elif params:
            english = english.format(**params)
        super().__init__(english)


class NotFoundError(HubError):
    """A location, kiosk or user that the command names does not exist."""


class DatabaseError(HubError):
    """The hub's database cannot be opened, reached or migrated."""
