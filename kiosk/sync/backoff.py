"""When to try a failed record again: exponential backoff with full jitter, capped.

After the n-th failed attempt the next one waits a random time between 0 and
`min(cap, base * 2**(n-1))` seconds ("full jitter"), so that many kiosks coming back after one
outage do not all hit the hub at the same moment. Start about 2 s, cap 10 minutes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass
class Backoff:
    base: float = 2.0
    cap: float = 600.0
    rng: random.Random = field(default_factory=random.Random)

    def ceiling(self, attempts: int) -> float:
        """The longest wait after `attempts` failed attempts (attempts >= 1)."""
        exponent = min(max(attempts, 1) - 1, 62)
        return float(min(self.cap, self.base * (2**exponent)))

    def delay(self, attempts: int) -> float:
        return self.rng.uniform(0.0, self.ceiling(attempts))

    def retry_at(self, now: datetime, attempts: int) -> datetime:
        return now + timedelta(seconds=self.delay(attempts))
