"""Guides hidden per location (#23, what was seen: "shipped guides cannot be retired or hidden
from the hub"): a hub setting per location, changed with `kiosk hub set-location --hide-guide`,
audited, sent in the kiosk config; the kiosk leaves those tiles out."""

from __future__ import annotations

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
