"""Locking a volunteer (or the admin) out of this kiosk after too many wrong PINs.

Five wrong PINs in a row lock that person out on this kiosk for five minutes. The state is a
plain JSON-able mapping (kept in the store's state under `pin_lockouts`, so a restart does not
reset it); every function takes the time `now`, so tests use a fake clock. A right PIN clears
the count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.domain.jsontypes import JsonObject

MAX_FAILURES = 5
LOCK_TIME = timedelta(minutes=5)


@dataclass(frozen=True)
class Attempts:
    """One person's wrong PINs in a row, and until when they are locked out (if they are)."""

    failures: int = 0
    locked_until: datetime | None = None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def seconds_left(self, now: datetime) -> int:
        if self.locked_until is None or now >= self.locked_until:
            return 0
        return int((self.locked_until - now).total_seconds() + 0.999)

    def to_state(self) -> JsonObject:
        return {
            "failures": self.failures,
            "locked_until": None if self.locked_until is None else self.locked_until.isoformat(),
        }

    @classmethod
    def from_state(cls, value: object) -> Attempts:
        if not isinstance(value, Mapping):
            return cls()
        failures = value.get("failures")
        until = value.get("locked_until")
        moment = None
        if isinstance(until, str):
            try:
                moment = datetime.fromisoformat(until)
            except ValueError:
                moment = None
            if moment is not None and moment.tzinfo is None:
                moment = None
        return cls(failures if isinstance(failures, int) and failures >= 0 else 0, moment)


def failed(attempts: Attempts, now: datetime) -> Attempts:
    """After one more wrong PIN: the fifth in a row locks out for LOCK_TIME."""
    if attempts.locked(now):
        return attempts
    count = attempts.failures + 1
    if count >= MAX_FAILURES:
        return Attempts(0, now + LOCK_TIME)
    return Attempts(count, None)


def succeeded() -> Attempts:
    return Attempts()


def tries_left(attempts: Attempts) -> int:
    return MAX_FAILURES - attempts.failures
