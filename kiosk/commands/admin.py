"""`kiosk admin`: guide signing keys and publishing to a hub (delivered by issue #7)."""

from __future__ import annotations

from typing import Any

from kiosk.commands import add_command, not_yet


def register(subparsers: Any) -> None:
    add_command(subparsers, "admin", "guide signing keys and publishing to a hub (not available yet)", not_yet(7, "kiosk admin"))
