"""Record intake: judge each record of a batch, then store the batch in one transaction.

This is the hub's hot path (bench/hub_ingest.py). A batch is validated in one pydantic call,
and record by record only when something in it is wrong, so one bad record never fails the
batch. Storing costs one SELECT (which uuids exist already) and one multi-row INSERT, plus an
UPDATE per corrected record. (`INSERT ... ON CONFLICT DO NOTHING RETURNING` measured three
times slower on PostgreSQL through SQLAlchemy.) The rules:

- a new uuid is stored (`accepted`);
- the same uuid and revision with the same content is a `duplicate`, not stored again;
- the same uuid and revision with other content is rejected as `conflict`;
- a higher revision replaces the stored one (`accepted`); a lower one is already superseded
  and reported as a `duplicate`, so the kiosk stops sending it;
- a correction from a kiosk of another location is a `conflict`.

An assisted session whose `referral` or `volunteer` id is not on the location's current lists
(a volunteer removed, a list changed before an offline kiosk synced) is accepted and flagged
(`unknown_ids`), and counted as unknown; only an id that breaks the id pattern is rejected. The
volunteer id `import` (paper logs, kiosk.domain.session_import) is always known.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import String, Table, any_, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.domain.session_import import IMPORT_VOLUNTEER
from kiosk.hub.db.models import Kiosk, Location, RecordRow
from kiosk.hub.helpdesk.models import Volunteer
from kiosk.hub.kiosks.enrollment import KioskRef
from kiosk.hub.records.schemas import (
    RECORD,
    RECORDS,
    AssistedSessionRecord,
    GuideRunRecord,
    Rejected,
)

_RECORDS: Table = RecordRow.__table__  # type: ignore[assignment]
_RETRIES = 3
#: A record as the columns of its row.
Row = dict[str, object]
_UPDATED = (
    "kind",
    "revision",
    "content_hash",
    "kiosk_id",
    "created_at",
    "received_at",
    "started_at",
    "data_json",
    "unknown_ids",
)
#: The fields of a record that name something on the location's lists.
LISTED_FIELDS = ("referral", "volunteer")


@dataclass(frozen=True)
class Prepared:
    """A valid record, ready to store."""

    uuid: str
    kind: str
    revision: int
    created_at: datetime
    started_at: datetime
    data_json: str
    content_hash: str
    #: (field, id) of the ids that must be on the location's lists
    listed: tuple[tuple[str, str], ...] = ()


@dataclass
class Verdicts:
    accepted: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def _describe(error: ValidationError) -> str:
    first = error.errors(include_url=False)[0]
    loc = [str(part) for part in first["loc"]]
    if loc and loc[0] in ("guide_run", "assisted_session"):
        loc = loc[1:]  # the discriminator's tag
    where = ".".join(loc)
    return _encodable((f"{where}: {first['msg']}" if where else str(first["msg"]))[:300])


def _encodable(text: str) -> str:
    """`text` with lone surrogates (a JSON escape such as \\ud800) as U+FFFD, so that the
    answer that echoes it can be written as UTF-8."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _uuid_of(raw: object) -> str | None:
    value = raw.get("uuid") if isinstance(raw, dict) else None
    return _encodable(value[:64]) if isinstance(value, str) else None


def _prepared(record: GuideRunRecord | AssistedSessionRecord) -> Prepared:
    data_json = record.data.model_dump_json()
    digest = hashlib.sha256(f"{record.kind}\n{data_json}".encode()).hexdigest()
    listed: tuple[tuple[str, str], ...] = ()
    if isinstance(record, AssistedSessionRecord):
        data = record.data
        listed = tuple(
            (name, value)
            for name, value in (("referral", data.referral), ("volunteer", data.volunteer))
            if value is not None
        )
    return Prepared(
        uuid=record.uuid,
        kind=record.kind,
        revision=record.revision,
        created_at=record.created_at,
        started_at=record.data.started_at,
        data_json=data_json,
        content_hash=digest,
        listed=listed,
    )


def prepare(raw: object) -> Prepared | Rejected:
    """Validate one raw record (a decoded JSON value) into a Prepared one, or a rejection."""
    try:
        return _prepared(RECORD.validate_python(raw))
    except ValidationError as exc:
        return Rejected(uuid=_uuid_of(raw), reason="invalid", detail=_describe(exc))
    except (ValueError, OverflowError, RecursionError) as exc:  # a last line of defence
        detail = f"the record cannot be read ({type(exc).__name__})"
        return Rejected(uuid=_uuid_of(raw), reason="invalid", detail=detail)


def prepare_all(raw_records: Sequence[object]) -> tuple[list[Prepared], list[Rejected]]:
    """Validate a batch: in one call when every record is valid, else record by record."""
    try:
        return [_prepared(record) for record in RECORDS.validate_python(raw_records)], []
    except (ValueError, OverflowError, RecursionError):  # ValidationError is a ValueError
        pass
    valid: list[Prepared] = []
    rejected: list[Rejected] = []
    for raw in raw_records:
        result = prepare(raw)
        if isinstance(result, Prepared):
            valid.append(result)
        else:
            rejected.append(result)
    return valid, rejected


#: The ids on a location's lists, per field.
Known = dict[str, set[str]]


def known_ids(connection: Connection, location_id: str) -> Known:
    """The referral ids and volunteer ids (plus `import`) of a location, as of now."""
    referrals = connection.scalar(select(Location.referrals).where(Location.id == location_id))
    volunteers = connection.scalars(
        select(Volunteer.id).where(Volunteer.location_id == location_id)
    )
    return {
        "referral": {str(item.get("id")) for item in referrals or [] if isinstance(item, dict)},
        "volunteer": {*volunteers, IMPORT_VOLUNTEER},
    }


def unknown_ids(record: Prepared, known: Known) -> str | None:
    """The fields of `record` whose id is not on the lists ("referral,volunteer"), or None."""
    unknown = [name for name, value in record.listed if value not in known.get(name, set())]
    return ",".join(unknown) or None


def as_row(record: Prepared, kiosk: KioskRef, now: datetime, known: Known | None = None) -> Row:
    return {
        "uuid": record.uuid,
        "kind": record.kind,
        "revision": record.revision,
        "content_hash": record.content_hash,
        "kiosk_id": kiosk.id,
        "location_id": kiosk.location_id,
        "created_at": record.created_at,
        "received_at": now,
        "started_at": record.started_at,
        "data_json": record.data_json,
        "unknown_ids": unknown_ids(record, known) if known is not None else None,
    }


_COLUMNS = (RecordRow.uuid, RecordRow.revision, RecordRow.content_hash, RecordRow.location_id)
#: PostgreSQL gets the uuids as one array parameter: twice as fast as IN with 500 parameters.
_EXISTING_PG = select(*_COLUMNS).where(
    RecordRow.uuid == any_(bindparam("uuids", type_=postgresql.ARRAY(String)))
)


def _existing(connection: Connection, uuids: list[str]) -> dict[str, tuple[int, str, str]]:
    """revision, content hash and location of those of `uuids` that are stored."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(_EXISTING_PG, {"uuids": uuids})
        return {row[0]: (row[1], row[2], row[3]) for row in rows}
    known: dict[str, tuple[int, str, str]] = {}
    for start in range(0, len(uuids), 900):
        rows = connection.execute(
            select(*_COLUMNS).where(RecordRow.uuid.in_(uuids[start : start + 900]))
        )
        known.update({row[0]: (row[1], row[2], row[3]) for row in rows})
    return known


def _store_once(
    connection: Connection, kiosk: KioskRef, records: list[Prepared], now: datetime
) -> Verdicts:
    """Read which uuids exist, insert the new ones in one statement, judge the rest."""
    known = _existing(connection, list({record.uuid for record in records}))
    lists = known_ids(connection, kiosk.location_id) if any(r.listed for r in records) else None
    verdicts = Verdicts()
    inserts: dict[str, Row] = {}
    updates: dict[str, Row] = {}
    for record in records:
        if record.uuid not in known:
            inserts[record.uuid] = as_row(record, kiosk, now, lists)
            known[record.uuid] = (record.revision, record.content_hash, kiosk.location_id)
            verdicts.accepted.append(record.uuid)
            continue
        revision, digest, location_id = known[record.uuid]
        if record.revision < revision or (
            record.revision == revision and record.content_hash == digest
        ):
            verdicts.duplicates.append(record.uuid)
        elif record.revision == revision:
            detail = f"revision {revision} is stored with other content"
            verdicts.rejected.append(Rejected(uuid=record.uuid, reason="conflict", detail=detail))
        elif location_id != kiosk.location_id:
            detail = "another location's record"
            verdicts.rejected.append(Rejected(uuid=record.uuid, reason="conflict", detail=detail))
        else:
            row = as_row(record, kiosk, now, lists)
            (inserts if record.uuid in inserts else updates)[record.uuid] = row
            known[record.uuid] = (record.revision, record.content_hash, kiosk.location_id)
            verdicts.accepted.append(record.uuid)
    if inserts:
        connection.execute(insert(_RECORDS), list(inserts.values()))
    if updates:
        connection.execute(
            update(_RECORDS)
            .where(_RECORDS.c.uuid == bindparam("b_uuid"))
            .where(_RECORDS.c.revision < bindparam("b_revision"))
            .values({name: bindparam(f"b_{name}") for name in _UPDATED}),
            [{f"b_{key}": value for key, value in row.items()} for row in updates.values()],
        )
    return verdicts


def store_batch(
    sessions: sessionmaker[Session],
    kiosk: KioskRef,
    records: list[Prepared],
    now: datetime,
    outbox_pending: int | None,
) -> Verdicts:
    """Store valid records and note the kiosk's sync, in one transaction.

    With several hub processes, another one may insert one of these uuids between our SELECT
    and INSERT; the unique key refuses ours, and the whole batch is judged again.
    """
    for attempt in range(_RETRIES):
        try:
            with sessions.begin() as session:
                verdicts = _store_once(session.connection(), kiosk, records, now)
                values: dict[str, object] = {"last_sync_at": now, "last_seen_at": now}
                if outbox_pending is not None:
                    values["outbox_pending"] = outbox_pending
                session.execute(update(Kiosk).where(Kiosk.id == kiosk.id).values(values))
            return verdicts
        except IntegrityError:
            if attempt == _RETRIES - 1:
                raise
    raise AssertionError("unreachable")
