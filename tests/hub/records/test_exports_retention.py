"""Exports (CSV, IDO aggregate with small cells suppressed, klantcontact) and retention."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import func, select

from kiosk.domain.records import Outcome
from kiosk.hub.db.models import ArchivedCount, RecordRow
from kiosk.hub.kiosks.enrollment import KioskRef
from kiosk.hub.records import exports
from kiosk.hub.records.ingest import prepare_all, store_batch
from kiosk.hub.records.retention import claim_daily_run, purge
from kiosk.hub.records.stats import Filters, all_counts, by_dimension
from tests.hub.conftest import LiveHub
from tests.hub.records.envelopes import T0, envelope, run, session

PERIOD = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))
QUARTER = Filters(start=date(2025, 1, 1), end=date(2025, 3, 31))


def add(hub: LiveHub, records: list[dict[str, object]]) -> None:
    valid, rejected = prepare_all(records)
    assert not rejected
    store_batch(hub.db.sessions, KioskRef("k-1", hub.location_id), valid, T0, None)


def test_csv_has_one_row_per_record_with_the_uuid_in_id(hub: LiveHub) -> None:
    records = [session(), run(), session(outcome=Outcome.REFERRED)]
    add(hub, [envelope(r) for r in records])

    rows = list(csv.DictReader(io.StringIO(exports.export_csv(hub.db, PERIOD))))

    assert sorted(row["id"] for row in rows) == sorted(r.uuid for r in records)
    referred = next(row for row in rows if row["outcome"] == "referred")
    assert referred["topics"] == "taxes|digid_itsme"
    assert referred["referral"] == "social_services"
    assert referred["location"] == "Bibliotheek Test"


def test_ido_aggregate_suppresses_cells_under_five(hub: LiveHub) -> None:
    add(hub, [envelope(session()) for _ in range(6)])
    add(hub, [envelope(session(outcome=Outcome.REFERRED, topics=("housing",))) for _ in range(2)])

    result = exports.ido_aggregate(hub.db, QUARTER)

    assert result["format"] == "ido-aggregate/2"
    assert result["period"] == {"name": "2025-Q1", "from": "2025-01-01", "to": "2025-03-31"}
    assert result["sessions"] == 8
    assert result["topics"]["taxes"] == 6
    assert result["topics"]["housing"] == "x"
    assert result["topics"]["energy"] == 0
    # "referred" (2) is hidden, and "helped" with it: 8 - 6 would give it back (#19).
    assert result["outcomes"] == {"helped": "x", "partly": 0, "not_helped": 0, "referred": "x"}
    assert result["referrals"] == {"social_services": "x"}


def test_klantcontact_shape(hub: LiveHub) -> None:
    record = session(language="fr")
    add(hub, [envelope(record), envelope(run())])

    (contact,) = exports.klantcontacten(hub.db, PERIOD)

    assert contact["uuid"] == record.uuid
    assert contact["kanaal"] == "balie"
    assert contact["indicatieContactGelukt"] is True
    assert contact["taal"] == "fra"
    assert contact["vertrouwelijk"] is False
    assert datetime.fromisoformat(contact["plaatsgevondenOp"]) == record.started_at
    assert contact["onderwerp"] == "Belastingen, Inloggen met DigiD / itsme"  # always Dutch


def test_purge_deletes_old_records_and_keeps_their_counts(hub: LiveHub) -> None:
    old = T0 - timedelta(days=800)
    add(hub, [envelope(session(start=old)) for _ in range(3)] + [envelope(session())])
    everything = Filters(start=date(2022, 1, 1), end=date(2025, 12, 31))
    with hub.db.sessions() as db_session:
        before = by_dimension(all_counts(db_session, everything), "topic")

    result = purge(hub.db, 24, T0 + timedelta(days=1))
    again = purge(hub.db, 24, T0 + timedelta(days=1))

    assert result.records_deleted == 3
    assert again.records_deleted == 0
    with hub.db.sessions() as db_session:
        assert db_session.scalar(select(func.count()).select_from(RecordRow)) == 1
        assert (db_session.scalar(select(func.count()).select_from(ArchivedCount)) or 0) > 0
        after = by_dimension(all_counts(db_session, everything), "topic")
    assert after == before
    assert after["taxes"] == 4


def test_the_daily_job_is_claimed_once_per_day(hub: LiveHub) -> None:
    now = datetime(2025, 5, 1, 3, 0, tzinfo=UTC)

    assert claim_daily_run(hub.db, now) is True
    assert claim_daily_run(hub.db, now + timedelta(hours=1)) is False
    assert claim_daily_run(hub.db, now + timedelta(hours=24)) is True


def test_stored_records_hold_no_names_free_text_or_addresses(hub: LiveHub) -> None:
    add(hub, [envelope(session()), envelope(run())])
    with hub.db.sessions() as db_session:
        rows = db_session.scalars(select(RecordRow)).all()
    columns = set(RecordRow.__table__.columns.keys())
    assert not {"ip", "address", "name", "note", "notes", "client"} & columns
    for row in rows:
        assert set(json.loads(row.data_json)) <= {
            "guide_id",
            "guide_version",
            "language",
            "started_at",
            "ended_at",
            "steps",
            "ended",
            "last_step",
            "assisted_session",
            "topics",
            "outcome",
            "referral",
            "age_band",
            "first_visit",
            "volunteer",
        }


def test_a_quarter_hides_what_its_months_hide(hub: LiveHub) -> None:
    """#19: January has 2 partly helped sessions (hidden in its export); February and March
    have 6 each. Published, the quarter's 14 minus 6 and 6 would give back January's 2."""
    for month, partly in ((1, 2), (2, 6), (3, 6)):
        start = datetime(2025, month, 10, 10, 0, tzinfo=UTC)
        add(hub, [envelope(session(start=start)) for _ in range(10)])
        add(hub, [envelope(session(start=start, outcome=Outcome.PARTLY)) for _ in range(partly)])
    months = [
        exports.ido_aggregate(hub.db, Filters(start=date(2025, m, 1), end=end))
        for m, end in ((1, date(2025, 1, 31)), (2, date(2025, 2, 28)), (3, date(2025, 3, 31)))
    ]
    quarter = exports.ido_aggregate(hub.db, QUARTER)

    assert months[0]["outcomes"]["partly"] == "x"
    assert [m["outcomes"]["partly"] for m in months[1:]] == [6, 6]
    assert quarter["outcomes"]["partly"] == "x"
    assert quarter["sessions"] == 44
    for group in ("outcomes", "referrals", "topics", "unknown_ids"):
        for key, value in quarter[group].items():
            if value != "x":  # a published quarter count is the sum of published months
                assert all(m[group].get(key, 0) != "x" for m in months), (group, key)


def test_export_times_are_utc_with_z_whatever_the_recorded_offset(sqlite_hub: LiveHub) -> None:
    """An imported session keeps its `+01:00`; the exports write every moment in UTC with Z,
    as docs/exports.md promises (#19, a stranger's finding)."""
    brussels = timezone(timedelta(hours=1))
    record = session(start=datetime(2025, 12, 2, 9, 15, tzinfo=brussels))
    add(sqlite_hub, [envelope(record)])

    (row,) = csv.DictReader(io.StringIO(exports.export_csv(sqlite_hub.db, PERIOD)))
    (contact,) = exports.klantcontacten(sqlite_hub.db, PERIOD)

    assert row["started_at"] == "2025-12-02T08:15:00Z"
    assert row["ended_at"] == "2025-12-02T08:35:00Z"
    assert row["created_at"].endswith("Z")
    assert contact["plaatsgevondenOp"] == "2025-12-02T08:15:00Z"
