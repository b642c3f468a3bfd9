"""schemathesis against the live hub, from the hub's own OpenAPI document: no 5xx, and every
answer matches the documented status codes, content types and schemas (bounded examples).

At least 500 examples with a kiosk token (#17): more where hostile input lands (the records
batch, enrollment), 25 elsewhere; without a token, more for the routes that need none.
bench/fuzz_hub.py runs 10,000 hostile record batches."""

from __future__ import annotations

from collections.abc import Callable

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.hub.conftest import LiveHub

MAX_EXAMPLES = 25
#: Examples per route with a kiosk token, where 25 is not enough.
WITH_TOKEN = {"/api/v1/records": 100, "/api/v1/enroll": 50}
#: Examples per route without a token (the others answer 401 at once).
WITHOUT_TOKEN = {"/api/v1/enroll": 25, "/api/v1/admin/tokens": 25}
UNAUTHENTICATED_DEFAULT = 10


def fuzz(
    operation: schemathesis.APIOperation,
    base_url: str,
    headers: dict[str, str],
    seen: list[tuple[str, int]],
    examples: int = MAX_EXAMPLES,
) -> Callable[[], None]:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
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
    with_token = 0
    authorized = {"Authorization": f"Bearer {token}"}
    for operation in operations:
        before = len(seen)
        examples = WITH_TOKEN.get(operation.path, MAX_EXAMPLES)
        fuzz(operation, sqlite_hub.url, authorized, seen, examples)()
        with_token += len(seen) - before
        examples = WITHOUT_TOKEN.get(operation.path, UNAUTHENTICATED_DEFAULT)
        fuzz(operation, sqlite_hub.url, {}, seen, examples)()
    assert ("/api/v1/records", 200) in seen  # generated batches were judged, not just refused
    assert ("/api/v1/records", 401) in seen
    assert ("/api/v1/kiosk/config", 200) in seen
    assert len(seen) >= 2 * len(operations)
    assert with_token >= 500, with_token
