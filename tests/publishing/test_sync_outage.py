"""An outage is one line and is remembered (#22): a kiosk that follows the hub's guide repository
loses the hub; `kiosk sync --once` says so in one translated line with exit 1 (it printed a
96-line traceback from the guide update before), `kiosk status` keeps the error and its time,
and once the hub is back it hears the error and shows it on its Kiosks page."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from kiosk.cli import main
from kiosk.hub.db.models import Kiosk
from kiosk.hub.kiosks.enrollment import create_enroll_code
from kiosk.i18n import moment_text
from kiosk.paths import resolve_paths
from kiosk.publishing.hub_client import AdminHub
from kiosk.store import RecordStore, open_database
from kiosk.sync.enrollment import enroll
from tests.publishing.conftest import ADMIN, Hub
from tests.publishing.support import PASSWORD
from tests.sync.livehub import make_record

DOWN = "http://127.0.0.1:9"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _point_at(database_path: Path, url: str) -> None:
    database = open_database(database_path)
    try:
        store = RecordStore(database)
        store.add(make_record())
        enrollment = store.get_state("enrollment")
        assert enrollment is not None
        store.set_state("enrollment", {**enrollment, "hub_url": url})
    finally:
        database.close()


def test_an_outage_is_one_line_kept_in_status_and_reported_to_the_hub(
    hub: Hub, admin_hub: AdminHub, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = resolve_paths()
    code, _expires = create_enroll_code(hub.db, hub.location_id, 24)
    enrollment = enroll(paths.database, hub.url, code, name="outage kiosk")
    first, _out, err = _run(capsys, "sync", "--once")
    assert first == 0, err
    assert (paths.data_dir / "tuf").is_dir()  # the kiosk follows the hub's guide repository

    _point_at(paths.database, DOWN)
    failed, _out, err = _run(capsys, "sync", "--once")
    assert failed == 1
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert err.startswith("kiosk: cannot reach the hub")
    assert "Errno" not in err

    code, out, _err = _run(capsys, "status", "--json")
    status = json.loads(out)
    assert status["last_error"].startswith("cannot reach the hub")
    assert status["last_error_at"] is not None
    assert status["log_dir"] == str(paths.log_dir)
    code, out, _err = _run(capsys, "status")
    when = moment_text(status["last_error_at"])  # the location's time, as the admin screen
    assert when.endswith(("CET", "CEST")), when
    assert f"Last error: {status['last_error']} (at {when})" in out
    assert f"Log files: {paths.log_dir}" in out

    # The hub is back: the kiosk tells it what went wrong, and staff see it.
    _point_at(paths.database, hub.url)
    back, _out, err = _run(capsys, "sync", "--once")
    assert back == 0, err
    with hub.db.sessions() as session:
        row = session.get(Kiosk, enrollment.kiosk_id)
        assert row is not None
        assert row.last_error == status["last_error"]
        assert row.last_error_at is not None
    with httpx.Client(base_url=hub.url) as client:
        login = client.get("/login")
        token = login.text.split('name="csrf_token" value="')[1].split('"')[0]
        client.post("/login", data={"email": ADMIN, "password": PASSWORD, "csrf_token": token})
        page = client.get("/kiosks").text
    assert "cannot reach the hub" in page
    assert "resolved at" not in page
    code, out, _err = _run(capsys, "status", "--json")
    assert json.loads(out)["last_error"] is None
    # the next round brings no error: the page shows the old one as resolved
    again, _out, err = _run(capsys, "sync", "--once")
    assert again == 0, err
    with hub.db.sessions() as session:
        row = session.get(Kiosk, enrollment.kiosk_id)
        assert row is not None
        assert row.last_error_resolved_at is not None
    with httpx.Client(base_url=hub.url) as client:
        login = client.get("/login")
        token = login.text.split('name="csrf_token" value="')[1].split('"')[0]
        client.post("/login", data={"email": ADMIN, "password": PASSWORD, "csrf_token": token})
        page = client.get("/kiosks").text
    assert "cannot reach the hub" in page
    assert "resolved at" in page


def test_the_hub_cleans_and_caps_a_reported_error(hub: Hub) -> None:
    token = hub.kiosk_token()
    hostile = "bad\u202eerror\x00 " + "é" * 500
    from urllib.parse import quote

    answer = httpx.get(
        f"{hub.url}/api/v1/kiosk/config",
        headers={
            "Authorization": f"Bearer {token}",
            "Kiosk-Last-Error": quote(hostile),
            "Kiosk-Last-Error-At": "not a time",
        },
    )
    assert answer.status_code == 200
    older = httpx.get(  # an older kiosk sends no such header: nothing changes
        f"{hub.url}/api/v1/kiosk/config", headers={"Authorization": f"Bearer {token}"}
    )
    assert older.status_code == 200
    with hub.db.sessions() as session:
        rows = session.query(Kiosk).all()
        kept = next(row.last_error for row in rows if row.last_error)
    assert kept.startswith("baderror ")
    assert "\u202e" not in kept
    assert "\x00" not in kept
    assert len(kept) == 300


def test_a_reported_error_time_outside_the_calendar_is_the_request_time(hub: Hub) -> None:
    """Found by a stranger: 0001-01-01T00:00:00+14:00 has no UTC form, and was a 500."""
    token = hub.kiosk_token()
    for when in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:30:00-01:00", "1900-01-01T00:00Z"):
        answer = httpx.get(
            f"{hub.url}/api/v1/kiosk/config",
            headers={
                "Authorization": f"Bearer {token}",
                "Kiosk-Last-Error": "hub%20down",
                "Kiosk-Last-Error-At": when,
            },
        )
        assert answer.status_code == 200, (when, answer.text)
    with hub.db.sessions() as session:
        kept = [row.last_error_at for row in session.query(Kiosk).all() if row.last_error_at]
    assert len(kept) == 1
    assert kept[0].year >= 2026
