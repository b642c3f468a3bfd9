"""The hub's clock: every "now" of the hub is an aware UTC moment from here."""

from __future__ import annotations

from datetime import UTC, datetime


def now_utc() -> datetime:
    return datetime.now(UTC)
