"""`kiosk guide`: check, preview and describe task guides (delivered by issue #3)."""

from __future__ import annotations

from typing import Any

from kiosk.commands import add_command, not_yet


def register(subparsers: Any) -> None:
    add_command(subparsers, "guide", "check, preview and describe task guides (not available yet)", not_yet(3, "kiosk guide"))
