"""Every /api/ endpoint answers 401 without a valid credential; the list comes from the hub's
own OpenAPI document, so a new endpoint cannot be forgotten."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.hub import admin
from tests.hub.conftest import LiveHub
from tests.hub.records import envelope, session

PLAIN_BODY: dict[str, Any] = {
    "/api/v1/enroll": {"code": "AAAA-BBBB-CCCC", "name": "x"},
    "/api/v1/records": {"records": []},
}


def api_operations(hub: LiveHub) -> list[tuple[str, str]]:
    document = hub.client.get("/openapi.json").json()
    operations = [
        (method.upper(), path)
        for path, item in document["paths"].items()
        if path.startswith("/api/")
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) >= 3
    return operations


def call(hub: LiveHub, method: str, path: str, token: str | None, scheme: str = "Bearer") -> Any:
    headers = {"Authorization": f"{scheme} {token}"} if token is not None else {}
    return hub.client.request(method, path, json=PLAIN_BODY.get(path), headers=headers)


@pytest.mark.parametrize(
    ("scheme", "token"),
    [("Bearer", None), ("Basic", "dXNlcjpwYXNz"), ("Bearer", "not-a-real-token-" + "x" * 30)],
)
def test_every_api_endpoint_refuses_a_missing_or_wrong_token(
    hub: LiveHub, scheme: str, token: str | None
) -> None:
    for method, path in api_operations(hub):
        response = call(hub, method, path, token, scheme)
        assert response.status_code == 401, (method, path, response.text)


def test_a_revoked_kiosk_is_refused_at_once(hub: LiveHub) -> None:
    token = hub.enroll()
    kiosk_id = hub.client.get(
        "/api/v1/kiosk/config", headers={"Authorization": f"Bearer {token}"}
    ).json()["kiosk_id"]
    assert call(hub, "POST", "/api/v1/records", token).status_code == 200

    admin.revoke_kiosk(hub.db, kiosk_id)

    for method, path in api_operations(hub):
        if path == "/api/v1/enroll":
            continue
        assert call(hub, method, path, token).status_code == 401, path
    refused = hub.client.post(
        "/api/v1/records",
        json={"records": [envelope(session())]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert refused.status_code == 401


def test_healthz_and_openapi_are_public(hub: LiveHub) -> None:
    assert hub.client.get("/healthz").json()["status"] == "ok"
    assert "/api/v1/records" in hub.client.get("/openapi.json").json()["paths"]
