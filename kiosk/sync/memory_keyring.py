"""A keyring that lives only in this process's memory, for `kiosk demo` and the tests.

The demo runs its hub and its kiosk on one machine for a few minutes; where that machine has no
Secret Service (a headless box, a container) the demo's token is kept here instead. It is never
written anywhere and is gone when the process ends. The real kiosk never selects it: only
`kiosk demo` installs it, and only when the machine has no secure keyring.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict of this process; nothing touches the disk."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None
