"""Keyrings for `kiosk demo` and the tests: in this process's memory, or in a demo's file.

The demo runs its hub and its kiosk on one machine; where that machine has no Secret Service (a
headless box, a container) the demo's token is kept in `FileKeyring`, a file of the demo home
(mode 0600), so a second start reuses the demo's kiosk. `MemoryKeyring` never writes anywhere.
The real kiosk never selects either: only `kiosk demo` and the tests install them, and the demo
only when the machine has no secure keyring. The token is one for the demo's own local hub.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

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


class FileKeyring(MemoryKeyring):
    """The demo's secrets in one JSON file only its owner can read."""

    def __init__(self, file: Path) -> None:
        super().__init__()
        self.file = file
        try:
            saved = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        if isinstance(saved, dict):
            for key, value in saved.items():
                service, _sep, username = str(key).partition("\n")
                if isinstance(value, str):
                    self.store[(service, username)] = value

    def _save(self) -> None:
        data = {
            f"{service}\n{username}": value for (service, username), value in self.store.items()
        }
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(data, out)
        temporary.replace(self.file)

    def set_password(self, service: str, username: str, password: str) -> None:
        super().set_password(service, username, password)
        self._save()

    def delete_password(self, service: str, username: str) -> None:
        super().delete_password(service, username)
        self._save()
