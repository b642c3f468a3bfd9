"""`kiosk sessions`: import paper logs of assisted sessions (delivered by issue #8)."""

from __future__ import annotations

from typing import Any

from kiosk.commands import add_command, not_yet


def register(subparsers: Any) -> None:
    add_command(subparsers, "sessions", "import paper logs of assisted sessions (not available yet)", not_yet(8, "kiosk sessions"))
