"""The name rule on every name the hub stores (#17): a kiosk name at enrollment, a booking's first
name, a location, a volunteer, a service, a referral's label, address and hours, a user's e-mail.

Refusals are a 422 with a plain message (API), the form again with the message (staff pages) or
one line and exit 1 (CLI). NUL is the case PostgreSQL cannot store, so these run on both
databases (the `hub` fixture). Nothing refused is stored.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import func, select

from kiosk.hub.db.models import Kiosk, Location
from kiosk.hub.errors import HubError
from kiosk.hub.helpdesk import openings, volunteers
from kiosk.hub.helpdesk.models import Service, Volunteer
from kiosk.hub.locations import add_location, update_location
from kiosk.hub.staff.accounts import add_user
from tests.hub.conftest import LiveHub
from tests.hub.helpdesk.conftest import make_desk, new_client
from tests.hub.helpdesk.test_volunteers import _csrf, _login
from tests.hub.test_cli import kiosk

#: What the review sent: a right-to-left override, NUL, a C1 control (NEL), and too long.
HOSTILE = {
    "rlo": ("Kiosk \u202etxt.exe", "direction"),
    "nul": ("Bib\x00Zuid", "printable"),
    "c1": ("Bib\x9bZuid", "printable"),  # CSI; NEL (U+0085) is white space, folded
    "long": ("x" * 121, "at most 120"),
}


def _count(live: LiveHub, model: type[object]) -> int:
    with live.db.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _msgs(response: httpx.Response) -> str:
    return " ".join(error["msg"] for error in response.json()["detail"])


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_kiosk_name_at_enrollment_is_a_422(hub: LiveHub, case: str) -> None:
    name, why = HOSTILE[case]
    before = _count(hub, Kiosk)
    response = hub.client.post("/api/v1/enroll", json={"code": hub.code(), "name": name})
    assert response.status_code == 422, response.text
    assert why in _msgs(response)
    assert _count(hub, Kiosk) == before
    ok = hub.client.post("/api/v1/enroll", json={"code": hub.code(), "name": " Balie  1 "})
    assert ok.status_code == 201


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_booking_first_name_is_a_422(hub: LiveHub, case: str) -> None:
    name, why = HOSTILE[case]
    if case == "long":
        name, why = "x" * 61, "at most 60"
    desk = make_desk(hub)
    slot = desk.slots()[0]["id"]
    response = desk.book(slot, first_name=name)
    assert response.status_code == 422, response.text
    assert why in _msgs(response)
    assert desk.book(slot, first_name="Anna").status_code == 201


def _referral(field: str, value: str) -> Callable[[LiveHub], object]:
    def change(live: LiveHub) -> object:
        referral = {"id": "social_services", "label": "Social services", field: value}
        update_location(
            live.db, live.location_id, idle_timeout=180, allowed_sites=[], referrals=[referral]
        )
        return None

    return change


STORES: dict[str, Callable[[LiveHub, str], object]] = {
    "location": lambda live, name: add_location(live.db, name),
    "volunteer": lambda live, name: volunteers.add_volunteer(live.db, live.location_id, name),
    "service": lambda live, name: openings.add_service(live.db, "help", name, 30),
    "referral label": lambda live, name: _referral("label", name)(live),
    "referral address": lambda live, name: _referral("address", name)(live),
    "referral hours": lambda live, name: _referral("hours", name)(live),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_names_of_the_hubs_services_are_refused(hub: LiveHub, case: str) -> None:
    name, why = HOSTILE[case]
    before = {model: _count(hub, model) for model in (Location, Volunteer, Service)}
    for what, store in STORES.items():
        value = name if what != "referral address" or case != "long" else "a" * 201
        with pytest.raises(HubError) as refused:
            store(hub, value)
        message = str(refused.value)
        assert why in message or "longer than" in message, (what, message)
    assert {model: _count(hub, model) for model in before} == before
    with hub.db.sessions() as session:
        assert session.scalars(select(Location.referrals)).all() == [[]]
    # the same names without the hostile part are fine, normalised
    add_location(hub.db, "  Bib   Zuid ")
    volunteers.add_volunteer(hub.db, hub.location_id, "Ann\u200dPeeters")
    openings.add_service(hub.db, "help", "Digitale hulp", 30)


@pytest.mark.parametrize("email", ["a\u202e@b.c", "a\x00@b.c", "a\x9b@b.c", "a@" + "b" * 253])
def test_hostile_user_emails_are_refused(hub: LiveHub, email: str) -> None:
    with pytest.raises(HubError, match="e-mail"):
        add_user(hub.db, email, "staff", "a long password")


@pytest.mark.parametrize(
    ("page", "path", "fields"),
    [
        ("/locations", "/locations", {}),
        ("/volunteers", "/volunteers", {"role": "volunteer"}),
        ("/appointments", "/appointments/services", {"id": "help", "minutes": "30"}),
    ],
)
def test_staff_forms_show_a_refused_name_again_with_the_reason(
    sqlite_hub: LiveHub, page: str, path: str, fields: dict[str, str]
) -> None:
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "admin")
        data = {
            "csrf_token": _csrf(client.get(page).text),
            "location": sqlite_hub.location_id,
            "name": "Balie\u202e1",
            **fields,
        }
        response = client.post(path, data=data)
    assert response.status_code == 400
    assert "change the direction of the text" in response.text
    assert "\u202e" not in response.text


@pytest.mark.parametrize("name", ["Bib\u202eZuid", "Bib\x9bZuid", "B" * 121])
def test_the_cli_refuses_a_hostile_location_name_in_one_line(
    kiosk_cmd: list[str], name: str
) -> None:
    result = kiosk(kiosk_cmd, "hub", "add-location", name)
    assert result.returncode == 1
    assert result.stderr.startswith("kiosk: a location name may ")
    assert len(result.stderr.strip().splitlines()) == 1
