"""kill -9 while writing and syncing: the store always reopens, and nothing is lost or doubled."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from kiosk.store import RecordStore, open_database
from kiosk.store.models import OutboxRow
from kiosk.sync.enrollment import enroll
from kiosk.sync.service import SyncService
from kiosk.sync.token_store import SERVICE
from tests.reliability.faultproxy import Fault, FaultProxy
from tests.reliability.killchild import kill_loop
from tests.support.memkeyring import MemoryKeyring
from tests.sync.livehub import live_hub

KILLS = 30
RATES = {Fault.DROP_RESPONSE: 0.1, Fault.STALL: 0.05, Fault.ERROR_503: 0.05}


def test_30_kills(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    db_path = tmp_path / "kiosk.sqlite3"
    with live_hub(tmp_path / "hub") as hub, FaultProxy(hub.url, seed=30, rates=RATES) as proxy:
        proxy.script.append(Fault.PASS)
        enrollment = enroll(db_path, proxy.url, hub.code())
        token = memory_keyring.store[(SERVICE, enrollment.kiosk_id)]
        report = kill_loop(db_path, token, KILLS, seed=99)
        proxy.rates = {}
        database = open_database(db_path)
        try:
            store = RecordStore(database)
            store.retry_now()
            result = SyncService(store).sync_once()
            kept = {run.uuid for run in store.guide_runs()} | {
                session.uuid for session in store.assisted_sessions()
            }
            with database.sessions() as session:
                outbox = list(session.scalars(select(OutboxRow.record_uuid)))
        finally:
            database.close()
        on_hub = hub.records()
    assert report.kills == KILLS
    assert report.written, "the children wrote nothing before being killed"
    assert (result.error, result.pending, result.parked) == (None, 0, 0)
    assert report.written <= kept  # every write that returned survived the kills
    assert report.written <= set(on_hub)  # ... and reached the hub
    assert set(on_hub) == kept  # nothing on the hub that the kiosk did not write
    assert len(outbox) == len(set(outbox)) == len(kept)  # one outbox row per record
