"""The time now, in UTC: the one default clock of the kiosk and the hub.

Records, lockouts, syncs and signatures are stamped in UTC (`datetime.now(UTC)`); code that
needs the time takes a `clock: Callable[[], datetime] = utc_now` so tests can pass their own.
Pure and tiny: the start-up path may import it (kiosk.domain would load too much there).
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)
