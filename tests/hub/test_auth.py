"""Every /api/ endpoint answers 401 without a valid credential; the list comes from the hub's
own OpenAPI document, so a new endpoint cannot be forgotten."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.hub.kiosks.fleet import revoke_kiosk
from tests.hub.conftest import LiveHub
from tests.hub.records.envelopes import envelope, session


def example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A small value that satisfies `schema` (required fields only), so that the request
    reaches authentication instead of failing validation."""
    if "$ref" in schema:
        return example(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return example(schema[key][0], components)
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: example(properties[name], components) for name in schema.get("required", [])}
    if kind == "array":
        return [example(schema["items"], components) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "string":
        return "X" * max(int(schema.get("minLength", 1)), 12)
    return None


def api_operations(hub: LiveHub) -> list[tuple[str, str, Any]]:
    """(method, path, a schema-valid body or None) of every /api/ operation in the document."""
    document = hub.client.get("/openapi.json").json()
    components = document.get("components", {}).get("schemas", {})
    operations = []
    for path, item in document["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            operations.append(
                (method.upper(), path, example(body["schema"], components) if body else None)
            )
    assert len(operations) >= 3
    return operations


def call(
    hub: LiveHub, method: str, path: str, body: Any, token: str | None, scheme: str = "Bearer"
) -> Any:
    headers = {"Authorization": f"{scheme} {token}"} if token is not None else {}
    return hub.client.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize(
    ("scheme", "token"),
    [("Bearer", None), ("Basic", "dXNlcjpwYXNz"), ("Bearer", "not-a-real-token-" + "x" * 30)],
)
def test_every_api_endpoint_refuses_a_missing_or_wrong_token(
    hub: LiveHub, scheme: str, token: str | None
) -> None:
    for method, path, body in api_operations(hub):
        response = call(hub, method, path, body, token, scheme)
        assert response.status_code == 401, (method, path, response.text)


def test_a_revoked_kiosk_is_refused_at_once(hub: LiveHub) -> None:
    token = hub.enroll()
    kiosk_id = hub.client.get(
        "/api/v1/kiosk/config", headers={"Authorization": f"Bearer {token}"}
    ).json()["kiosk_id"]
    assert call(hub, "POST", "/api/v1/records", {"records": []}, token).status_code == 200

    revoke_kiosk(hub.db, kiosk_id)

    for method, path, body in api_operations(hub):
        assert call(hub, method, path, body, token).status_code == 401, path
    refused = hub.client.post(
        "/api/v1/records",
        json={"records": [envelope(session())]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert refused.status_code == 401


def test_healthz_and_openapi_are_public(hub: LiveHub) -> None:
    assert hub.client.get("/healthz").json()["status"] == "ok"
    assert "/api/v1/records" in hub.client.get("/openapi.json").json()["paths"]
