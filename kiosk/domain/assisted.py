"""An assisted session while it runs, and corrections of the day's sessions.

`SessionDraft` is what the volunteer panel fills in while a volunteer helps a resident: the
volunteer's id, when it started, the topics and the coarse facts. `finish()` turns it into the
`AssistedSession` record (kiosk/domain/records.py) with its outcome and, when referred, the
referral. `correct()` makes a new revision of a record of today. Nothing here holds a name or
free text: the record has no field for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo

from kiosk.domain.records import AGE_BANDS, TOPICS, AssistedSession, Outcome
from kiosk.errors import KioskError
from kiosk.i18n import _


class CorrectionRefused(KioskError):
    """The session is not of today (or not this volunteer's), so it cannot be corrected here;
    the message (translated) says which."""


@dataclass
class SessionDraft:
    """A running session; the panel edits it, `finish()` makes the record."""

    volunteer: str
    started_at: datetime
    topics: list[str] = field(default_factory=list)
    age_band: str | None = None
    first_visit: bool | None = None
    language: str | None = None

    def toggle_topic(self, topic: str) -> None:
        if topic not in TOPICS:
            raise ValueError(f"unknown topic {topic!r}")
        if topic in self.topics:
            self.topics.remove(topic)
        else:
            self.topics.append(topic)

    def set_age_band(self, band: str | None) -> None:
        if band is not None and band not in AGE_BANDS:
            raise ValueError(f"unknown age band {band!r}")
        self.age_band = band

    def elapsed(self, now: datetime) -> timedelta:
        return max(timedelta(0), now - self.started_at)

    def finish(self, outcome: Outcome, referral: str | None, ended_at: datetime) -> AssistedSession:
        """The record of this session (topics in the fixed list's order)."""
        return AssistedSession(
            started_at=self.started_at,
            ended_at=max(ended_at, self.started_at),
            topics=tuple(t for t in TOPICS if t in self.topics),
            outcome=outcome,
            volunteer=self.volunteer,
            referral=referral if outcome is Outcome.REFERRED else None,
            language=self.language,
            age_band=self.age_band,
            first_visit=self.first_visit,
        )


def day_bounds(now: datetime, zone: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The start of `now`'s local day and of the next one (aware datetimes)."""
    local = now.astimezone(zone)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def is_today(record: AssistedSession, now: datetime, zone: tzinfo | None = None) -> bool:
    start, end = day_bounds(now, zone)
    return start <= record.started_at < end


def correct(
    record: AssistedSession,
    *,
    volunteer: str,
    now: datetime,
    topics: tuple[str, ...],
    outcome: Outcome,
    referral: str | None,
    age_band: str | None,
    first_visit: bool | None,
    language: str | None,
    zone: tzinfo | None = None,
) -> AssistedSession:
    """A new revision of today's `record` with these answers (same uuid, revision + 1)."""
    if record.volunteer != volunteer:
        raise CorrectionRefused(_("Only the volunteer who logged a session can correct it."))
    if not is_today(record, now, zone):
        raise CorrectionRefused(_("Only sessions of today can be corrected on the kiosk."))
    return replace(
        record,
        topics=tuple(t for t in TOPICS if t in topics),
        outcome=outcome,
        referral=referral if outcome is Outcome.REFERRED else None,
        age_band=age_band,
        first_visit=first_visit,
        language=language,
        revision=record.revision + 1,
    )
