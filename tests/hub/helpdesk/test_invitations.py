"""Who may choose a PIN (#21), on the hub: the coordinator sets the location admin PIN and makes
volunteers' invitation codes on the Volunteers page and with `kiosk hub`; codes are shown once,
valid 7 days, used once; every PIN and invitation event is audited, never with a PIN or code."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import select

from kiosk.clock import utc_now
from kiosk.domain import invitations as codes
from kiosk.domain import pins
from kiosk.hub.audit import ACTIONS
from kiosk.hub.db.engine import open_hub_db
from kiosk.hub.db.models import AuditEntry, Location
from kiosk.hub.helpdesk import invitations, volunteers
from kiosk.hub.helpdesk.models import Volunteer
from kiosk.hub.locations import add_location
from kiosk.hub.settings import sqlite_url
from tests.hub.conftest import LiveHub
from tests.hub.helpdesk.conftest import PIN_HASH, new_client
from tests.hub.helpdesk.test_cli_hub import kiosk
from tests.hub.helpdesk.test_volunteers import _csrf, _login, config, upload


def _audit(live: LiveHub) -> list[tuple[str, str | None, str | None]]:
    with live.db.sessions() as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.target, AuditEntry.details_json).order_by(
                AuditEntry.id
            )
        ).all()
    return [(action, target, details) for action, target, details in rows]


def test_the_coordinator_sets_the_admin_pin_on_the_volunteers_page(sqlite_hub: LiveHub) -> None:
    token = sqlite_hub.enroll()
    assert config(sqlite_hub, token)["admin_pin_hash"] is None
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "coordinator")
        page = client.get("/volunteers")
        assert "not set up yet" in page.text
        form = {"csrf_token": _csrf(page.text), "location": sqlite_hub.location_id}
        differ = client.post(
            "/volunteers/admin-pin", data={**form, "pin": "583920", "pin_again": "583921"}
        )
        assert differ.status_code == 400
        easy = client.post(
            "/volunteers/admin-pin", data={**form, "pin": "123456", "pin_again": "123456"}
        )
        assert easy.status_code == 400
        assert "too easy" in easy.text
        elsewhere = add_location(sqlite_hub.db, "Hulppunt Elders")  # not in their scope
        outside = client.post(
            "/volunteers/admin-pin",
            data={**form, "location": elsewhere, "pin": "583920", "pin_again": "583920"},
        )
        assert outside.status_code == 404
        good = client.post(
            "/volunteers/admin-pin", data={**form, "pin": "583920", "pin_again": "583920"}
        )
        assert good.status_code == 303
        assert "not set up yet" not in client.get("/volunteers").text.split('id="admin-pins"')[1]
    sent = config(sqlite_hub, token)["admin_pin_hash"]
    assert isinstance(sent, str)
    assert pins.verify_pin("583920", sent)
    with sqlite_hub.db.sessions() as session:
        rows = session.execute(select(Location.admin_pin_hash)).all()
    assert "583920" not in str(rows)
    actions = _audit(sqlite_hub)
    assert ("location.admin_pin_set", f"location:{sqlite_hub.location_id}", "{}") in actions
    assert "583920" not in str(actions)


def test_staff_cannot_set_the_admin_pin_or_make_codes(sqlite_hub: LiveHub) -> None:
    ann = volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Ann")
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "staff")
        page = client.get("/volunteers")
        form = {"csrf_token": _csrf(page.text), "location": sqlite_hub.location_id}
        pin = {"pin": "583920", "pin_again": "583920"}
        assert client.post("/volunteers/admin-pin", data={**form, **pin}).status_code == 403
        assert client.post(f"/volunteers/{ann}/invite", data=form).status_code == 403
        assert client.post(f"/volunteers/{ann}/reset-pin", data=form).status_code == 403
    assert invitations.admin_pin_set(sqlite_hub.db) == {sqlite_hub.location_id: False}


def test_an_invitation_code_is_shown_once_valid_a_week_and_used_once(sqlite_hub: LiveHub) -> None:
    token = sqlite_hub.enroll()
    ann = volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Ann Peeters")
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "coordinator")
        page = client.get("/volunteers")
        made = client.post(f"/volunteers/{ann}/invite", data={"csrf_token": _csrf(page.text)})
        assert made.status_code == 200
        assert made.headers["cache-control"] == "no-store"
        match = re.search(r'id="invitation-code">(\d{4} \d{4} \d{4})<', made.text)
        assert match, made.text[:500]
        shown = match.group(1)
        assert "Ann Peeters" in made.text
        listed = client.get("/volunteers").text
        assert shown not in listed  # shown once, on the POST's own answer
        assert "invited until" in listed
    code = shown.replace(" ", "")
    [entry] = config(sqlite_hub, token)["volunteers"]  # type: ignore[misc]
    assert codes.code_matches(shown, str(entry["invitation_hash"]))
    assert entry["invitation_expires"] is not None

    assert upload(sqlite_hub, token, ann, PIN_HASH, "111122223333").status_code == 409
    assert upload(sqlite_hub, token, ann, PIN_HASH, code).status_code == 204
    again = upload(sqlite_hub, token, ann, PIN_HASH, code)
    assert again.json()["reason"] == "pin_already_set"

    # a code older than 7 days is refused, and not sent to the kiosks
    bob = volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Bob")
    old = invitations.invite(sqlite_hub.db, bob, now=utc_now() - timedelta(days=7, minutes=1))
    entries = {v["id"]: v for v in config(sqlite_hub, token)["volunteers"]}  # type: ignore[union-attr]
    assert entries[bob]["invitation_hash"] is None
    expired = upload(sqlite_hub, token, bob, PIN_HASH, old.code)
    assert expired.json()["reason"] == "invitation_refused"

    actions = [action for action, _target, _details in _audit(sqlite_hub)]
    assert actions.count("volunteer.invited") == 2
    assert actions.count("volunteer.pin_set") == 1
    assert actions.count("volunteer.pin_refused") == 2
    assert code not in str(_audit(sqlite_hub))
    assert {"volunteer.invited", "volunteer.pin_refused", "location.admin_pin_set"} <= set(ACTIONS)


def test_a_kiosk_that_guesses_codes_waits(sqlite_hub: LiveHub) -> None:
    token = sqlite_hub.enroll()
    ann = volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Ann")
    made = invitations.invite(sqlite_hub.db, ann)
    for n in range(10):
        assert upload(sqlite_hub, token, ann, PIN_HASH, f"{n:012d}").status_code == 409
    waiting = upload(sqlite_hub, token, ann, PIN_HASH, made.code)
    assert waiting.status_code == 429
    assert int(waiting.headers["retry-after"]) > 0


def test_an_older_kiosk_gets_an_answer_it_survives(sqlite_hub: LiveHub) -> None:
    """A kiosk of before #21 uploads a hash without a code: a 409 with a reason it does not
    know, which it logs and retries later; nothing is stored."""
    token = sqlite_hub.enroll()
    ann = volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Ann")
    invitations.invite(sqlite_hub.db, ann)
    answer = httpx.post(
        f"{sqlite_hub.url}/api/v1/volunteers/{ann}/pin",
        json={"pin_hash": PIN_HASH},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 409
    assert answer.json()["reason"] == "invitation_required"
    with sqlite_hub.db.sessions() as session:
        assert session.get_one(Volunteer, ann).pin_hash is None


def test_the_cli_sets_the_admin_pin_and_makes_codes(kiosk_cmd: list[str], tmp_path: Path) -> None:
    db_url = sqlite_url(tmp_path / "hub.sqlite3")
    assert kiosk(kiosk_cmd, "add-location", "Bibliotheek Zuid", "--db", db_url).returncode == 0
    ann = kiosk(kiosk_cmd, "add-volunteer", "--location", "Bibliotheek Zuid", "Ann", "--db", db_url)
    volunteer_id = ann.stdout.strip()
    pin_file = tmp_path / "pin"
    pin_file.write_text("583920\n", encoding="utf-8")
    admin = kiosk(
        kiosk_cmd, "set-admin-pin", "--location", "Bibliotheek Zuid", "--pin-file", str(pin_file),
        "--db", db_url,
    )  # fmt: skip
    assert admin.returncode == 0, admin.stderr
    assert "583920" not in admin.stdout + admin.stderr
    pin_file.write_text("111111\n", encoding="utf-8")
    easy = kiosk(
        kiosk_cmd, "set-admin-pin", "--location", "Bibliotheek Zuid", "--pin-file", str(pin_file),
        "--db", db_url,
    )  # fmt: skip
    assert easy.returncode == 1
    assert "too easy" in easy.stderr
    invited = kiosk(kiosk_cmd, "invite-volunteer", volunteer_id, "--db", db_url)
    assert invited.returncode == 0, invited.stderr
    assert re.fullmatch(r"\d{4} \d{4} \d{4}\n", invited.stdout)
    assert "valid until" in invited.stderr
    reset = kiosk(kiosk_cmd, "reset-pin", volunteer_id, "--db", db_url)
    assert reset.returncode == 0, reset.stderr
    assert reset.stdout != invited.stdout
    db = open_hub_db(db_url)
    try:
        with db.sessions() as session:
            row = session.get_one(Volunteer, volunteer_id)
            location = session.scalars(select(Location)).one()
            actions = session.scalars(select(AuditEntry.action)).all()
        assert codes.code_matches(reset.stdout.strip(), str(row.invitation_hash))
        assert not codes.code_matches(invited.stdout.strip(), str(row.invitation_hash))
        assert pins.verify_pin("583920", str(location.admin_pin_hash))
        assert {"location.admin_pin_set", "volunteer.invited", "volunteer.pin_reset"} <= set(
            actions
        )
    finally:
        db.close()


def test_kiosk_enroll_sets_the_admin_pin_of_a_kiosk_without_a_hub(
    kiosk_cmd: list[str], tmp_path: Path
) -> None:
    from kiosk.paths import home_paths
    from kiosk.services.helpdesk import ADMIN, check_pin
    from kiosk.store import RecordStore, open_database

    home = tmp_path / "kiosk-home"
    pin_file = tmp_path / "admin-pin"
    pin_file.write_text("583920\n", encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*kiosk_cmd, "--home", str(home), "enroll", *args],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    nothing = run()
    assert nothing.returncode == 1
    assert "--admin-pin-file" in nothing.stderr
    missing = run("--admin-pin-file", str(tmp_path / "no-such-file"))
    assert missing.returncode == 1
    assert "cannot read the PIN file" in missing.stderr
    done = run("--admin-pin-file", str(pin_file))
    assert done.returncode == 0, done.stderr
    assert "admin PIN is set" in done.stdout
    db = open_database(home_paths(home).database)
    try:
        store = RecordStore(db)
        assert check_pin(store, ADMIN, "583920", utc_now()).ok
        assert "583920" not in str(store.get_state("admin_pin"))
    finally:
        db.close()
