"""`kiosk hub` commands of a shared hub (issue #18): organisations, a location's time zone,
address and phone, users with a scope, and exports narrowed to an organisation or location."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.hub.db.engine import open_hub_db
from kiosk.hub.locations import find_location
from kiosk.hub.organisations import find_organisation, grants_of
from kiosk.hub.settings import sqlite_url
from tests.hub.staff.region_world import build_world


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_organisations_locations_and_users(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path / "hub.sqlite3")
    db = ("--db", url)
    assert run(capsys, "hub", "add-organisation", "Bibliotheek Gent", *db)[0] == 0
    code, out, err = run(
        capsys,
        "hub",
        "add-location",
        "Gent Centrum",
        "--organisation",
        "bibliotheek gent",
        "--timezone",
        "Europe/Brussels",
        *db,
    )
    assert code == 0, err
    code, out, err = run(
        capsys,
        "hub",
        "set-location",
        "Gent Centrum",
        "--timezone",
        "Europe/Amsterdam",
        "--address",
        "Kouter 1, 9000 Gent",
        "--phone",
        "+32 9 123 45 67",
        *db,
    )
    assert code == 0, err
    assert "Europe/Amsterdam" in out
    assert "Kouter 1, 9000 Gent" in out
    bad = run(capsys, "hub", "set-location", "Gent Centrum", "--timezone", "Mars/Base", *db)
    assert bad[0] == 1
    assert "unknown time zone 'Mars/Base'" in bad[2]
    password = tmp_path / "pw"
    password.write_text("a long password\n")
    code, out, err = run(
        capsys,
        "hub",
        "add-user",
        "ann@gent.example",
        "--role",
        "coordinator",
        "--organisation",
        "Bibliotheek Gent",
        "--password-file",
        str(password),
        *db,
    )
    assert code == 0, err
    nobody = run(
        capsys,
        "hub",
        "add-user",
        "bob@gent.example",
        "--role",
        "staff",
        "--password-file",
        str(password),
        *db,
    )
    assert "sees nothing" in nobody[2]
    hub = open_hub_db(url)
    try:
        location = find_location(hub, "Gent Centrum")
        assert location.timezone == "Europe/Amsterdam"
        assert location.phone == "+32 9 123 45 67"
        organisation = find_organisation(hub, "Bibliotheek Gent")
        assert location.organisation_id == organisation.id
        assert grants_of(hub, 1).organisations == (organisation.id,)
    finally:
        hub.close()


def test_export_takes_an_organisation_and_holds_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path / "hub.sqlite3")
    hub = open_hub_db(url)
    try:
        world = build_world(hub)
    finally:
        hub.close()
    zircon = world.places["Zircon"]
    code, out, err = run(
        capsys, "hub", "export", "--format", "csv", "--organisation", "Alpha Libraries", "--db", url
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["location"] for row in rows} == {"Xenon Library", "Yarrow Library"}
    assert all(word not in out for word in zircon.words)
    code, out, err = run(
        capsys,
        "hub",
        "export",
        "--format",
        "ido",
        "--from",
        str(world.quarter[0]),
        "--to",
        str(world.quarter[1]),
        "--organisation",
        "Bravo City",
        "--db",
        url,
    )
    assert code == 0, err
    assert json.loads(out)["sessions"] == zircon.sessions
    refused = run(
        capsys,
        "hub",
        "export",
        "--format",
        "csv",
        "--organisation",
        "Bravo City",
        "--location",
        "Xenon Library",
        "--db",
        url,
    )
    assert refused[0] == 1
    assert "is not a location of Bravo City" in refused[2]
