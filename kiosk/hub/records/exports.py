"""Exports for a period and location: records as CSV, the IDO-shaped aggregate, and
VNG Klantinteracties `klantcontact`-shaped JSON. Each holds only the locations of the reader's
scope (`Filters.scope`).

Published aggregates (the IDO export) suppress small cells: a count from 1 to 4 is shown as
"<5", so nobody can be recognised. The CSV and klantcontact exports hold one entry per record;
they carry ids and codes only, never names or free text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from sqlalchemy import select

from kiosk.domain.labels import OUTCOME_LABELS, topic_label
from kiosk.domain.records import TOPICS
from kiosk.hub.audit import Actor, audit
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import Location, RecordRow
from kiosk.hub.records.stats import (
    UNKNOWN_DIMENSION,
    Filters,
    all_counts,
    by_dimension,
    listed,
)

FORMATS = ("csv", "ido", "klantinteracties")
SMALL_CELL = 5
CSV_COLUMNS = (
    "id",
    "kind",
    "revision",
    "location",
    "kiosk_id",
    "created_at",
    "started_at",
    "ended_at",
    "topics",
    "outcome",
    "referral",
    "language",
    "age_band",
    "first_visit",
    "volunteer",
    "guide_id",
    "guide_version",
    "ended",
    "last_step",
    "steps",
    "assisted_session",
    "unknown_ids",
)
#: ISO 639-2 codes for the languages the kiosk speaks (Klantinteracties wants three letters).
ISO639_2 = {
    "nl": "nld",
    "fr": "fra",
    "en": "eng",
    "ar": "ara",
    "tr": "tur",
    "pl": "pol",
    "uk": "ukr",
}


def suppress(count: int) -> int | str:
    return "<5" if 0 < count < SMALL_CELL else count


def _location_names(db: HubDatabase) -> dict[str, str]:
    with db.sessions() as session:
        return {row[0]: row[1] for row in session.execute(select(Location.id, Location.name))}


def records(db: HubDatabase, filters: Filters, kind: str | None = None) -> Iterator[RecordRow]:
    query = (
        select(RecordRow)
        .where(RecordRow.started_at >= filters.start_at, RecordRow.started_at < filters.end_before)
        .where(filters.scope.where(RecordRow.location_id))
        .order_by(RecordRow.started_at, RecordRow.uuid)
    )
    if filters.location_id:
        query = query.where(RecordRow.location_id == filters.location_id)
    if kind:
        query = query.where(RecordRow.kind == kind)
    with db.sessions() as session:
        yield from session.scalars(query.execution_options(yield_per=1000))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(str(item) for item in value)
    return str(value)


def export_csv(db: HubDatabase, filters: Filters) -> str:
    names = _location_names(db)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in records(db, filters):
        data: dict[str, object] = json.loads(row.data_json)
        line = {name: _cell(data.get(name)) for name in CSV_COLUMNS if name in data}
        line.update(
            id=row.uuid,
            kind=row.kind,
            revision=str(row.revision),
            location=names.get(row.location_id, row.location_id),
            kiosk_id=row.kiosk_id,
            created_at=row.created_at.isoformat(timespec="seconds"),
            unknown_ids=(row.unknown_ids or "").replace(",", "|"),
        )
        writer.writerow(line)
    return out.getvalue()


def ido_aggregate(db: HubDatabase, filters: Filters) -> dict[str, object]:
    """Counts per question topic, referral and outcome, with small cells suppressed."""
    with db.sessions() as session:
        counts = all_counts(session, filters)
    names = _location_names(db)
    topics = by_dimension(counts, "topic")
    outcomes = by_dimension(counts, "outcome")
    referrals = by_dimension(counts, "referral")
    return {
        "format": "ido-aggregate/1",
        "period": {"from": filters.start.isoformat(), "to": filters.end.isoformat()},
        "location": names.get(filters.location_id) if filters.location_id else None,
        "small_cells": f'counts from 1 to {SMALL_CELL - 1} are shown as "<{SMALL_CELL}"',
        "sessions": suppress(by_dimension(counts, "sessions")["all"]),
        "topics": {topic: suppress(topics.get(topic, 0)) for topic in TOPICS},
        "outcomes": {outcome: suppress(outcomes.get(outcome, 0)) for outcome in OUTCOME_LABELS},
        "referrals": {key: suppress(value) for key, value in sorted(referrals.items())},
        "unknown_ids": {
            key: suppress(value)
            for key, value in sorted(by_dimension(counts, UNKNOWN_DIMENSION).items())
        },
    }


def klantcontacten(db: HubDatabase, filters: Filters) -> list[dict[str, object]]:
    """Assisted sessions as `klantcontact` objects (VNG Klantinteracties)."""
    result: list[dict[str, object]] = []
    for row in records(db, filters, kind="assisted_session"):
        data: dict[str, object] = json.loads(row.data_json)
        topics = [topic_label(str(topic)) for topic in listed(data.get("topics"))]
        language = str(data.get("language") or "")
        result.append(
            {
                "uuid": row.uuid,
                "kanaal": "balie",
                "onderwerp": (", ".join(topics) or topic_label("other"))[:200],
                "inhoud": "",
                "indicatieContactGelukt": data.get("outcome") in ("helped", "partly", "referred"),
                "taal": ISO639_2.get(language.split("-")[0], language[:3]),
                "vertrouwelijk": False,
                "plaatsgevondenOp": data.get("started_at"),
            }
        )
    return result


def render(db: HubDatabase, fmt: str, filters: Filters) -> tuple[str, str]:
    """The export as text and its media type."""
    if fmt == "csv":
        return export_csv(db, filters), "text/csv; charset=utf-8"
    if fmt == "ido":
        return json.dumps(ido_aggregate(db, filters), indent=2) + "\n", "application/json"
    if fmt == "klantinteracties":
        return json.dumps(klantcontacten(db, filters), indent=2) + "\n", "application/json"
    raise ValueError(f"unknown export format {fmt!r}")


def audit_export(
    db: HubDatabase, actor: Actor, fmt: str, filters: Filters, client: str | None = None
) -> None:
    """Record who exported what: the format, the period and the location (all when None)."""
    audit(
        db,
        "export",
        actor,
        location_id=filters.location_id,
        client=client,
        details={
            "format": fmt,
            "from": filters.start.isoformat(),
            "to": filters.end.isoformat(),
            "location": filters.location_id or "all",
        },
    )
