"""schemathesis against the help point's endpoints on a live hub: every answer (with and
without a token) has a documented status code, content type and schema; no 5xx."""

from __future__ import annotations

import schemathesis

from tests.hub.helpdesk.conftest import Desk
from tests.hub.test_schemathesis import fuzz

PATHS = {
    "/api/v1/volunteers/{volunteer_id}/pin",
    "/api/v1/appointments/slots",
    "/api/v1/appointments",
    "/api/v1/appointments/cancel",
}


def test_help_point_endpoints_conform_to_the_openapi_document(sqlite_desk: Desk) -> None:
    url = sqlite_desk.hub.url
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    operations = [
        op for op in (result.ok() for result in schema.get_all_operations()) if op.path in PATHS
    ]
    assert {op.path for op in operations} == PATHS
    seen: list[tuple[str, int]] = []
    for operation in operations:
        fuzz(operation, url, {"Authorization": f"Bearer {sqlite_desk.token}"}, seen)()
        fuzz(operation, url, {}, seen)()
    statuses = {status for _path, status in seen}
    assert {401, 404} <= statuses
    assert ("/api/v1/appointments/slots", 401) in seen
    assert len(seen) >= 2 * len(operations)
