"""Wrong PINs slow down instead of locking out (#21): each wrong PIN in a row makes the kiosk wait
longer before that person's next try, at most 60 s, kept in the store across restarts; a first
PIN needs the volunteer's open invitation code, once; the admin PIN is never chosen here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain import invitations, lockout, pins
from kiosk.services import helpdesk as state
from kiosk.services.errors import InvitationRefusedError
from kiosk.store import RecordStore, open_database

T0 = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
CODE = "731905246618"


def test_each_wrong_pin_waits_longer_up_to_a_minute_never_a_lockout() -> None:
    attempts = lockout.Attempts()
    now = T0
    waits = []
    for _ in range(20):
        attempts = lockout.failed(attempts, now)
        waits.append(attempts.seconds_left(now))
        assert attempts.waiting(now)
        now += timedelta(seconds=attempts.seconds_left(now))
        assert not attempts.waiting(now)  # the wait is over: the next PIN is taken
    assert waits == [1, 2, 4, 8, 16, 32] + [60] * 14
    assert attempts.failures == 20
    assert lockout.wait_after(10_000) == lockout.MAX_WAIT


def test_state_round_trip_garbage_and_older_locks() -> None:
    waiting = lockout.Attempts(3, T0)
    assert lockout.Attempts.from_state(waiting.to_state()) == waiting
    assert lockout.Attempts.from_state({"failures": 3}) == lockout.Attempts(3)
    assert lockout.Attempts.from_state("nonsense") == lockout.Attempts()
    naive = {"failures": 1, "wait_until": "2025-03-04T10:00:00"}
    assert lockout.Attempts.from_state(naive) == lockout.Attempts(1)
    # a five-minute lock kept by an older kiosk (or a clock set back) waits a minute at most
    older = lockout.Attempts.from_state(
        {"failures": 0, "locked_until": (T0 + timedelta(minutes=5)).isoformat()}
    )
    assert older.seconds_left(T0) == 60


def _store_with_volunteer(path: Path, *, invited: bool = True) -> None:
    db = open_database(path)
    try:
        store = RecordStore(db)
        volunteer: dict[str, object] = {"id": "v1", "name": "An", "role": "volunteer"}
        volunteer["pin_hash"] = None
        if invited:
            volunteer["invitation_hash"] = invitations.hash_code(CODE)
            volunteer["invitation_expires"] = (T0 + timedelta(days=7)).isoformat()
        store.set_state("location_config", {"config": {"volunteers": [volunteer]}})
        if invited:
            state.set_first_pin(store, "v1", "482913", CODE, T0)
    finally:
        db.close()


def test_the_wait_survives_a_restart_and_a_right_pin_ends_it(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    _store_with_volunteer(path)
    db = open_database(path)
    now = T0
    try:
        store = RecordStore(db)
        for _ in range(8):
            check = state.check_pin(store, "v1", "000000", now)
            assert not check.ok
            assert check.checked
            now += timedelta(seconds=check.attempts.seconds_left(now))
        check = state.check_pin(store, "v1", "000000", now)
        assert check.attempts.seconds_left(now) == 60
    finally:
        db.close()

    db = open_database(path)  # the kiosk restarted
    try:
        store = RecordStore(db)
        refused = state.check_pin(store, "v1", "482913", now + timedelta(seconds=30))
        assert not refused.ok
        assert not refused.checked  # during the wait nothing is checked, nothing counted
        assert refused.attempts.seconds_left(now + timedelta(seconds=30)) == 30
        later = now + timedelta(seconds=60)
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
        desk = state.load_desk(store, T0)
        assert desk.pin_set == {"v1"}
        assert desk.pending_uploads == (("v1", kept["v1"]["pin_hash"], CODE),)
        state.mark_pin_uploaded(store, "v1")
        assert state.load_desk(store, T0).pending_uploads == ()
        assert "invitation" not in store.get_state(state.PINS_KEY)["v1"]  # forgotten once sent
        # the hub sends another hash (set on another kiosk first): that one counts
        other = pins.hash_pin("736251")
        config = {"volunteers": [{"id": "v1", "name": "An", "pin_hash": other}]}
        store.set_state("location_config", {"config": config})
        assert state.check_pin(store, "v1", "736251", T0).ok
        assert not state.check_pin(store, "v1", "482913", T0).ok
    finally:
        db.close()


def test_a_first_pin_needs_the_invitation_code_and_it_works_once(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    _store_with_volunteer(path, invited=False)
    db = open_database(path)
    try:
        store = RecordStore(db)
        assert state.load_desk(store, T0).invited == frozenset()
        with pytest.raises(InvitationRefusedError):  # no invitation at all
            state.set_first_pin(store, "v1", "482913", CODE, T0)
        config = {
            "volunteers": [
                {
                    "id": "v1",
                    "name": "An",
                    "pin_hash": None,
                    "invitation_hash": invitations.hash_code(CODE),
                    "invitation_expires": (T0 + timedelta(days=7)).isoformat(),
                }
            ]
        }
        store.set_state("location_config", {"config": config})
        assert state.load_desk(store, T0).invited == {"v1"}
        assert not state.check_invitation(store, "v1", "000000000000", T0).ok
        soon = T0 + timedelta(seconds=1)
        assert state.check_invitation(store, "v1", "7319 0524 6618", soon).ok  # spaces are fine
        with pytest.raises(InvitationRefusedError):  # a wrong code
            state.set_first_pin(store, "v1", "482913", "000000000000", soon)
        with pytest.raises(InvitationRefusedError):  # after 7 days
            state.set_first_pin(store, "v1", "482913", CODE, T0 + timedelta(days=7))
        state.set_first_pin(store, "v1", "482913", CODE, soon)
        # the hub refused it meanwhile (used at another kiosk first): the PIN here is dropped,
        # and the same code does not work a second time on this kiosk
        kept = store.get_state(state.PINS_KEY)["v1"]["pin_hash"]
        state.settle_pin_upload(store, "v1", kept, "invitation_refused")
        assert state.pin_hash_for(store, "v1") is None
        assert state.load_desk(store, soon).invited == frozenset()
        assert not state.check_invitation(store, "v1", CODE, T0 + timedelta(minutes=5)).ok
        with pytest.raises(InvitationRefusedError):
            state.set_first_pin(store, "v1", "482913", CODE, T0 + timedelta(minutes=5))
    finally:
        db.close()


def test_the_admin_pin_comes_from_the_hub_or_a_file_never_from_the_kiosk(tmp_path: Path) -> None:
    db = open_database(tmp_path / "kiosk.sqlite3")
    try:
        store = RecordStore(db)
        assert not state.load_desk(store).admin_pin_set
        with pytest.raises(InvitationRefusedError):  # nobody chooses it at the kiosk
            state.set_first_pin(store, state.ADMIN, "907153", CODE, T0)
        assert not state.check_pin(store, state.ADMIN, "907153", T0).ok
        # an admin PIN chosen at the kiosk by an older version (by whoever came first) is ignored
        store.set_state(state.ADMIN_KEY, {"pin_hash": pins.hash_pin("907153")})
        assert not state.load_desk(store).admin_pin_set
        state.set_admin_pin_from_file(store, "907153")  # kiosk enroll --admin-pin-file
        assert state.load_desk(store).admin_pin_set
        later = T0 + timedelta(minutes=2)
        assert state.check_pin(store, state.ADMIN, "907153", later).ok
        assert "907153" not in str(store.get_state(state.ADMIN_KEY))
        # the coordinator's, sent by the hub, wins
        config = {"admin_pin_hash": pins.hash_pin("518204"), "volunteers": []}
        store.set_state("location_config", {"config": config})
        assert state.check_pin(store, state.ADMIN, "518204", later).ok
        assert not state.check_pin(store, state.ADMIN, "907153", later).ok
    finally:
        db.close()
