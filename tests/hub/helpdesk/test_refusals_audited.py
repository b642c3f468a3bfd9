"""The hub's 429s to a kiosk that sent too many wrong codes are in the audit log (#21,
stranger finding 5), with the kind of code and never the code itself."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.hub.db.models import AuditEntry
from kiosk.hub.helpdesk import invitations, volunteers
from tests.hub.conftest import LiveHub
from tests.hub.helpdesk.conftest import PIN_HASH
from tests.hub.helpdesk.test_volunteers import upload


def _refusals(live: LiveHub) -> list[tuple[str | None, str | None]]:
    with live.db.sessions() as session:
        rows = session.execute(
            select(AuditEntry.target, AuditEntry.details_json)
            .where(AuditEntry.action == "kiosk.too_many_codes")
            .order_by(AuditEntry.id)
        ).all()
    return [(target, details) for target, details in rows]


def test_too_many_wrong_codes_from_a_kiosk_are_audited(sqlite_hub: LiveHub) -> None:
    token = sqlite_hub.enroll()
    ann = volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Ann")
    made = invitations.invite(sqlite_hub.db, ann)
    for n in range(10):
        assert upload(sqlite_hub, token, ann, PIN_HASH, f"{n:012d}").status_code == 409
    assert _refusals(sqlite_hub) == []
    assert upload(sqlite_hub, token, ann, PIN_HASH, made.code).status_code == 429
    [(target, details)] = _refusals(sqlite_hub)
    assert target == f"volunteer:{ann}"
    assert "invitation" in str(details)
    assert made.code not in str(details)

    headers = {"Authorization": f"Bearer {token}"}
    for n in range(10):
        wrong = sqlite_hub.client.post(
            "/api/v1/appointments/cancel", json={"code": f"WRONG{n}"}, headers=headers
        )
        assert wrong.status_code == 404
    refused = sqlite_hub.client.post(
        "/api/v1/appointments/cancel", json={"code": "SECRET77"}, headers=headers
    )
    assert refused.status_code == 429
    assert len(_refusals(sqlite_hub)) == 2
    assert "cancel" in str(_refusals(sqlite_hub)[1][1])
    assert "SECRET77" not in str(_refusals(sqlite_hub))
