"""`kiosk qr`: decode and explain the codes in images (delivered by issue #4)."""

from __future__ import annotations

from typing import Any

from kiosk.commands import add_command, not_yet


def register(subparsers: Any) -> None:
    add_command(subparsers, "qr", "decode and explain the codes in images (not available yet)", not_yet(4, "kiosk qr"))
