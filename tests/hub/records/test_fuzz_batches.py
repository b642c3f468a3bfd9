"""A hypothesis fuzzer of record batches against a live hub (#17): batches that mix good
records with hostile ones (tests/support/hostile_records.py) always get a 200 whose `accepted`
holds every good record; never a 5xx. 10,000 examples: bench/fuzz_hub.py."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from tests.hub.conftest import LiveHub
from tests.support.hostile_records import JSON_HEADERS, body, judge, mixed_batch

EXAMPLES = 100


def test_good_records_survive_hostile_neighbours(hub: LiveHub) -> None:
    rejected: list[str] = []
    headers = {"Authorization": f"Bearer {hub.enroll()}", **JSON_HEADERS}

    @given(case=mixed_batch())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: tuple[list[Any], list[str]]) -> None:
        batch, good = case
        response = hub.client.post("/api/v1/records", content=body(batch), headers=headers)
        assert response.status_code == 200, response.text[:500]
        answer = response.json()
        assert judge(answer, good) == []
        rejected.extend(item["reason"] for item in answer["rejected"])

    check()
    assert "invalid" in rejected  # the hostile records were really hostile
