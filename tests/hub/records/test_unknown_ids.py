"""Records whose referral or volunteer id is not on the location's lists (#17): a volunteer
removed or a referral list changed before an offline kiosk synced must not lose counts. They are
accepted, flagged (`unknown_ids`) and counted as unknown on the dashboard and in the exports;
only ids that break the id pattern are rejected, and `import` (paper logs) is always known."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from sqlalchemy import select

from kiosk.domain.records import Outcome
from kiosk.hub.db.models import RecordRow
from kiosk.hub.helpdesk import volunteers
from kiosk.hub.locations import update_location
from kiosk.hub.records import dashboard, exports
from kiosk.hub.records.retention import purge
from kiosk.hub.records.stats import UNKNOWN_DIMENSION, Filters, all_counts, by_dimension
from tests.hub.conftest import LiveHub
from tests.hub.helpdesk.conftest import new_client
from tests.hub.helpdesk.test_volunteers import _login
from tests.hub.records.envelopes import envelope, session

PERIOD = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))
#: The IDO export takes whole months and quarters (#19); the records are of 2025-03-03.
QUARTER = Filters(start=date(2025, 1, 1), end=date(2025, 3, 31))


def test_unlisted_ids_are_accepted_flagged_and_counted_as_unknown(hub: LiveHub) -> None:
    update_location(
        hub.db,
        hub.location_id,
        idle_timeout=180,
        allowed_sites=[],
        referrals=[{"id": "social_services", "label": "Social services"}],
    )
    ann = volunteers.add_volunteer(hub.db, hub.location_id, "Ann")
    listed = session(volunteer=ann, outcome=Outcome.REFERRED)
    gone_volunteer = session(volunteer="vol-removed")
    closed_referral = session(volunteer=ann, outcome=Outcome.REFERRED, referral="closed_desk")
    paper = session(volunteer="import")
    body = [envelope(r) for r in (listed, gone_volunteer, closed_referral, paper)]
    bad = envelope(session(volunteer=ann))
    bad["data"]["volunteer"] = "not an id!"
    token = hub.enroll()
    response = hub.client.post(
        "/api/v1/records",
        json={"records": [*body, bad]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert sorted(answer["accepted"]) == sorted(r["uuid"] for r in body)
    assert [(r["uuid"], r["reason"]) for r in answer["rejected"]] == [(bad["uuid"], "invalid")]

    with hub.db.sessions() as db_session:
        flags = dict(db_session.execute(select(RecordRow.uuid, RecordRow.unknown_ids)).all())
    assert flags == {
        listed.uuid: None,
        gone_volunteer.uuid: "volunteer",
        closed_referral.uuid: "referral",
        paper.uuid: None,
    }

    board = dashboard.build(hub.db, PERIOD)
    assert (board.totals["unknown_referral"], board.totals["unknown_volunteer"]) == (1, 1)
    assert board.totals["sessions"] == 4  # nothing lost
    ido = exports.ido_aggregate(hub.db, QUARTER)
    # Fewer than five sessions: the whole table is hidden (#19: complementary suppression).
    assert ido["unknown_ids"] == {"referral": "x", "volunteer": "x"}
    assert ido["sessions"] == "x"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(exports.export_csv(hub.db, PERIOD)))}
    assert rows[gone_volunteer.uuid]["unknown_ids"] == "volunteer"
    assert rows[listed.uuid]["unknown_ids"] == ""

    # the counts survive retention
    purge(hub.db, 12, datetime(2026, 12, 1, tzinfo=UTC))
    with hub.db.sessions() as db_session:
        assert db_session.scalars(select(RecordRow.uuid)).all() == []
        counts = all_counts(db_session, PERIOD)
    assert by_dimension(counts, UNKNOWN_DIMENSION) == {"referral": 1, "volunteer": 1}


def test_the_dashboard_shows_the_unknown_counts(sqlite_hub: LiveHub) -> None:
    token = sqlite_hub.enroll()
    record = envelope(session(volunteer="vol-removed", start=datetime.now(UTC)))
    response = sqlite_hub.client.post(
        "/api/v1/records", json={"records": [record]}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.json()["accepted"] == [record["uuid"]]
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "staff")
        page = client.get("/dashboard")
    assert page.status_code == 200
    assert 'id="unknown-ids"' in page.text
    assert "0 / 1" in page.text
