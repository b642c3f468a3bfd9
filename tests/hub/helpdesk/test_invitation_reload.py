"""Reloading the page with an invitation code does not silently make another code (#21,
stranger finding 3): the invite and reset forms carry the volunteer's state they were made
with, and a re-posted form is answered 409 with the reason, the code just shown still valid."""

from __future__ import annotations

import re

from sqlalchemy import select

from kiosk.domain import invitations as codes
from kiosk.hub.db.models import AuditEntry
from kiosk.hub.helpdesk import volunteers
from tests.hub.conftest import LiveHub
from tests.hub.helpdesk.conftest import PIN_HASH, new_client
from tests.hub.helpdesk.test_volunteers import _login, config, upload


def _form(page: str, action: str) -> dict[str, str]:
    form = re.search(rf'action="{re.escape(action)}".*?</form>', page, re.S)
    assert form, page[:300]
    return dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', form.group(0)))


def _invited(live: LiveHub) -> int:
    with live.db.sessions() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    return actions.count("volunteer.invited")


def test_a_reposted_invite_or_reset_makes_no_new_code(sqlite_hub: LiveHub) -> None:
    token = sqlite_hub.enroll()
    ann = volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Ann Peeters")
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "coordinator")
        form = _form(client.get("/volunteers").text, f"/volunteers/{ann}/invite")
        assert "csrf_token" in form
        assert "replaces" in form
        made = client.post(f"/volunteers/{ann}/invite", data=form)
        assert made.status_code == 200
        shown = re.search(r'id="invitation-code">([\d ]+)<', made.text).group(1)  # type: ignore[union-attr]
        again = client.post(f"/volunteers/{ann}/invite", data=form)  # the browser's reload
        assert again.status_code == 409
        assert "a moment ago" in again.text
        assert shown not in again.text
        assert _invited(sqlite_hub) == 1
        [entry] = config(sqlite_hub, token)["volunteers"]  # type: ignore[misc]
        assert codes.code_matches(shown, str(entry["invitation_hash"]))  # still the one shown
        # the page's button, pressed again on purpose, does replace it
        form = _form(client.get("/volunteers").text, f"/volunteers/{ann}/invite")
        replaced = client.post(f"/volunteers/{ann}/invite", data=form)
        assert replaced.status_code == 200
        assert _invited(sqlite_hub) == 2
        [entry] = config(sqlite_hub, token)["volunteers"]  # type: ignore[misc]
        assert not codes.code_matches(shown, str(entry["invitation_hash"]))

        # the same for a reset
        code = re.search(r'id="invitation-code">([\d ]+)<', replaced.text).group(1)  # type: ignore[union-attr]
        assert upload(sqlite_hub, token, ann, PIN_HASH, code.replace(" ", "")).status_code == 204
        form = _form(client.get("/volunteers").text, f"/volunteers/{ann}/reset-pin")
        assert client.post(f"/volunteers/{ann}/reset-pin", data=form).status_code == 200
        assert client.post(f"/volunteers/{ann}/reset-pin", data=form).status_code == 409
        assert _invited(sqlite_hub) == 3
