"""Five wrong PINs lock a volunteer out for five minutes, kept in the store across restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.domain import lockout, pins
from kiosk.services import helpdesk as state
from kiosk.store import RecordStore, open_database

T0 = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)


def test_fifth_wrong_pin_locks_for_five_minutes() -> None:
    attempts = lockout.Attempts()
    for n in range(4):
        attempts = lockout.failed(attempts, T0)
        assert not attempts.locked(T0)
        assert lockout.tries_left(attempts) == 4 - n
    attempts = lockout.failed(attempts, T0)
    assert attempts.locked(T0)
    assert attempts.locked(T0 + timedelta(minutes=4, seconds=59))
    assert attempts.seconds_left(T0 + timedelta(minutes=4)) == 60
    assert not attempts.locked(T0 + timedelta(minutes=5))
    # after the lock, a fresh count of five
    assert lockout.tries_left(attempts) == 5


def test_state_round_trip_and_garbage() -> None:
    locked = lockout.Attempts(0, T0)
    assert lockout.Attempts.from_state(locked.to_state()) == locked
    assert lockout.Attempts.from_state({"failures": 3}) == lockout.Attempts(3)
    assert lockout.Attempts.from_state("nonsense") == lockout.Attempts()
    naive = {"failures": 1, "locked_until": "2025-03-04T10:00:00"}
    assert lockout.Attempts.from_state(naive) == lockout.Attempts(1)


def _store_with_volunteer(path: Path) -> None:
    db = open_database(path)
    try:
        store = RecordStore(db)
        config = {"volunteers": [{"id": "v1", "name": "An", "role": "volunteer", "pin_hash": None}]}
        store.set_state("location_config", {"config": config})
        state.set_first_pin(store, "v1", "482913")
    finally:
        db.close()


def test_lockout_survives_a_restart_and_ends_after_five_minutes(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    _store_with_volunteer(path)
    db = open_database(path)
    try:
        store = RecordStore(db)
        for _ in range(5):
            assert not state.check_pin(store, "v1", "000000", T0).ok
    finally:
        db.close()

    db = open_database(path)  # the kiosk restarted
    try:
        store = RecordStore(db)
        refused = state.check_pin(store, "v1", "482913", T0 + timedelta(minutes=1))
        assert not refused.ok
        assert refused.attempts.locked(T0 + timedelta(minutes=1))
        later = T0 + timedelta(minutes=5, seconds=1)
        assert state.check_pin(store, "v1", "482913", later).ok
        assert state.attempts_of(store, "v1") == lockout.Attempts()
    finally:
        db.close()


def test_pin_kept_only_as_a_hash_and_the_hubs_hash_wins(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    _store_with_volunteer(path)
    db = open_database(path)
    try:
        store = RecordStore(db)
        kept = store.get_state(state.PINS_KEY)
        assert kept is not None
        assert "482913" not in str(kept)
        assert pins.is_pin_hash(kept["v1"]["pin_hash"])
        desk = state.load_desk(store)
        assert desk.pin_set == {"v1"}
        assert desk.pending_uploads == (("v1", kept["v1"]["pin_hash"]),)
        state.mark_pin_uploaded(store, "v1")
        assert state.load_desk(store).pending_uploads == ()
        # the hub sends another hash (set on another kiosk first): that one counts
        other = pins.hash_pin("736251")
        config = {"volunteers": [{"id": "v1", "name": "An", "pin_hash": other}]}
        store.set_state("location_config", {"config": config})
        assert state.check_pin(store, "v1", "736251", T0).ok
        assert not state.check_pin(store, "v1", "482913", T0).ok
    finally:
        db.close()


def test_admin_pin_is_separate(tmp_path: Path) -> None:
    db = open_database(tmp_path / "kiosk.sqlite3")
    try:
        store = RecordStore(db)
        assert not state.load_desk(store).admin_pin_set
        state.set_first_pin(store, state.ADMIN, "907153")
        assert state.load_desk(store).admin_pin_set
        assert state.check_pin(store, state.ADMIN, "907153", T0).ok
        assert "907153" not in str(store.get_state(state.ADMIN_KEY))
    finally:
        db.close()
