"""Hostile but well-formed batches (#17): the bad record is rejected with a reason, its good
neighbours are accepted, and nothing ends in a 500 (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kiosk.hub.records.api import MAX_DEPTH, too_deep
from tests.hub.conftest import LiveHub
from tests.hub.records.envelopes import envelope, run, session


def post_raw(hub: LiveHub, token: str, body: bytes) -> Any:
    return hub.client.post(
        "/api/v1/records",
        content=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("created_at", "0001-01-01T00:30:00+01:00"),
        ("created_at", "9999-12-31T23:30:00-01:00"),
        ("started_at", "0001-01-01T00:30:00+01:00"),
        ("ended_at", "9999-12-31T23:30:00-01:00"),
    ],
)
def test_a_time_outside_utc_years_is_rejected_alone(hub: LiveHub, field: str, value: str) -> None:
    token = hub.enroll()
    good, bad = session(), session()
    hostile = envelope(bad)
    if field == "created_at":
        hostile["created_at"] = value
    else:
        hostile["data"][field] = value
        if field == "started_at":
            hostile["data"]["ended_at"] = "0001-01-01T02:00:00+01:00"

    response = hub.client.post(
        "/api/v1/records",
        json={"records": [envelope(good), hostile]},
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["accepted"] == [good.uuid]
    [rejected] = body["rejected"]
    assert rejected["uuid"] == bad.uuid
    assert rejected["reason"] == "invalid"
    assert "UTC" in rejected["detail"]


def test_a_lone_surrogate_uuid_is_rejected_and_the_answer_is_readable(hub: LiveHub) -> None:
    token = hub.enroll()
    good = run()
    hostile = envelope(session())
    hostile["uuid"] = "@@UUID@@"

    body = json.dumps({"records": [envelope(good), hostile]}).replace("@@UUID@@", "\\ud800x")

    response = post_raw(hub, token, body.encode())

    assert response.status_code == 200, response.text
    assert response.json()["accepted"] == [good.uuid]
    [rejected] = response.json()["rejected"]
    assert rejected["reason"] == "invalid"
    assert rejected["uuid"] == "\ufffdx"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000, 200_000])
def test_a_body_nested_too_deeply_is_a_422(hub: LiveHub, depth: int) -> None:
    token = hub.enroll()
    nested = "[" * depth + "]" * depth
    body = f'{{"records": [{{"uuid": "x", "data": {nested}}}]}}'

    response = post_raw(hub, token, body.encode())

    assert response.status_code == 422, response.text
    assert "nested" in response.json()["detail"]


def test_a_body_nested_just_deep_enough_is_judged_per_record(hub: LiveHub) -> None:
    token = hub.enroll()
    nested = "[" * (MAX_DEPTH - 4) + "]" * (MAX_DEPTH - 4)
    good = run()
    hostile = envelope(session())
    hostile["data"]["topics"] = "@@NESTED@@"

    body = json.dumps({"records": [envelope(good), hostile]}).replace('"@@NESTED@@"', nested)

    response = post_raw(hub, token, body.encode())

    assert response.status_code == 200, response.text
    assert response.json()["accepted"] == [good.uuid]
    assert [r["reason"] for r in response.json()["rejected"]] == ["invalid"]


def test_too_deep_counts_lists_and_objects() -> None:
    assert not too_deep({"records": [{"data": {"steps": ["a"]}}]}, limit=5)
    assert too_deep({"records": [{"data": {"steps": ["a"]}}]}, limit=4)
    assert not too_deep("text", limit=0)
