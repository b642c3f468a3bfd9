"""A session from draft to record, a correction as a new revision, and what would be synced."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain.assisted import CorrectionRefused, SessionDraft, correct, is_today
from kiosk.domain.records import Outcome
from kiosk.services import helpdesk as state
from kiosk.store import RecordStore, open_database

T0 = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
PROTOCOL_KEYS = {
    "started_at",
    "ended_at",
    "topics",
    "outcome",
    "referral",
    "language",
    "age_band",
    "first_visit",
    "volunteer",
}


def _draft() -> SessionDraft:
    draft = SessionDraft("v1", T0)
    draft.toggle_topic("banking")
    draft.toggle_topic("taxes")
    draft.toggle_topic("energy")
    draft.toggle_topic("energy")
    draft.set_age_band("65_74")
    draft.first_visit = True
    draft.language = "fr"
    return draft


def test_draft_to_record() -> None:
    record = _draft().finish(Outcome.REFERRED, "social_services", T0 + timedelta(minutes=25))
    assert record.topics == ("taxes", "banking")  # the fixed list's order
    assert record.referral == "social_services"
    assert record.revision == 1
    assert (record.ended_at - record.started_at) == timedelta(minutes=25)
    helped = _draft().finish(Outcome.HELPED, "social_services", T0)
    assert helped.referral is None  # only a referred session names a referral
    with pytest.raises(ValueError, match="unknown topic"):
        SessionDraft("v1", T0).toggle_topic("Mrs Janssens")


def test_record_correction_and_outbox(tmp_path: Path) -> None:
    db = open_database(tmp_path / "kiosk.sqlite3")
    try:
        store = RecordStore(db)
        record = _draft().finish(Outcome.HELPED, None, T0 + timedelta(minutes=20))
        state.add_session(store, record)
        now = T0 + timedelta(hours=2)
        today = state.sessions_today(store, "v1", now)
        assert [s.uuid for s in today] == [record.uuid]
        assert state.sessions_today(store, "v2", now) == []

        fixed = correct(
            today[0],
            volunteer="v1",
            now=now,
            topics=("taxes",),
            outcome=Outcome.PARTLY,
            referral=None,
            age_band=None,
            first_visit=None,
            language="fr",
        )
        assert (fixed.uuid, fixed.revision) == (record.uuid, 2)
        state.add_session(store, fixed)
        kept = state.sessions_today(store, "v1", now)
        assert [(s.uuid, s.revision, s.outcome) for s in kept] == [(record.uuid, 2, Outcome.PARTLY)]
        items = store.due(10)
        assert [(i.uuid, i.revision) for i in items] == [(record.uuid, 1), (record.uuid, 2)]
        for item in items:
            envelope = item.envelope()
            assert set(envelope) == {"uuid", "kind", "revision", "created_at", "data"}
            assert set(envelope["data"]) == PROTOCOL_KEYS
            text = json.dumps(envelope)
            assert "An " not in text
            assert "note" not in text
    finally:
        db.close()


def test_corrections_only_today_and_only_ones_own() -> None:
    record = _draft().finish(Outcome.HELPED, None, T0 + timedelta(minutes=20))
    args = {
        "topics": ("taxes",),
        "outcome": Outcome.HELPED,
        "referral": None,
        "age_band": None,
        "first_visit": None,
        "language": None,
        "zone": UTC,
    }
    assert is_today(record, T0 + timedelta(hours=5), UTC)
    with pytest.raises(CorrectionRefused):
        correct(record, volunteer="v1", now=T0 + timedelta(days=1), **args)  # type: ignore[arg-type]
    with pytest.raises(CorrectionRefused):
        correct(record, volunteer="v2", now=T0, **args)  # type: ignore[arg-type]
