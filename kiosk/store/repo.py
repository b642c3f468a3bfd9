"""Repositories of the local store: records with their outbox rows, and small state values.

`RecordStore.add()` writes a record and its outbox row in one transaction, so a record is never
kept without being queued for the hub, nor queued without being kept. The outbox methods are
what the sync worker (kiosk.sync) uses; they hand out plain `OutboxItem`s, never ORM rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from kiosk.clock import utc_now
from kiosk.domain.records import AssistedSession, GuideRun, Outcome, Record, RunEnd
from kiosk.store.db import Database
from kiosk.store.errors import StoreError, StoreFullError
from kiosk.store.models import AssistedSessionRow, GuideRunRow, OutboxRow, StateRow

PENDING = "pending"
SENT = "sent"
PARKED = "parked"


@dataclass(frozen=True)
class OutboxItem:
    """One record revision to send: the envelope of sync protocol v1 plus bookkeeping."""

    id: int
    uuid: str
    kind: str
    revision: int
    created_at: datetime
    data: dict[str, object]
    attempts: int

    def envelope(self) -> dict[str, object]:
        return {
            "uuid": self.uuid,
            "kind": self.kind,
            "revision": self.revision,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "data": self.data,
        }


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    parked: int
    sent: int


@dataclass(frozen=True)
class ParkedItem:
    uuid: str
    kind: str
    revision: int
    reason: str


class RecordStore:
    """Records, outbox and state of one kiosk database."""

    def __init__(self, database: Database) -> None:
        self._db = database

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        """One write transaction; disk-full and lock problems become StoreErrors."""
        try:
            with self._db.sessions.begin() as session:
                yield session
        except OperationalError as exc:
            raise _store_error(exc) from None

    # -- records -----------------------------------------------------------------------------

    def add(self, record: Record, *, now: datetime | None = None) -> None:
        """Keep `record` (or a new revision of it) and queue it for the hub, atomically."""
        created = now or utc_now()
        with self._transaction() as session:
            if isinstance(record, GuideRun):
                _check_revision(session, GuideRunRow, record.uuid, record.revision)
                session.merge(_guide_run_row(record))
            else:
                _check_revision(session, AssistedSessionRow, record.uuid, record.revision)
                session.merge(_session_row(record))
            session.add(
                OutboxRow(
                    record_uuid=record.uuid,
                    kind=record.kind.value,
                    revision=record.revision,
                    created_at=created,
                    payload=record.to_payload(),
                    state=PENDING,
                    attempts=0,
                    next_attempt_at=created,
                )
            )
            try:
                session.flush()
            except IntegrityError:
                raise StoreError(
                    f"record {record.uuid} revision {record.revision} is already queued"
                ) from None

    def add_new_sessions(
        self, sessions: Iterable[AssistedSession], *, now: datetime | None = None
    ) -> tuple[int, int]:
        """Keep and queue every session of `sessions` not stored yet, all in ONE transaction:
        if anything fails (the iterator raises, the disk is full), none of them is written.
        Returns (added, already there). Rows are flushed in small batches, so memory does not
        grow with the number of sessions."""
        created = now or utc_now()
        added = already = 0
        with self._transaction() as session:
            pending: list[AssistedSession] = []
            for record in sessions:
                pending.append(record)
                if len(pending) >= _IMPORT_BATCH:
                    n_added, n_already = _add_batch(session, pending, created)
                    added, already, pending = added + n_added, already + n_already, []
            n_added, n_already = _add_batch(session, pending, created)
            added, already = added + n_added, already + n_already
        return added, already

    def guide_runs(self) -> list[GuideRun]:
        with self._db.sessions() as session:
            rows = session.scalars(select(GuideRunRow).order_by(GuideRunRow.started_at))
            return [_guide_run(row) for row in rows]

    def assisted_sessions(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[AssistedSession]:
        query = select(AssistedSessionRow).order_by(AssistedSessionRow.started_at)
        if since is not None:
            query = query.where(AssistedSessionRow.started_at >= since)
        if until is not None:
            query = query.where(AssistedSessionRow.started_at < until)
        with self._db.sessions() as session:
            return [_assisted_session(row) for row in session.scalars(query)]

    # -- outbox ------------------------------------------------------------------------------

    def due(self, limit: int, now: datetime | None = None) -> list[OutboxItem]:
        """Up to `limit` pending items whose retry time has come, oldest first."""
        moment = now or utc_now()
        query = (
            select(OutboxRow)
            .where(OutboxRow.state == PENDING)
            .where((OutboxRow.next_attempt_at.is_(None)) | (OutboxRow.next_attempt_at <= moment))
            .order_by(OutboxRow.id)
            .limit(limit)
        )
        with self._db.sessions() as session:
            return [_item(row) for row in session.scalars(query)]

    def next_due_at(self) -> datetime | None:
        with self._db.sessions() as session:
            return session.scalar(
                select(func.min(OutboxRow.next_attempt_at)).where(OutboxRow.state == PENDING)
            )

    def mark_sent(self, ids: Sequence[int], now: datetime | None = None) -> None:
        if not ids:
            return
        with self._transaction() as session:
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(list(ids)))
                .values(state=SENT, sent_at=now or utc_now(), last_error=None)
            )

    def mark_failed(self, ids: Sequence[int], error: str, retry_at: datetime) -> None:
        """Count a failed attempt; the items are tried again at `retry_at`."""
        if not ids:
            return
        with self._transaction() as session:
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(list(ids)))
                .values(
                    attempts=OutboxRow.attempts + 1,
                    last_error=error[:500],
                    next_attempt_at=retry_at,
                )
            )

    def park(self, item_id: int, reason: str) -> None:
        """Stop sending an item the hub refused; it stays visible with its reason."""
        with self._transaction() as session:
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == item_id)
                .values(state=PARKED, last_error=reason[:500])
            )

    def retry_now(self) -> None:
        """Make every pending item due at once (the network came back)."""
        with self._transaction() as session:
            session.execute(
                update(OutboxRow).where(OutboxRow.state == PENDING).values(next_attempt_at=None)
            )

    def counts(self) -> OutboxCounts:
        with self._db.sessions() as session:
            rows = session.execute(
                select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
            ).all()
        by_state = {state: count for state, count in rows}
        return OutboxCounts(
            pending=by_state.get(PENDING, 0),
            parked=by_state.get(PARKED, 0),
            sent=by_state.get(SENT, 0),
        )

    def parked(self) -> list[ParkedItem]:
        with self._db.sessions() as session:
            rows = session.scalars(select(OutboxRow).where(OutboxRow.state == PARKED))
            return [ParkedItem(r.record_uuid, r.kind, r.revision, r.last_error or "") for r in rows]

    def forget_sent(self, older_than: timedelta, now: datetime | None = None) -> int:
        """Delete outbox rows the hub confirmed more than `older_than` ago."""
        cutoff = (now or utc_now()) - older_than
        with self._transaction() as session:
            result = session.execute(
                delete(OutboxRow).where(OutboxRow.state == SENT).where(OutboxRow.sent_at < cutoff)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    # -- state -------------------------------------------------------------------------------

    def get_state(self, key: str) -> dict[str, object] | None:
        with self._db.sessions() as session:
            row = session.get(StateRow, key)
            return None if row is None else dict(row.value)

    def set_state(self, key: str, value: Mapping[str, object]) -> None:
        with self._transaction() as session:
            session.merge(StateRow(key=key, value=dict(value)))


#: Sessions written per flush by `add_new_sessions` (all in the same transaction).
_IMPORT_BATCH = 500


def _add_batch(
    session: Session, records: Sequence[AssistedSession], created: datetime
) -> tuple[int, int]:
    """Add the sessions of `records` whose uuid is not stored yet (nor earlier in `records`),
    with two multi-row inserts (Core, not one ORM object per row: a paper log may be big)."""
    if not records:
        return 0, 0
    uuids = [record.uuid for record in records]
    known = set(
        session.scalars(select(AssistedSessionRow.uuid).where(AssistedSessionRow.uuid.in_(uuids)))
    )
    rows: list[dict[str, object]] = []
    queued: list[dict[str, object]] = []
    for record in records:
        if record.uuid in known:
            continue
        known.add(record.uuid)
        rows.append(
            {
                "uuid": record.uuid,
                "revision": record.revision,
                "started_at": record.started_at,
                "ended_at": record.ended_at,
                "topics": list(record.topics),
                "outcome": record.outcome.value,
                "volunteer": record.volunteer,
                "referral": record.referral,
                "language": record.language,
                "age_band": record.age_band,
                "first_visit": record.first_visit,
            }
        )
        queued.append(
            {
                "record_uuid": record.uuid,
                "kind": record.kind.value,
                "revision": record.revision,
                "created_at": created,
                "payload": record.to_payload(),
                "state": PENDING,
                "attempts": 0,
                "next_attempt_at": created,
            }
        )
    if rows:
        # one executemany per table (Core inserts: no ORM identity map for thousands of rows)
        session.execute(insert(cast(Table, AssistedSessionRow.__table__)), rows)
        session.execute(insert(cast(Table, OutboxRow.__table__)), queued)
    return len(rows), len(records) - len(rows)


def _store_error(exc: OperationalError) -> StoreError:
    original = exc.orig
    message = str(original)
    code = getattr(original, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "full" in message:
        return StoreFullError(
            "the disk is full, so nothing was saved; free some space (or ask the location's "
            "admin), then try again — everything saved earlier is safe"
        )
    if "locked" in message or "busy" in message:
        return StoreError("the database is busy in another program; try again in a moment")
    return StoreError(f"the database could not be written: {message}")


def _check_revision(
    session: Session, model: type[GuideRunRow | AssistedSessionRow], uuid: str, revision: int
) -> None:
    current = session.scalar(select(model.revision).where(model.uuid == uuid))
    if current is not None and revision <= current:
        raise StoreError(
            f"record {uuid} already has revision {current}; a correction needs a higher revision"
        )


def _guide_run_row(run: GuideRun) -> GuideRunRow:
    return GuideRunRow(
        uuid=run.uuid,
        revision=run.revision,
        guide_id=run.guide_id,
        guide_version=run.guide_version,
        language=run.language,
        started_at=run.started_at,
        ended_at=run.ended_at,
        steps=list(run.steps),
        ended=run.ended.value,
        last_step=run.last_step,
        assisted_session=run.assisted_session,
    )


def _guide_run(row: GuideRunRow) -> GuideRun:
    return GuideRun(
        guide_id=row.guide_id,
        guide_version=row.guide_version,
        language=row.language,
        started_at=row.started_at,
        ended_at=row.ended_at,
        steps=tuple(row.steps),
        ended=RunEnd(row.ended),
        last_step=row.last_step,
        assisted_session=row.assisted_session,
        uuid=row.uuid,
        revision=row.revision,
    )


def _session_row(record: AssistedSession) -> AssistedSessionRow:
    return AssistedSessionRow(
        uuid=record.uuid,
        revision=record.revision,
        started_at=record.started_at,
        ended_at=record.ended_at,
        topics=list(record.topics),
        outcome=record.outcome.value,
        volunteer=record.volunteer,
        referral=record.referral,
        language=record.language,
        age_band=record.age_band,
        first_visit=record.first_visit,
    )


def _assisted_session(row: AssistedSessionRow) -> AssistedSession:
    return AssistedSession(
        started_at=row.started_at,
        ended_at=row.ended_at,
        topics=tuple(row.topics),
        outcome=Outcome(row.outcome),
        volunteer=row.volunteer,
        referral=row.referral,
        language=row.language,
        age_band=row.age_band,
        first_visit=row.first_visit,
        uuid=row.uuid,
        revision=row.revision,
    )


def _item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        id=row.id,
        uuid=row.record_uuid,
        kind=row.kind,
        revision=row.revision,
        created_at=row.created_at,
        data=dict(row.payload),
        attempts=row.attempts,
    )
