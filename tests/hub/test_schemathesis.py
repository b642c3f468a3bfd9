"""schemathesis against the live hub, from the hub's own OpenAPI document: no 5xx, and every
answer matches the documented status codes, content types and schemas (bounded examples)."""

from __future__ import annotations

from collections.abc import Callable

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.hub.conftest import LiveHub

MAX_EXAMPLES = 25


def fuzz(
    operation: schemathesis.APIOperation,
    base_url: str,
    headers: dict[str, str],
    seen: list[tuple[str, int]],
) -> Callable[[], None]:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case) -> None:
        response = case.call_and_validate(base_url=base_url, headers=headers, timeout=30)
        seen.append((operation.path, response.status_code))

    return check


def test_api_conforms_to_its_openapi_document(sqlite_hub: LiveHub) -> None:
    token = sqlite_hub.enroll()
    schema = schemathesis.openapi.from_url(f"{sqlite_hub.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/enroll", "/api/v1/records", "/healthz"}
    seen: list[tuple[str, int]] = []
    for operation in operations:
        fuzz(operation, sqlite_hub.url, {"Authorization": f"Bearer {token}"}, seen)()
        fuzz(operation, sqlite_hub.url, {}, seen)()
    assert ("/api/v1/records", 200) in seen  # generated batches were judged, not just refused
    assert ("/api/v1/records", 401) in seen
    assert ("/api/v1/kiosk/config", 200) in seen
    assert len(seen) >= 2 * len(operations)
