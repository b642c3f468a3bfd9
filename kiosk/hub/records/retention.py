"""Retention: raw records older than the retention period are deleted, their counts are kept.

`purge()` deletes with `DELETE ... RETURNING` and folds exactly the rows it deleted into
`archived_counts` in the same transaction, so two hub processes purging at once cannot count a
record twice. Expired staff sessions, old login attempts and used or expired enrollment codes go
too, and so do the first names and phone numbers of appointments before today (issue #8).
`claim_daily_run()` lets one of several hub processes run the daily job.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.hub.audit import SYSTEM, Actor, audit
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import (
    ArchivedCount,
    EnrollCode,
    Job,
    LoginAttempt,
    RecordRow,
    StaffSession,
)
from kiosk.hub.helpdesk.appointments import forget_contacts, forget_old_appointments
from kiosk.hub.records.stats import facts, week_of

log = logging.getLogger(__name__)
JOB_NAME = "purge"


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    records_deleted: int
    counts_archived: int
    #: appointments whose first name and phone were emptied (the day after; issue #8)
    contacts_deleted: int = 0


def months_before(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month + 1, day=day)


def purge(
    db: HubDatabase, retention_months: int, now: datetime, actor: Actor = SYSTEM
) -> PurgeResult:
    cutoff = months_before(now, retention_months)
    with db.sessions.begin() as session:
        deleted = session.execute(
            delete(RecordRow)
            .where(RecordRow.started_at < cutoff)
            .returning(
                RecordRow.kind,
                RecordRow.location_id,
                RecordRow.started_at,
                RecordRow.data_json,
                RecordRow.unknown_ids,
            )
        ).all()
        counts: Counter[tuple[date, str, str, str]] = Counter()
        for kind, location_id, started_at, data_json, unknown_ids in deleted:
            for dimension, key in facts(kind, json.loads(data_json), unknown_ids):
                counts[(week_of(started_at), location_id, dimension, key)] += 1
        if counts:
            session.execute(
                insert(ArchivedCount),
                [
                    {"week": w, "location_id": loc, "dimension": d, "key": k[:200], "count": n}
                    for (w, loc, d, k), n in counts.items()
                ],
            )
        contacts = forget_contacts(session, now)
        forget_old_appointments(session, cutoff)
        session.execute(delete(StaffSession).where(StaffSession.expires_at < now))
        session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - timedelta(days=1)))
        session.execute(
            delete(EnrollCode)
            .where(EnrollCode.expires_at < now - timedelta(days=30))
            .where(EnrollCode.used_at.is_(None))
        )
        audit(
            session,
            "records.purged",
            actor,
            details={
                "records": len(deleted),
                "contacts": contacts,
                "before": cutoff.date().isoformat(),
            },
            at=now,
        )
    result = PurgeResult(cutoff, len(deleted), len(counts), contacts)
    log.info(
        "purge: %d records older than %s deleted, %d counts archived, "
        "%d appointment contacts deleted",
        result.records_deleted,
        cutoff.date().isoformat(),
        result.counts_archived,
        result.contacts_deleted,
    )
    return result


def claim_daily_run(db: HubDatabase, now: datetime, every: timedelta = timedelta(hours=23)) -> bool:
    """True for exactly one caller per period, across every hub process on this database."""
    with db.sessions.begin() as session:
        if session.get(Job, JOB_NAME) is None:
            try:
                with session.begin_nested():
                    session.add(Job(name=JOB_NAME, last_run_at=None))
            except IntegrityError:
                pass
        claimed = session.execute(
            update(Job)
            .where(Job.name == JOB_NAME)
            .where((Job.last_run_at.is_(None)) | (Job.last_run_at < now - every))
            .values(last_run_at=now)
        )
        return getattr(claimed, "rowcount", 0) == 1


def last_run(db: HubDatabase) -> datetime | None:
    with db.sessions() as session:
        return session.scalar(select(Job.last_run_at).where(Job.name == JOB_NAME))
