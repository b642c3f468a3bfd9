"""`kiosk sync`: send the outbox and fetch guides and config, headless (delivered by issue #6)."""

from __future__ import annotations

from typing import Any

from kiosk.commands import add_command, not_yet


def register(subparsers: Any) -> None:
    add_command(subparsers, "sync", "send the outbox and fetch guides and config, headless (not available yet)", not_yet(6, "kiosk sync"))
