"""Slowing down wrong PINs on this kiosk, per volunteer (or the admin), without ever locking out.

Each wrong PIN in a row makes that person wait a little longer before the kiosk takes the next
one: 1, 2, 4, 8, 16, 32 seconds, then 60 seconds for every further wrong PIN (`MAX_WAIT`). There
is no lockout: a resident who types wrong PINs on purpose cannot keep a volunteer from the desk
for longer than a minute, while guessing a 6-digit PIN at one try a minute takes years. The
right PIN clears the count.

The state is a plain JSON-able mapping (kept in the store's state under `pin_lockouts`, so a
restart does not reset it); every function takes the time `now`, so tests use a fake clock. A
kept moment further away than `MAX_WAIT` (a clock set back, or a five-minute lock of an older
kiosk version) counts as `MAX_WAIT` from now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.domain.jsontypes import JsonObject

#: The longest wait after a wrong PIN.
MAX_WAIT = timedelta(seconds=60)


def wait_after(failures: int) -> timedelta:
    """How long the kiosk waits after the `failures`-th wrong PIN in a row (1 s, 2 s, 4 s, ...
    at most MAX_WAIT)."""
    if failures <= 0:
        return timedelta(0)
    return min(MAX_WAIT, timedelta(seconds=2 ** min(failures - 1, 16)))


@dataclass(frozen=True)
class Attempts:
    """One person's wrong PINs in a row, and until when the kiosk waits before the next try."""

    failures: int = 0
    wait_until: datetime | None = None

    def _until(self, now: datetime) -> datetime | None:
        if self.wait_until is None:
            return None
        return min(self.wait_until, now + MAX_WAIT)

    def waiting(self, now: datetime) -> bool:
        until = self._until(now)
        return until is not None and now < until

    def seconds_left(self, now: datetime) -> int:
        """Whole seconds (rounded up) before the next PIN is taken; 0 when it is taken now."""
        until = self._until(now)
        if until is None or now >= until:
            return 0
        return int((until - now).total_seconds() + 0.999)

    def to_state(self) -> JsonObject:
        return {
            "failures": self.failures,
            "wait_until": None if self.wait_until is None else self.wait_until.isoformat(),
        }

    @classmethod
    def from_state(cls, value: object) -> Attempts:
        if not isinstance(value, Mapping):
            return cls()
        failures = value.get("failures")
        # "locked_until": what kiosks before issue #21 kept (a five-minute lock)
        until = value.get("wait_until", value.get("locked_until"))
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
    """After one more wrong PIN: the count grows, and so does the wait before the next try."""
    count = attempts.failures + 1
    return Attempts(count, now + wait_after(count))


def succeeded() -> Attempts:
    return Attempts()
