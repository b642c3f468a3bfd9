"""Sync through every fault at once: each record reaches the hub exactly once, none is lost."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path

from kiosk.store import RecordStore, open_database
from kiosk.sync.backoff import Backoff
from kiosk.sync.enrollment import enroll
from kiosk.sync.service import SyncService
from kiosk.sync.transport import Timeouts
from tests.reliability.faultproxy import Fault, FaultProxy
from tests.sync.livehub import live_hub, make_record

RECORDS = 2000
RATES = {fault: 0.06 for fault in Fault if fault is not Fault.PASS}


def test_2000_records_through_every_fault(tmp_path: Path) -> None:
    db_path = tmp_path / "kiosk.sqlite3"
    with (
        live_hub(tmp_path / "hub") as hub,
        FaultProxy(hub.url, seed=2024, rates=RATES) as proxy,
    ):
        proxy.script.append(Fault.PASS)  # let the enrollment through
        enroll(db_path, proxy.url, hub.code(), name="basement kiosk")
        database = open_database(db_path)
        try:
            store = RecordStore(database)
            uuids = set()
            for index in range(RECORDS):
                record = make_record(index)
                store.add(record)
                uuids.add(record.uuid)
            sync = SyncService(
                store,
                timeouts=Timeouts(connect=1, read=0.4, write=1, pool=1),
                backoff=Backoff(base=0.01, cap=0.05, rng=random.Random(7)),
                batch_size=50,
            )
            rounds = 0
            while rounds < 1000:
                rounds += 1
                result = sync.sync_once()
                if result.error is None and result.pending == 0:
                    break
                wait = sync.seconds_to_next(1.0)
                time.sleep(min(wait, 0.1))
            counts = store.counts()
            state = store.get_state("sync")
        finally:
            database.close()
        on_hub = hub.records()
        applied = dict(proxy.counts)
    assert counts.pending == 0
    assert counts.parked == 0
    assert counts.sent == RECORDS
    assert set(on_hub) == uuids  # every record, and nothing else
    assert len(on_hub) == RECORDS  # once each (the hub's key is the uuid)
    assert all(revision == 1 for revision in on_hub.values())
    missing = [fault for fault in Fault if applied.get(fault, 0) == 0]
    assert missing == [], f"faults never applied: {missing} ({applied})"
    assert state is not None
    assert state["last_error"] is None
    assert datetime.fromisoformat(state["last_sync_ok"]) <= datetime.now(UTC)
