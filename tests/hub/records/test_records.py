"""Record intake, judged per record (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from kiosk.domain.records import Outcome, RunEnd
from kiosk.hub.db.models import Kiosk, RecordRow
from tests.hub.conftest import LiveHub
from tests.hub.records.envelopes import envelope, run, session


def post(hub: LiveHub, token: str, records: list[dict[str, Any]], **headers: str) -> Any:
    return hub.client.post(
        "/api/v1/records",
        json={"records": records},
        headers={"Authorization": f"Bearer {token}", **headers},
    )


def stored(hub: LiveHub, uuid: str) -> RecordRow | None:
    with hub.db.sessions() as db_session:
        return db_session.scalar(select(RecordRow).where(RecordRow.uuid == uuid))


def test_new_records_are_accepted_and_stored(hub: LiveHub) -> None:
    token = hub.enroll()
    records = [session(), run(), session(outcome=Outcome.REFERRED), run(ended=RunEnd.ABANDONED)]

    response = post(hub, token, [envelope(r) for r in records])

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "ok": True,
        "accepted": [r.uuid for r in records],
        "duplicates": [],
        "rejected": [],
    }
    row = stored(hub, records[0].uuid)
    assert row is not None
    assert row.kind == "assisted_session"
    assert json.loads(row.data_json)["topics"] == ["taxes", "digid_itsme"]
    assert row.location_id == hub.location_id


def test_same_record_again_is_a_duplicate_and_not_stored_twice(hub: LiveHub) -> None:
    token = hub.enroll()
    record = session()
    post(hub, token, [envelope(record)])

    response = post(hub, token, [envelope(record)])

    assert response.json()["duplicates"] == [record.uuid]
    assert response.json()["accepted"] == []
    with hub.db.sessions() as db_session:
        rows = db_session.scalars(select(RecordRow).where(RecordRow.uuid == record.uuid)).all()
    assert len(rows) == 1


def test_same_revision_with_other_content_is_a_conflict(hub: LiveHub) -> None:
    token = hub.enroll()
    record = session()
    post(hub, token, [envelope(record)])
    changed = session(uuid=record.uuid, outcome=Outcome.NOT_HELPED)

    response = post(hub, token, [envelope(changed)])

    assert response.json()["rejected"] == [
        {
            "uuid": record.uuid,
            "reason": "conflict",
            "detail": "revision 1 is stored with other content",
        }
    ]
    row = stored(hub, record.uuid)
    assert row is not None
    assert json.loads(row.data_json)["outcome"] == "helped"


def test_higher_revision_replaces_the_lower_one(hub: LiveHub) -> None:
    token = hub.enroll()
    record = session()
    post(hub, token, [envelope(record)])
    correction = session(uuid=record.uuid, revision=2, outcome=Outcome.PARTLY)

    response = post(hub, token, [envelope(correction)])
    old_again = post(hub, token, [envelope(record)])

    assert response.json()["accepted"] == [record.uuid]
    row = stored(hub, record.uuid)
    assert row is not None
    assert row.revision == 2
    assert json.loads(row.data_json)["outcome"] == "partly"
    assert old_again.json()["duplicates"] == [record.uuid]  # superseded: stop sending it


def test_a_bad_record_inside_a_good_batch_is_rejected_alone(hub: LiveHub) -> None:
    token = hub.enroll()
    good = [session(), run()]
    bad_topic = envelope(session())
    bad_topic["data"]["topics"] = ["gossip"]
    extra_field = envelope(run())
    extra_field["data"]["resident_name"] = "Jan Peeters"
    spaced_volunteer = envelope(session())
    spaced_volunteer["data"]["volunteer"] = "Jan Peeters"
    naive_time = envelope(session())
    naive_time["data"]["started_at"] = "2025-03-03T10:00:00"
    not_an_object = "hello"

    response = post(
        hub,
        token,
        [
            envelope(good[0]),
            bad_topic,
            extra_field,
            spaced_volunteer,
            naive_time,
            not_an_object,
            envelope(good[1]),
        ],
    )

    body = response.json()
    assert response.status_code == 200
    assert body["accepted"] == [good[0].uuid, good[1].uuid]
    rejected = {item["uuid"]: item for item in body["rejected"]}
    assert set(rejected) == {
        bad_topic["uuid"],
        extra_field["uuid"],
        spaced_volunteer["uuid"],
        naive_time["uuid"],
        None,
    }
    assert all(item["reason"] == "invalid" for item in body["rejected"])
    assert "data.resident_name" in rejected[extra_field["uuid"]]["detail"]
    assert stored(hub, bad_topic["uuid"]) is None


def test_oversized_batches_are_refused_with_413(hub: LiveHub) -> None:
    token = hub.enroll()
    too_many = [envelope(session()) for _ in range(hub.settings.max_batch_records + 1)]
    too_big = {"records": [], "padding": "x" * (hub.settings.max_batch_bytes + 1)}

    count_response = post(hub, token, too_many)
    byte_response = hub.client.post(
        "/api/v1/records", json=too_big, headers={"Authorization": f"Bearer {token}"}
    )

    assert count_response.status_code == 413
    assert byte_response.status_code == 413
    assert stored(hub, too_many[0]["uuid"]) is None


def test_body_that_is_not_a_batch_is_422(hub: LiveHub) -> None:
    token = hub.enroll()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    not_json = hub.client.post("/api/v1/records", content=b"{nope", headers=headers)
    wrong_shape = hub.client.post("/api/v1/records", json={"rows": []}, headers=headers)

    assert not_json.status_code == 422
    assert wrong_shape.status_code == 422


def test_outbox_length_and_last_sync_are_noted(hub: LiveHub) -> None:
    token = hub.enroll()

    post(hub, token, [envelope(session())], **{"Kiosk-Outbox-Pending": "17"})

    with hub.db.sessions() as db_session:
        kiosk = db_session.scalars(select(Kiosk)).one()
    assert kiosk.outbox_pending == 17
    assert kiosk.last_sync_at is not None


def test_config_carries_the_location_settings(hub: LiveHub) -> None:
    token = hub.enroll("Kiosk C")

    response = hub.client.get("/api/v1/kiosk/config", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    body = response.json()
    assert body["protocol"] == 1
    assert body["kiosk_name"] == "Kiosk C"
    assert body["location"] == "Bibliotheek Test"
    assert body["idle_timeout"] == 180
    assert body["volunteers"] == []
    assert body["services"] == []
    assert body["referrals"] == []
