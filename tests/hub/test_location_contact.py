"""A location's time zone, address and phone (issue #18): typed on the Locations page, checked,
sent in the kiosk config, kept by a kiosk that syncs, and used for the opening hours and for
`kiosk sessions import`. An older config without them keeps working."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain.location import LocationConfig
from kiosk.hub.errors import HubError
from kiosk.hub.helpdesk import appointments, openings
from kiosk.hub.locations import check_phone, check_timezone, set_contact
from kiosk.hub.staff.accounts import add_user
from kiosk.paths import resolve_paths
from kiosk.store import RecordStore, open_database
from kiosk.sync.enrollment import enroll
from kiosk.sync.location_config import last_good_config
from kiosk.sync.service import SyncService
from tests.hub.conftest import LiveHub
from tests.hub.staff.test_web import PASSWORD, csrf_of, login, new_client


def test_contact_goes_from_the_page_to_the_kiosk_and_its_paper_logs(
    sqlite_hub: LiveHub, kiosk_home: Path, kiosk_cmd: list[str], tmp_path: Path
) -> None:
    add_user(
        sqlite_hub.db,
        "coord@example.org",
        "coordinator",
        PASSWORD,
        locations=[sqlite_hub.location_id],
    )
    with new_client(sqlite_hub) as client:
        login(sqlite_hub, client, "coord@example.org", PASSWORD)
        token = csrf_of(client.get("/locations").text)
        form = {
            "csrf_token": token,
            "idle_timeout": "180",
            "timezone": "Asia/Tokyo",
            "address": "Kouter 1, 9000 Gent",
            "phone": "+32 9 123 45 67",
        }
        bad = client.post(f"/locations/{sqlite_hub.location_id}", data={**form, "timezone": "Mars"})
        assert bad.status_code == 400
        assert "unknown time zone" in bad.text
        saved = client.post(f"/locations/{sqlite_hub.location_id}", data=form)
        assert saved.status_code == 303, saved.text
        assert 'value="Asia/Tokyo"' in client.get("/locations").text

    config = sqlite_hub.client.get(
        "/api/v1/kiosk/config", headers={"Authorization": f"Bearer {sqlite_hub.enroll()}"}
    ).json()
    assert (config["timezone"], config["address"], config["phone"]) == (
        "Asia/Tokyo",
        "Kouter 1, 9000 Gent",
        "+32 9 123 45 67",
    )

    database = resolve_paths().database
    enroll(database, sqlite_hub.url, sqlite_hub.code(), name="kiosk")
    db = open_database(database)
    try:
        store = RecordStore(db)
        assert SyncService(store).sync_once().config_ok
        kept = LocationConfig.from_config(last_good_config(store))
    finally:
        db.close()
    assert (kept.timezone, kept.address, kept.phone) == (
        "Asia/Tokyo",
        "Kouter 1, 9000 Gent",
        "+32 9 123 45 67",
    )

    paper = tmp_path / "log.csv"
    paper.write_text(
        "date,start_time,duration_minutes,topics,outcome,referral,language\n"
        "2025-03-04,14:30,20,taxes,helped,,nl\n"
    )
    imported = subprocess.run(
        [*kiosk_cmd, "sessions", "import", str(paper)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    db = open_database(database)
    try:
        (session,) = list(RecordStore(db).assisted_sessions())
    finally:
        db.close()
    assert session.started_at.astimezone(UTC) == datetime(2025, 3, 4, 5, 30, tzinfo=UTC)


def test_opening_hours_are_in_the_location_time_zone(sqlite_hub: LiveHub) -> None:
    set_contact(sqlite_hub.db, sqlite_hub.location_id, timezone="America/New_York")
    openings.add_service(sqlite_hub.db, "digital-help", "Digital help", 30)
    now = datetime.now(UTC)
    openings.add_opening(
        sqlite_hub.db,
        sqlite_hub.location_id,
        "digital-help",
        weekday=(now + timedelta(days=2)).weekday(),
        start_time="14:00",
        end_time="14:30",
        every_minutes=30,
    )
    (slot, *_more) = appointments.free_slots(
        sqlite_hub.db, sqlite_hub.location_id, "digital-help", 7, now
    )
    assert str(slot.start.tzinfo) == "America/New_York"
    assert (slot.start.hour, slot.start.minute) == (14, 0)


def test_an_older_config_without_contact_still_reads() -> None:
    old = {"location": "Bib", "idle_timeout": 180, "referrals": [], "services": []}
    config = LocationConfig.from_config(old)
    assert (config.timezone, config.address, config.phone) == (None, None, None)
    odd = LocationConfig.from_config({**old, "timezone": "Mars/Base", "phone": 5})
    assert odd.timezone is None
    assert odd.phone is None


#: localtime, posixrules and right/... depend on the server's files (found by a stranger).
BAD_ZONES = ["Mars/Base", "", "../etc/passwd", "/Europe/Brussels", "x" * 65, "localtime"]
BAD_ZONES += ["posixrules", "right/UTC", "posix/Europe/Brussels", "Factory"]


@pytest.mark.parametrize("zone", BAD_ZONES)
def test_bad_time_zones_are_refused(zone: str) -> None:
    with pytest.raises(HubError, match="unknown time zone"):
        check_timezone(zone)


def test_phone_numbers_are_checked() -> None:
    assert check_phone("  +32 9 123  45 67 ") == "+32 9 123 45 67"
    assert check_phone("") == ""
    with pytest.raises(HubError, match="not a phone number"):
        check_phone("call me")
