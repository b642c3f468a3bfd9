"""`kiosk enroll`: enroll this kiosk with a hub (delivered by issue #6)."""

from __future__ import annotations

from typing import Any

from kiosk.commands import add_command, not_yet


def register(subparsers: Any) -> None:
    add_command(subparsers, "enroll", "enroll this kiosk with a hub (not available yet)", not_yet(6, "kiosk enroll"))
