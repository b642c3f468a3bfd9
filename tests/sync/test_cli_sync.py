"""`kiosk sync --once` and `kiosk status --json` in a child process, and the sync loop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from kiosk.store import RecordStore, open_database
from kiosk.sync.service import SyncService
from tests.sync.livehub import LiveHub, make_record

ROOT = Path(__file__).resolve().parents[2]


def cli(args: list[str], keyring_file: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "tests.sync.filekeyring.FileKeyring",
        "KIOSK_TEST_KEYRING_FILE": str(keyring_file),
    }
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_sync_once_and_status(hub: LiveHub, db_path: Path, tmp_path: Path) -> None:
    keys = tmp_path / "keyring.json"
    assert cli(["sync", "--once"], keys).returncode == 1  # not enrolled: one line, exit 1
    assert cli(["enroll", hub.url, hub.code()], keys).returncode == 0
    database = open_database(db_path)
    try:
        store = RecordStore(database)
        uuids = set()
        for _ in range(25):
            record = make_record()
            store.add(record)
            uuids.add(record.uuid)
    finally:
        database.close()
    before = json.loads(cli(["status", "--json"], keys).stdout)
    assert (before["outbox_pending"], before["last_sync_ok"]) == (25, None)

    result = cli(["sync", "--once"], keys)
    assert result.returncode == 0, result.stderr
    assert set(hub.records()) == uuids
    status = json.loads(cli(["status", "--json"], keys).stdout)
    assert status["enrolled"] is True
    assert status["hub_url"] == hub.url
    assert status["outbox_pending"] == 0
    assert status["outbox_parked"] == 0
    assert status["last_error"] is None
    assert status["last_sync_ok"] is not None
    assert isinstance(status["guides"], list)

    # The hub goes away: exit 1 with the reason, and status shows it.
    hub_down = cli(["enroll", "http://127.0.0.1:9", "X"], keys)
    assert hub_down.returncode == 1
    database = open_database(db_path)
    try:
        store = RecordStore(database)
        store.add(make_record())
        enrollment = store.get_state("enrollment")
        assert enrollment is not None
        store.set_state("enrollment", {**enrollment, "hub_url": "http://127.0.0.1:9"})
    finally:
        database.close()
    failed = cli(["sync", "--once"], keys)
    assert failed.returncode == 1
    lines = [line for line in failed.stderr.splitlines() if line.startswith("kiosk: ")]
    assert len(lines) == 1, failed.stderr
    assert "cannot reach the hub" in lines[0]
    status = json.loads(cli(["status", "--json"], keys).stdout)
    assert status["outbox_pending"] == 1
    assert "cannot reach the hub" in status["last_error"]
    assert status["last_sync_ok"] is not None  # the last good one is kept


def test_the_loop_syncs_new_records_when_woken(enrolled: LiveHub, store: RecordStore) -> None:
    service = SyncService(store)
    stop = threading.Event()
    worker = threading.Thread(target=service.run, args=(3600, stop), daemon=True)
    worker.start()
    try:
        record = make_record()
        store.add(record)
        service.wake()
        deadline = time.monotonic() + 60
        while record.uuid not in enrolled.records() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert record.uuid in enrolled.records()
    finally:
        stop.set()
        worker.join(30)
    assert not worker.is_alive()
