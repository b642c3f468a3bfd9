"""A real hub on 127.0.0.1 for the sync tests, and records made by the kiosk's domain code."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from kiosk.domain.records import AssistedSession, GuideRun, Outcome, Record, RunEnd
from kiosk.hub.db.engine import HubDatabase, open_hub_db
from kiosk.hub.db.models import RecordRow
from kiosk.hub.kiosks.enrollment import create_enroll_code
from kiosk.hub.locations import add_location
from kiosk.hub.server import start_hub_in_thread
from kiosk.hub.settings import HubSettings, sqlite_url

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
_serial = itertools.count()


@dataclass
class LiveHub:
    url: str
    db: HubDatabase
    location_id: str

    def code(self, valid_hours: float = 24, issued_hours_ago: float = 0) -> str:
        issued = datetime.now(UTC) - timedelta(hours=issued_hours_ago)
        code, _expires = create_enroll_code(self.db, self.location_id, valid_hours, issued)
        return code

    def records(self) -> dict[str, int]:
        """uuid -> revision of every record the hub holds."""
        with self.db.sessions() as session:
            return dict(session.execute(select(RecordRow.uuid, RecordRow.revision)).all())

    def count(self) -> int:
        with self.db.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(RecordRow)) or 0)


@contextmanager
def live_hub(folder: Path, **settings: object) -> Iterator[LiveHub]:
    """A hub on SQLite in `folder`, with one location, on 127.0.0.1 and a free port."""
    hub_settings = HubSettings(
        db_url=sqlite_url(folder / "hub.sqlite3"), hub_dir=folder, purge_job=False
    ).with_(**settings)
    db = open_hub_db(hub_settings.db_url)
    location_id = add_location(db, "Bibliotheek Sync")
    url, stop = start_hub_in_thread(hub_settings, db)
    try:
        yield LiveHub(url, db, location_id)
    finally:
        stop()
        db.close()


def make_record(index: int | None = None) -> Record:
    """A valid record; even indexes are guide runs, odd ones assisted sessions."""
    n = next(_serial) if index is None else index
    start = T0 + timedelta(minutes=n)
    if n % 2:
        referred = n % 5 == 0
        return AssistedSession(
            started_at=start,
            ended_at=start + timedelta(minutes=20),
            topics=("taxes",) if n % 3 else ("digid_itsme", "banking"),
            outcome=Outcome.REFERRED if referred else Outcome.HELPED,
            referral="social_services" if referred else None,
            volunteer=f"vol-{n % 7}",
            language="nl",
        )
    return GuideRun(
        guide_id="digid-apply",
        guide_version=2,
        language="nl",
        started_at=start,
        ended_at=start + timedelta(minutes=6),
        steps=("intro", "open_site", "done"),
        ended=RunEnd.COMPLETED,
        last_step="done",
    )
