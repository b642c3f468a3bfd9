"""`kiosk hub`: run and administer the municipality hub (delivered by issue #5)."""

from __future__ import annotations

from typing import Any

from kiosk.commands import add_command, not_yet


def register(subparsers: Any) -> None:
    add_command(subparsers, "hub", "run and administer the municipality hub (not available yet)", not_yet(5, "kiosk hub"))
