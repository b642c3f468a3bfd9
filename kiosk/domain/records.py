"""The records a kiosk keeps and syncs: guide runs and assisted sessions.

Each record gets a UUID when it is created; that UUID is its idempotency key forever. A
correction of an assisted session is a new *revision* of the same UUID. `to_payload()` gives the
`data` object of sync protocol version 1 (docs/protocol.md); it never contains answers, names or
free text.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class RecordKind(StrEnum):
    GUIDE_RUN = "guide_run"
    ASSISTED_SESSION = "assisted_session"


class RunEnd(StrEnum):
    """How a guide run ended."""

    COMPLETED = "completed"
    ABANDONED = "abandoned"
    HANDED_OFF = "handed_off"
    #: The guide reached a step it could not carry out (the website could not be reached, ...):
    #: the resident was told it is not done; not completed.
    NOT_DONE = "not_done"


class Outcome(StrEnum):
    """How an assisted session ended."""

    HELPED = "helped"
    PARTLY = "partly"
    NOT_HELPED = "not_helped"
    REFERRED = "referred"


#: The IDO question topics a volunteer picks from (ids are part of the sync protocol).
TOPICS: tuple[str, ...] = (
    "taxes",
    "allowances",
    "digid_itsme",
    "health",
    "energy",
    "work_income",
    "housing",
    "mobility",
    "banking",
    "devices_internet",
    "other",
)

AGE_BANDS: tuple[str, ...] = ("under_25", "25_44", "45_64", "65_74", "75_plus")


def new_uuid() -> str:
    return str(uuid.uuid4())


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("record times must carry a UTC offset")
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class GuideRun:
    """One resident's run through one guide: where it went, never what was typed."""

    guide_id: str
    guide_version: int
    language: str
    started_at: datetime
    ended_at: datetime
    steps: tuple[str, ...]
    ended: RunEnd
    last_step: str
    assisted_session: str | None = None
    uuid: str = field(default_factory=new_uuid)
    revision: int = 1

    kind = RecordKind.GUIDE_RUN

    def to_payload(self) -> dict[str, object]:
        return {
            "guide_id": self.guide_id,
            "guide_version": self.guide_version,
            "language": self.language,
            "started_at": _iso(self.started_at),
            "ended_at": _iso(self.ended_at),
            "steps": list(self.steps),
            "ended": self.ended.value,
            "last_step": self.last_step,
            "assisted_session": self.assisted_session,
        }


@dataclass(frozen=True)
class AssistedSession:
    """A volunteer's session with a resident: topics and outcome, never names or notes."""

    started_at: datetime
    ended_at: datetime
    topics: tuple[str, ...]
    outcome: Outcome
    volunteer: str
    referral: str | None = None
    language: str | None = None
    age_band: str | None = None
    first_visit: bool | None = None
    uuid: str = field(default_factory=new_uuid)
    revision: int = 1

    kind = RecordKind.ASSISTED_SESSION

    def __post_init__(self) -> None:
        unknown = [t for t in self.topics if t not in TOPICS]
        if unknown:
            raise ValueError(f"unknown topic {unknown[0]!r}")
        if self.age_band is not None and self.age_band not in AGE_BANDS:
            raise ValueError(f"unknown age band {self.age_band!r}")
        if (self.outcome is Outcome.REFERRED) != (self.referral is not None):
            raise ValueError("a referral is given exactly when the outcome is 'referred'")

    def to_payload(self) -> dict[str, object]:
        return {
            "started_at": _iso(self.started_at),
            "ended_at": _iso(self.ended_at),
            "topics": list(self.topics),
            "outcome": self.outcome.value,
            "referral": self.referral,
            "language": self.language,
            "age_band": self.age_band,
            "first_visit": self.first_visit,
            "volunteer": self.volunteer,
        }


Record = GuideRun | AssistedSession
