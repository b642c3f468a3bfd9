"""A PIN reset on the hub wins on the kiosk where the PIN was chosen (#21, stranger finding 1):
once the config brings the hub's null hash with a new invitation, the old PIN stops working,
uploaded or not, and the volunteer chooses a new PIN with the new code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain import invitations
from kiosk.services import helpdesk as state
from kiosk.store import RecordStore, open_database

T0 = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
FIRST = "731905246618"
SECOND = "917633033685"


def _config(store: RecordStore, code: str | None, pin_hash: str | None = None) -> None:
    volunteer: dict[str, object] = {"id": "v1", "name": "Ann", "pin_hash": pin_hash}
    if code is not None:
        volunteer["invitation_hash"] = invitations.hash_code(code)
        volunteer["invitation_expires"] = (T0 + timedelta(days=7)).isoformat()
    store.set_state("location_config", {"config": {"volunteers": [volunteer]}})


def _store(tmp_path: Path) -> RecordStore:
    return RecordStore(open_database(tmp_path / "kiosk.sqlite3"))


def test_a_reset_on_the_hub_ends_an_uploaded_pin_and_the_new_code_works(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _config(store, FIRST)
    pin_hash = state.set_first_pin(store, "v1", "246813", FIRST, T0)
    state.settle_pin_upload(store, "v1", pin_hash, "stored")
    # uploaded, the config not fetched again yet: the PIN works
    assert state.check_pin(store, "v1", "246813", T0).ok
    # the hub had it, then the coordinator reset it: null hash and a new invitation
    _config(store, SECOND)
    desk = state.load_desk(store, T0)
    assert "v1" not in desk.pin_set
    assert "v1" in desk.invited
    assert not state.check_pin(store, "v1", "246813", T0).ok
    later = T0 + timedelta(minutes=5)  # past the wait of the wrong try
    assert state.check_invitation(store, "v1", SECOND, later).ok
    state.set_first_pin(store, "v1", "592718", SECOND, later)
    assert state.check_pin(store, "v1", "592718", later).ok
    assert state.load_desk(store, later).pending_uploads[0][0] == "v1"


def test_a_reset_before_the_upload_wins_and_the_old_pin_is_never_sent(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _config(store, FIRST)
    state.set_first_pin(store, "v1", "246813", FIRST, T0)
    assert state.load_desk(store, T0).pending_uploads  # chosen here, hub not reached yet
    _config(store, SECOND)  # meanwhile the hub reset it: a newer invitation
    desk = state.load_desk(store, T0)
    assert desk.pending_uploads == ()
    assert "v1" not in desk.pin_set
    assert state.pin_hash_for(store, "v1") is None


def test_an_older_entry_without_its_invitation_counts_until_uploaded(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _config(store, SECOND)
    store.set_state("volunteer_pins", {"v1": {"pin_hash": "x", "uploaded": True}})
    assert state.pin_hash_for(store, "v1") is None
    store.set_state("volunteer_pins", {"v1": {"pin_hash": "x", "uploaded": False}})
    assert state.pin_hash_for(store, "v1") == "x"


def test_a_wrong_pin_is_in_the_kiosks_log_without_what_was_typed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = _store(tmp_path)
    _config(store, FIRST)
    state.set_first_pin(store, "v1", "246813", FIRST, T0)
    with caplog.at_level("INFO", logger="kiosk.services.helpdesk"):
        assert not state.check_pin(store, "v1", "975310", T0).ok
    assert "a wrong PIN or code for v1 (1 in a row)" in caplog.text
    assert "975310" not in caplog.text
