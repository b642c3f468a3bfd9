"""Referrals with an address and opening hours: typed on the hub's Locations page, checked,
shown again on the page as typed, served by `GET /api/v1/kiosk/config`, and read by a kiosk
that syncs into its `LocationConfig`."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain.location import LocationConfig, Referral
from kiosk.hub.errors import HubError
from kiosk.hub.locations import parse_referrals, update_location
from kiosk.hub.staff.accounts import add_user
from kiosk.paths import resolve_paths
from kiosk.store import RecordStore, open_database
from kiosk.sync.enrollment import enroll
from kiosk.sync.location_config import last_good_config
from kiosk.sync.service import SyncService
from tests.hub.conftest import LiveHub
from tests.hub.staff.test_web import PASSWORD, csrf_of, login, new_client

TYPED = (
    "social_services: Social services (OCMW) | Kerkstraat 12, 9000 Gent | Mon-Fri 9:00-12:00\n"
    "tax_office: Tax office | Zuidstraat 1, 9000 Gent\n"
    "legal_aid: Legal aid desk |  | Tuesday 14:00-16:00\n"
    "library_course\n"
)


def test_referrals_with_address_go_from_the_page_to_the_kiosk(
    sqlite_hub: LiveHub, kiosk_home: Path
) -> None:
    add_user(sqlite_hub.db, "boss@example.org", "admin", PASSWORD)
    with new_client(sqlite_hub) as client:
        login(sqlite_hub, client, "boss@example.org", PASSWORD)
        token = csrf_of(client.get("/locations").text)
        saved = client.post(
            f"/locations/{sqlite_hub.location_id}",
            data={
                "csrf_token": token,
                "idle_timeout": "180",
                "allowed_sites": "",
                "referrals": TYPED,
            },
        )
        assert saved.status_code == 303, saved.text
        page = client.get("/locations").text
    # the page shows the list as it was typed, so saving it again changes nothing
    assert "Kerkstraat 12, 9000 Gent | Mon-Fri 9:00-12:00" in page
    assert "legal_aid: Legal aid desk |  | Tuesday 14:00-16:00" in page
    assert "library_course: library_course\n" in page

    # the config endpoint, as a kiosk gets it
    kiosk_token = sqlite_hub.enroll()
    config = sqlite_hub.client.get(
        "/api/v1/kiosk/config", headers={"Authorization": f"Bearer {kiosk_token}"}
    ).json()
    assert config["referrals"][0] == {
        "id": "social_services",
        "label": "Social services (OCMW)",
        "address": "Kerkstraat 12, 9000 Gent",
        "hours": "Mon-Fri 9:00-12:00",
    }
    assert config["referrals"][3] == {
        "id": "library_course",
        "label": "library_course",
        "address": None,
        "hours": None,
    }

    # a real kiosk store, enrolled and synced
    database = resolve_paths().database
    enroll(database, sqlite_hub.url, sqlite_hub.code(), name="kiosk")
    db = open_database(database)
    try:
        store = RecordStore(db)
        assert SyncService(store).sync_once().config_ok
        location = LocationConfig.from_config(last_good_config(store))
    finally:
        db.close()
    assert location.referrals == (
        Referral(
            "social_services",
            "Social services (OCMW)",
            "Kerkstraat 12, 9000 Gent",
            "Mon-Fri 9:00-12:00",
        ),
        Referral("tax_office", "Tax office", "Zuidstraat 1, 9000 Gent", None),
        Referral("legal_aid", "Legal aid desk", None, "Tuesday 14:00-16:00"),
        Referral("library_course", "library_course", None, None),
    )
    assert location.referral("tax_office") == location.referrals[1]
    assert location.referral("housing") is None
    assert location.referral_label("housing") == "housing"


@pytest.mark.parametrize(
    ("referral", "message"),
    [
        ({"id": "x y", "label": "X"}, "may only use letters"),
        ({"id": "far", "label": "Far", "address": "a" * 201}, "address of referral 'far'"),
        ({"id": "late", "label": "Late", "hours": "h" * 121}, "hours of referral 'late'"),
        ({"id": "long", "label": "L" * 121}, "label of referral 'long'"),
        ({"id": "odd", "label": "Odd", "phone": "123"}, "unknown fields: phone"),
    ],
)
def test_bad_referrals_are_refused_with_a_reason(
    sqlite_hub: LiveHub, referral: dict[str, str], message: str
) -> None:
    with pytest.raises(HubError, match=message):
        update_location(
            sqlite_hub.db,
            sqlite_hub.location_id,
            idle_timeout=180,
            allowed_sites=[],
            referrals=[referral],
        )


def test_a_long_label_typed_on_the_page_is_cut_and_a_long_address_refused(
    sqlite_hub: LiveHub,
) -> None:
    parsed = parse_referrals(f"a: {'L' * 150} | {'b' * 201}")
    assert parsed == [{"id": "a", "label": "L" * 120, "address": "b" * 201}]
    with pytest.raises(HubError, match="longer than 200 characters"):
        update_location(
            sqlite_hub.db,
            sqlite_hub.location_id,
            idle_timeout=180,
            allowed_sites=[],
            referrals=parsed,
        )


def test_a_kiosk_reads_referrals_leniently() -> None:
    config = LocationConfig.from_config(
        {
            "referrals": [
                {"id": "a", "label": "A", "address": "  Kerkstraat\n 12 ", "hours": 9, "x": 1},
                {"id": "b", "address": None, "hours": ""},
                {"label": "no id"},
                "not an object",
            ]
        }
    )
    assert config.referrals == (Referral("a", "A", "Kerkstraat 12", None), Referral("b", "b"))
