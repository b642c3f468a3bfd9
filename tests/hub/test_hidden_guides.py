"""Guides hidden per location (#23, what was seen: "shipped guides cannot be retired or hidden
from the hub"): a hub setting per location, changed with `kiosk hub set-location --hide-guide`,
audited, sent in the kiosk config; the kiosk leaves those tiles out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.cli import main
from kiosk.domain.location import LocationConfig
from kiosk.hub.db.models import AuditEntry
from kiosk.hub.errors import HubError
from kiosk.hub.locations import set_hidden_guides
from kiosk.ui.screens.home import TileData
from kiosk.ui.tiles import visible_tiles
from tests.hub.conftest import LiveHub


def test_a_location_hides_a_shipped_guide_from_its_kiosks(
    sqlite_hub: LiveHub, capsys: pytest.CaptureFixture[str]
) -> None:
    token = sqlite_hub.enroll()
    headers = {"Authorization": f"Bearer {token}"}
    assert (
        sqlite_hub.client.get("/api/v1/kiosk/config", headers=headers).json()["hidden_guides"] == []
    )

    db_url = str(sqlite_hub.db.engine.url)
    code = main(
        [
            "hub",
            "set-location",
            sqlite_hub.location_id,
            "--db",
            db_url,
            "--hide-guide",
            "doctor-appointment",
            "--hide-guide",
            "read-qr-code",
        ]
    )
    assert code == 0
    assert "hidden guides doctor-appointment, read-qr-code" in capsys.readouterr().out

    config = sqlite_hub.client.get("/api/v1/kiosk/config", headers=headers).json()
    assert config["hidden_guides"] == ["doctor-appointment", "read-qr-code"]
    location = LocationConfig.from_config(config)
    assert location.hidden_guides == ("doctor-appointment", "read-qr-code")
    tiles = [
        TileData(guide_id=g, category="x", titles={"en": g}, summaries={}, fallback_language="en")
        for g in ("meter-reading", "doctor-appointment", "read-qr-code")
    ]
    assert [t.guide_id for t in visible_tiles(tiles, location.hidden_guides)] == ["meter-reading"]

    assert set_hidden_guides(sqlite_hub.db, sqlite_hub.location_id, show=["read-qr-code"]) == [
        "doctor-appointment"
    ]
    with sqlite_hub.db.sessions() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "location.guides_hidden")
        ).all()
    assert len(actions) == 2


def test_a_bad_guide_id_says_what_a_guide_id_is(sqlite_hub: LiveHub) -> None:
    with pytest.raises(HubError, match="is not a guide id"):
        set_hidden_guides(sqlite_hub.db, sqlite_hub.location_id, hide=["Meter Reading!"])


def test_an_older_hubs_config_hides_nothing() -> None:
    assert LocationConfig.from_config({"location": "x"}).hidden_guides == ()


def test_a_misspelt_guide_id_is_named_with_the_known_ones(
    sqlite_hub: LiveHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """Stranger, round 6: `--hide-guide meter-readng` was accepted silently; it hid nothing."""
    db_url = str(sqlite_hub.db.engine.url)
    args = ["hub", "set-location", sqlite_hub.location_id, "--db", db_url]
    assert main([*args, "--hide-guide", "meter-readng"]) == 0
    err = capsys.readouterr().err
    assert "warning: no guide 'meter-readng'" in err
    assert "did you mean meter-reading?" in err
    for shipped in ("meter-reading", "read-qr-code", "doctor-appointment"):
        assert shipped in err.split("Guides this hub knows:")[1]

    assert main([*args, "--hide-guide", "meter-reading"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_kiosk_status_lists_the_guides_hidden_at_its_location(
    kiosk_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Stranger, round 6: `kiosk status` did not say which guides the hub hides here."""
    from kiosk.paths import home_paths
    from kiosk.store import RecordStore, open_database
    from kiosk.sync.location_config import STATE_KEY

    database = open_database(home_paths(kiosk_home).database)
    config = {"location": "Bib", "hidden_guides": ["read-qr-code"]}
    RecordStore(database).set_state(STATE_KEY, {"config": config})
    database.close()

    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hidden_guides"] == ["read-qr-code"]
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "Hidden at this location (hub setting): read-qr-code" in out
    assert "read-qr-code (v" in out
    line = next(x for x in out.splitlines() if "read-qr-code (v" in x)
    assert "hidden at this location" in line
