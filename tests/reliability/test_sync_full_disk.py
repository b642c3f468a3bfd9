"""A full disk: the store refuses a write clearly, keeps everything written, and still drains."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event

from kiosk.store import RecordStore, StoreFullError, open_database
from kiosk.sync.enrollment import enroll
from kiosk.sync.service import SyncService
from tests.sync.livehub import live_hub, make_record


def page_count(db_path: Path) -> int:
    connection = sqlite3.connect(db_path)
    try:
        return int(connection.execute("PRAGMA page_count").fetchone()[0])
    finally:
        connection.close()


def test_full_store_refuses_keeps_and_drains(tmp_path: Path) -> None:
    db_path = tmp_path / "kiosk.sqlite3"
    with live_hub(tmp_path / "hub") as hub:
        enroll(db_path, hub.url, hub.code())
        database = open_database(db_path)
        store = RecordStore(database)
        written = []
        for index in range(60):  # a kiosk that synced before the disk filled up
            record = make_record(index)
            store.add(record)
            written.append(record.uuid)
        assert SyncService(store).sync_once().pending == 0
        database.close()

        limit = page_count(db_path) + 40  # the "disk": some pages more than there are now

        def cap(connection: Any, _record: Any) -> None:
            connection.execute(f"PRAGMA max_page_count={limit}")

        database = open_database(db_path)
        event.listen(database.engine, "connect", cap)
        database.engine.dispose()
        store = RecordStore(database)
        try:
            index = 60
            refused: StoreFullError | None = None
            while refused is None and index < 5000:
                record = make_record(index)
                try:
                    store.add(record)
                except StoreFullError as exc:
                    refused = exc
                    break
                written.append(record.uuid)
                index += 1
            assert refused is not None
            assert "disk is full" in str(refused)
            assert "everything saved earlier is safe" in str(refused)
            refused_uuid = record.uuid
            kept = {run.uuid for run in store.guide_runs()} | {
                session.uuid for session in store.assisted_sessions()
            }
            # Nothing written before is lost; the refused record is not half-kept.
            assert kept == set(written)
            assert refused_uuid not in kept
            assert store.counts().pending == len(written) - 60
            assert len(written) > 70  # the cap left room for a few more records

            result = SyncService(store).sync_once()  # still full, and the outbox drains
            assert (result.error, result.pending, result.parked) == (None, 0, 0)
            # To mark them sent, confirmed outbox rows were forgotten; the records stay.
            assert store.counts().sent < len(written)
            assert len(store.guide_runs()) + len(store.assisted_sessions()) == len(written)
        finally:
            database.close()
        on_hub = hub.records()
    assert set(on_hub) == set(written)
    assert refused_uuid not in on_hub
