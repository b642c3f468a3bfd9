"""Volunteers on the hub: registered per location (CLI function and staff pages), sent to the
location's kiosks with the config, and PIN hashes uploaded by kiosks with the volunteer's
invitation code (204 / 409 / 404)."""

from __future__ import annotations

import re

import httpx
import pytest

from kiosk.hub.errors import HubError
from kiosk.hub.helpdesk import invitations, volunteers
from kiosk.hub.locations import add_location
from kiosk.hub.staff.accounts import add_user
from tests.hub.conftest import LiveHub
from tests.hub.helpdesk.conftest import OTHER_HASH, PIN_HASH, SERVICE, Desk, invite, new_client

PASSWORD = "correct horse battery"


def config(live: LiveHub, token: str) -> dict[str, object]:
    response = live.client.get("/api/v1/kiosk/config", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    decoded: dict[str, object] = response.json()
    return decoded


def upload(
    live: LiveHub, token: str, volunteer_id: str, pin_hash: str, code: str | None = None
) -> httpx.Response:
    body = (
        {"pin_hash": pin_hash} if code is None else {"pin_hash": pin_hash, "invitation_code": code}
    )
    return live.client.post(
        f"/api/v1/volunteers/{volunteer_id}/pin",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )


def test_config_lists_the_locations_volunteers_and_services(desk: Desk) -> None:
    live = desk.hub
    ann = volunteers.add_volunteer(live.db, "Bibliotheek Test", "Ann  Peeters")
    bob = volunteers.add_volunteer(live.db, live.location_id, "Bob", "coordinator")
    elsewhere = add_location(live.db, "Hulppunt Elders")
    volunteers.add_volunteer(live.db, elsewhere, "Carl")

    answer = config(live, desk.token)
    nothing = {"pin_hash": None, "invitation_hash": None, "invitation_expires": None}
    assert answer["volunteers"] == [
        {"id": ann, "name": "Ann Peeters", "role": "volunteer", **nothing},
        {"id": bob, "name": "Bob", "role": "coordinator", **nothing},
    ]
    assert answer["services"] == [{"id": SERVICE, "name": "Digital help", "minutes": 30}]


def test_pin_hash_upload_is_set_once(hub: LiveHub) -> None:
    token = hub.enroll()
    ann = volunteers.add_volunteer(hub.db, hub.location_id, "Ann")

    # without an invitation code, no first PIN (#21: an older kiosk gets a 409 it survives)
    refused = upload(hub, token, ann, PIN_HASH)
    assert refused.status_code == 409
    assert refused.json()["reason"] == "invitation_required"
    code = invite(hub, ann)
    [entry] = config(hub, token)["volunteers"]  # type: ignore[misc]
    assert entry["invitation_hash"] is not None  # the kiosks check the code themselves
    assert code not in str(entry)

    first = upload(hub, token, ann, PIN_HASH, code)
    assert first.status_code == 204
    assert first.content == b""
    [entry] = config(hub, token)["volunteers"]  # type: ignore[misc]
    assert entry["pin_hash"] == PIN_HASH
    assert entry["invitation_hash"] is None  # used up

    second = upload(hub, token, ann, OTHER_HASH, code)
    assert second.status_code == 409
    assert second.json()["reason"] == "pin_already_set"
    assert upload(hub, token, "no-such-volunteer", PIN_HASH, code).status_code == 404

    new_code = invitations.reset_pin(hub.db, ann).code  # a forgotten PIN: a new code
    old = upload(hub, token, ann, OTHER_HASH, code)
    assert old.status_code == 409
    assert old.json()["reason"] == "invitation_refused"
    assert upload(hub, token, ann, OTHER_HASH, new_code).status_code == 204


def test_a_kiosk_cannot_set_the_pin_of_another_locations_volunteer(hub: LiveHub) -> None:
    token = hub.enroll()
    elsewhere = add_location(hub.db, "Hulppunt Elders")
    carl = volunteers.add_volunteer(hub.db, elsewhere, "Carl")
    assert upload(hub, token, carl, PIN_HASH).status_code == 404
    assert all(v.has_pin is False for v in volunteers.volunteers(hub.db))


@pytest.mark.parametrize("bad", ["123456", "scrypt$16384$8$1$short$short", "x" * 300])
def test_only_hashes_are_accepted_never_a_pin(sqlite_hub: LiveHub, bad: str) -> None:
    token = sqlite_hub.enroll()
    ann = volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Ann")
    assert upload(sqlite_hub, token, ann, bad).status_code == 422


def test_bad_volunteer_input_is_a_one_line_error(sqlite_hub: LiveHub) -> None:
    with pytest.raises(HubError, match="role"):
        volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Ann", "boss")
    with pytest.raises(HubError, match="name"):
        volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "  ")
    with pytest.raises(HubError, match="no location"):
        volunteers.add_volunteer(sqlite_hub.db, "Nowhere", "Ann")


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:300]
    return match.group(1)


def _login(live: LiveHub, client: httpx.Client, role: str) -> None:
    email = f"{role}@example.org"
    # A staff user sees the live hub's location (#18: without a scope they would see nothing).
    scope = [] if role in ("admin", "hub_admin") else [live.location_id]
    add_user(live.db, email, role, PASSWORD, locations=scope)
    token = _csrf(client.get("/login").text)
    response = client.post(
        "/login", data={"csrf_token": token, "email": email, "password": PASSWORD, "next": "/"}
    )
    assert response.status_code == 303


def test_staff_pages_add_reset_and_remove_volunteers(sqlite_hub: LiveHub) -> None:
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "admin")
        page = client.get("/volunteers")
        assert page.status_code == 200
        added = client.post(
            "/volunteers",
            data={
                "csrf_token": _csrf(page.text),
                "location": sqlite_hub.location_id,
                "name": "Ann Peeters",
                "role": "coordinator",
            },
        )
        assert added.status_code == 303
        [ann] = volunteers.volunteers(sqlite_hub.db)
        assert (ann.name, ann.role, ann.location) == (
            "Ann Peeters",
            "coordinator",
            "Bibliotheek Test",
        )
        listed = client.get("/volunteers").text
        assert "Ann Peeters" in listed
        assert "not yet" in listed

        token = sqlite_hub.enroll()
        code = invite(sqlite_hub, ann.id)
        assert upload(sqlite_hub, token, ann.id, PIN_HASH, code).status_code == 204
        listed = client.get("/volunteers").text
        assert PIN_HASH not in listed
        assert "Reset PIN" in listed
        reset = client.post(f"/volunteers/{ann.id}/reset-pin", data={"csrf_token": _csrf(listed)})
        assert reset.status_code == 200  # the new invitation code, shown once
        assert "invitation-code" in reset.text
        assert volunteers.volunteers(sqlite_hub.db)[0].has_pin is False

        bad = client.post(
            "/volunteers", data={"csrf_token": _csrf(listed), "name": "", "location": "x"}
        )
        assert bad.status_code == 400
        removed = client.post(f"/volunteers/{ann.id}/remove", data={"csrf_token": _csrf(listed)})
        assert removed.status_code == 303
        assert volunteers.volunteers(sqlite_hub.db) == []


def test_staff_role_sees_but_cannot_change_volunteers(sqlite_hub: LiveHub) -> None:
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "staff")
        page = client.get("/volunteers")
        assert page.status_code == 200
        refused = client.post(
            "/volunteers",
            data={"csrf_token": _csrf(page.text), "location": sqlite_hub.location_id, "name": "X"},
        )
        assert refused.status_code == 403
        assert volunteers.volunteers(sqlite_hub.db) == []
