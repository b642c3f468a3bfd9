"""Enrollment with one-time codes (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from kiosk.clock import utc_now
from kiosk.hub.db.models import Kiosk
from kiosk.hub.kiosks.enrollment import create_enroll_code
from kiosk.hub.security import digest
from tests.hub.conftest import LiveHub


def test_valid_code_gives_a_token_whose_hash_only_is_stored(hub: LiveHub) -> None:
    response = hub.client.post("/api/v1/enroll", json={"code": hub.code(), "name": "Kiosk A"})

    assert response.status_code == 201
    body = response.json()
    assert body["location"] == "Bibliotheek Test"
    assert body["location_id"] == hub.location_id
    assert len(body["token"]) >= 43  # 32 random bytes, URL-safe base64
    with hub.db.sessions() as session:
        kiosk = session.scalar(select(Kiosk).where(Kiosk.id == body["kiosk_id"]))
    assert kiosk is not None
    assert kiosk.name == "Kiosk A"
    assert kiosk.token_hash == digest(body["token"])
    assert body["token"] not in kiosk.token_hash


def test_code_is_accepted_in_lower_case_without_dashes(hub: LiveHub) -> None:
    code = hub.code().replace("-", "").lower()

    response = hub.client.post("/api/v1/enroll", json={"code": code, "name": "Kiosk B"})

    assert response.status_code == 201


def test_reused_code_is_refused(hub: LiveHub) -> None:
    code = hub.code()
    first = hub.client.post("/api/v1/enroll", json={"code": code, "name": "one"})

    second = hub.client.post("/api/v1/enroll", json={"code": code, "name": "two"})

    assert first.status_code == 201
    assert second.status_code == 401
    assert second.json()["detail"] == "code_used"


def test_expired_code_is_refused(hub: LiveHub) -> None:
    code, _expires = create_enroll_code(hub.db, hub.location_id, 1, utc_now() - timedelta(hours=2))

    response = hub.client.post("/api/v1/enroll", json={"code": code, "name": "late"})

    assert response.status_code == 401
    assert response.json()["detail"] == "code_expired"


def test_unknown_code_is_refused(hub: LiveHub) -> None:
    response = hub.client.post("/api/v1/enroll", json={"code": "AAAA-BBBB-CCCC", "name": "x"})

    assert response.status_code == 401
    assert response.json()["detail"] == "code_unknown"


def test_each_enrollment_gets_its_own_token(hub: LiveHub) -> None:
    assert hub.enroll("a") != hub.enroll("b")


def test_a_lone_surrogate_is_a_422_not_a_500(hub: LiveHub) -> None:
    """FastAPI's default 422 echoed the input and failed to encode "\\ud800" (a 500)."""
    body = b'{"code": "\\ud800", "name": "\\ud800"}'
    response = hub.client.post(
        "/api/v1/enroll", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (401, 422), response.text
    assert response.json()["detail"]
