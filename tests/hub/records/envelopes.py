"""Record envelopes for the hub's tests, made by the kiosk's own domain code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.domain.records import AssistedSession, GuideRun, Outcome, RunEnd

T0 = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


def envelope(record: GuideRun | AssistedSession, created_at: datetime = T0) -> dict[str, Any]:
    return {
        "uuid": record.uuid,
        "kind": record.kind.value,
        "revision": record.revision,
        "created_at": created_at.isoformat(timespec="seconds"),
        "data": record.to_payload(),
    }


def session(
    *, start: datetime = T0, outcome: Outcome = Outcome.HELPED, revision: int = 1, **kw: Any
) -> AssistedSession:
    fields: dict[str, Any] = {
        "started_at": start,
        "ended_at": start + timedelta(minutes=20),
        "topics": ("taxes", "digid_itsme"),
        "outcome": outcome,
        "volunteer": "vol-7",
        "language": "nl",
        "age_band": "65_74",
        "first_visit": True,
        "revision": revision,
    }
    if outcome is Outcome.REFERRED:
        fields["referral"] = "social_services"
    fields.update(kw)
    return AssistedSession(**fields)


def run(*, start: datetime = T0, ended: RunEnd = RunEnd.COMPLETED, **kw: Any) -> GuideRun:
    fields: dict[str, Any] = {
        "guide_id": "digid-apply",
        "guide_version": 3,
        "language": "nl",
        "started_at": start,
        "ended_at": start + timedelta(minutes=7),
        "steps": ("intro", "open_site", "done"),
        "ended": ended,
        "last_step": "done",
    }
    fields.update(kw)
    return GuideRun(**fields)
