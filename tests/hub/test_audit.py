"""The audit log (issue #18): what is recorded, what is never stored, the admin page and its
CSV, append-only, the retention purge; and logins checked off the event loop."""

from __future__ import annotations

import csv
import io
import re
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.clock import utc_now
from kiosk.hub import audit as audit_module
from kiosk.hub.audit import CLI, SYSTEM, audit, purge_audit
from kiosk.hub.db.models import AuditEntry
from kiosk.hub.kiosks.fleet import revoke_kiosk
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff import accounts, passwords
from kiosk.hub.staff.login import backoff_seconds
from tests.hub.conftest import LiveHub
from tests.hub.staff.test_web import PASSWORD, csrf_of, login, new_client

ROOT = Path(__file__).resolve().parents[2]
ADMIN = "boss@example.org"


def all_entries(hub: LiveHub) -> list[AuditEntry]:
    with hub.db.sessions() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def as_text(entry: AuditEntry) -> str:
    return " ".join(str(getattr(entry, column)) for column in AuditEntry.__table__.columns.keys())  # noqa: SIM118


def test_logins_and_failures_are_recorded_without_typed_text_or_addresses(
    sqlite_hub: LiveHub,
) -> None:
    user_id = accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    with new_client(sqlite_hub) as client:
        login(sqlite_hub, client, "nobody-real@example.org", "typed secret 1")
        login(sqlite_hub, client, ADMIN, "typed secret 2")
        login(sqlite_hub, client, ADMIN, PASSWORD)
    entries = all_entries(sqlite_hub)
    logins = [e for e in entries if e.action.startswith("login.")]
    assert [(e.action, e.actor_kind, e.actor_user_id) for e in logins] == [
        ("login.failed", "unknown", None),
        ("login.failed", "user", user_id),
        ("login.ok", "user", user_id),
    ]
    assert logins[0].actor_ref is not None
    assert re.fullmatch(r"[0-9a-f]{32}", logins[0].actor_ref)
    everything = " ".join(as_text(e) for e in entries)
    for secret in ("nobody-real", "typed secret", "127.0.0.1", PASSWORD):
        assert secret not in everything
    assert all(e.client and e.client.startswith("addr:") for e in logins)


def test_changes_are_recorded_with_their_actor(hub: LiveHub) -> None:
    """On SQLite and PostgreSQL."""
    accounts.add_user(hub.db, ADMIN, "admin", PASSWORD)
    token = hub.enroll()
    kiosk_id = hub.client.get(
        "/api/v1/kiosk/config", headers={"Authorization": f"Bearer {token}"}
    ).json()["kiosk_id"]
    with new_client(hub) as client:
        login(hub, client, ADMIN, PASSWORD)
        client.post(
            f"/kiosks/{kiosk_id}/revoke", data={"csrf_token": csrf_of(client.get("/kiosks").text)}
        )
        export = client.get(
            "/exports/csv",
            params={"from": "2025-01-01", "to": "2025-01-31", "location": hub.location_id},
        )
        assert export.status_code == 200
    revoke_kiosk(hub.db, kiosk_id)  # already revoked: nothing new
    entries = {e.action: e for e in all_entries(hub)}
    assert entries["enroll_code.created"].actor_kind == "cli"
    assert entries["kiosk.enrolled"].actor_kind == "kiosk"
    assert entries["kiosk.revoked"].actor_kind == "user"
    assert entries["kiosk.revoked"].target == f"kiosk:{kiosk_id}"
    assert '"from": "2025-01-01"' in entries["export"].details_json
    assert entries["export"].location_id == hub.location_id
    assert entries["user.added"].actor_kind == "cli"


def test_the_audit_page_filters_and_exports_csv(sqlite_hub: LiveHub) -> None:
    accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    accounts.add_user(sqlite_hub.db, "ivy@example.org", "staff", PASSWORD)
    accounts.disable_user(sqlite_hub.db, "ivy@example.org")
    with new_client(sqlite_hub) as client:
        login(sqlite_hub, client, ADMIN, PASSWORD)
        page = client.get("/audit", params={"action": "user.disabled"})
        assert page.status_code == 200
        assert page.text.count('data-action="user.disabled"') == 1
        assert 'data-action="user.added"' not in page.text
        by_cli = client.get("/audit", params={"actor": "cli"}).text
        # the fixture's location (added by the CLI's functions), two users added, one disabled
        assert by_cli.count(">cli</td>") == 4
        assert client.get("/audit", params={"from": "2025-02-30"}).status_code == 400
        # A period (found by a stranger: any From or To date was a 500).
        today = utc_now().date().isoformat()
        period = client.get("/audit", params={"from": today, "to": today, "actor": "cli"})
        assert period.status_code == 200
        assert period.text.count(">cli</td>") == 4
        for far in ({"from": "0001-01-01"}, {"to": "9999-12-31"}):
            assert client.get("/audit", params=far).status_code == 400
            assert client.get("/audit.csv", params=far).status_code == 400
        assert client.get("/audit.csv", params={"from": today}).status_code == 200
        download = client.get("/audit.csv", params={"actor": "cli"})
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [row["action"] for row in rows] == [
        "location.added",
        "user.added",
        "user.added",
        "user.disabled",
    ]
    assert all(row["actor"] == "cli" for row in rows)
    assert all_entries(sqlite_hub)[-1].action == "audit.exported"


def test_the_retention_purge_is_the_only_delete_and_records_itself(sqlite_hub: LiveHub) -> None:
    now = utc_now()
    audit(sqlite_hub.db, "logout", CLI, at=now - timedelta(days=800))
    audit(sqlite_hub.db, "logout", CLI, at=now - timedelta(days=10))
    assert purge_audit(sqlite_hub.db, 24, now, SYSTEM) == 1
    entries = all_entries(sqlite_hub)
    # the fixture's location.added is recent too, so it stays
    assert [e.action for e in entries] == ["location.added", "logout", "audit.purged"]
    assert '"deleted": 1' in entries[-1].details_json
    assert entries[-1].actor_kind == "system"


def test_no_module_but_the_audit_module_touches_the_table() -> None:
    """Append-only: only kiosk/hub/audit.py (and the model) names AuditEntry, and its only
    delete is the retention purge; there is no update at all."""
    users = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "kiosk").rglob("*.py")
        if "AuditEntry" in path.read_text(encoding="utf-8")
    )
    assert users == ["kiosk/hub/audit.py", "kiosk/hub/db/models.py"]
    source = (ROOT / "kiosk/hub/audit.py").read_text(encoding="utf-8")
    assert "update(" not in source
    assert source.count("delete(AuditEntry)") == 1
    assert source.split("delete(AuditEntry)")[0].rsplit("\ndef ", 1)[-1].startswith("purge_audit(")


def test_an_unknown_action_is_a_bug() -> None:
    with pytest.raises(ValueError, match="unknown audit action"):
        audit_module.audit(None, "made.up", CLI)  # type: ignore[arg-type]


def test_login_never_verifies_a_password_on_the_event_loop(
    sqlite_hub: LiveHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    seen: list[str] = []
    real = passwords.verify_password

    def spy(stored: str, password: str) -> bool:
        seen.append(threading.current_thread().name)
        return real(stored, password)

    monkeypatch.setattr(passwords, "verify_password", spy)
    with new_client(sqlite_hub) as client:
        assert login(sqlite_hub, client, ADMIN, "wrong password").status_code == 401
        assert login(sqlite_hub, client, ADMIN, PASSWORD).status_code == 303
        token = client.post("/api/v1/admin/tokens", json={"email": ADMIN, "password": PASSWORD})
        assert token.status_code == 201
    assert len(seen) == 3
    assert all(name.startswith(passwords.POOL_PREFIX) for name in seen), seen


def test_backoff_grows_and_is_capped(tmp_path: Path) -> None:
    settings = HubSettings(db_url="sqlite://", hub_dir=tmp_path)
    waits = [backoff_seconds(n, settings) for n in range(12)]
    assert waits[: settings.login_attempts] == [0.0] * settings.login_attempts
    assert waits[5:10] == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert waits[10:] == [30.0, 30.0]
    assert backoff_seconds(10_000, settings) == 30.0


def test_failed_logins_keep_no_typed_e_mail_in_the_limiter(sqlite_hub: LiveHub) -> None:
    """Found by a stranger: login_attempts kept `email:<typed address>` in plain text."""
    from kiosk.hub.db.models import LoginAttempt

    with new_client(sqlite_hub) as client:
        login(sqlite_hub, client, "ghost.person@gmail.com", "typed secret 3")
    sqlite_hub.client.post(
        "/api/v1/admin/tokens",
        json={"email": "tokenghost@private.example", "password": "typed secret 4"},
    )
    with sqlite_hub.db.sessions() as session:
        keys = list(session.scalars(select(LoginAttempt.key)))
    assert len(keys) >= 2
    assert not [key for key in keys if "ghost" in key or "@" in key]
