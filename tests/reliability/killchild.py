"""kill -9 while writing and syncing: the child process, and the loop that kills it.

The child (`python -m tests.reliability.killchild DB SEED`, the token in KIOSK_TEST_TOKEN)
opens the kiosk store, prints `ready`, then forever adds a few records, printing each uuid only
after `add()` returned, and syncs. `kill_loop()` starts it, kills it with SIGKILL at a random
moment (during start-up, writing, or syncing), checks that the store opens cleanly afterwards,
and collects the uuids whose write returned. `bench/reliability.py` uses the same loop.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _record(rng: random.Random) -> object:
    from kiosk.domain.records import AssistedSession, GuideRun, Outcome, RunEnd

    start = datetime(2025, 5, 5, 9, 0, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 90_000))
    if rng.random() < 0.5:
        return AssistedSession(
            started_at=start,
            ended_at=start + timedelta(minutes=15),
            topics=("energy",),
            outcome=Outcome.PARTLY,
            volunteer="vol-1",
        )
    return GuideRun(
        guide_id="energy-allowance",
        guide_version=1,
        language="fr",
        started_at=start,
        ended_at=start + timedelta(minutes=9),
        steps=("intro", "done"),
        ended=RunEnd.ABANDONED,
        last_step="done",
    )


def child_main(db_path: str, seed: int) -> None:
    import logging

    from kiosk.store import RecordStore, open_database
    from kiosk.sync.backoff import Backoff
    from kiosk.sync.service import SyncService
    from kiosk.sync.transport import Timeouts

    logging.disable(logging.CRITICAL)
    token = os.environ["KIOSK_TEST_TOKEN"]
    rng = random.Random(seed)
    store = RecordStore(open_database(Path(db_path)))
    print("ready", flush=True)
    sync = SyncService(
        store,
        token_provider=lambda _kiosk_id: token,
        timeouts=Timeouts(connect=1, read=0.4, write=1, pool=1),
        backoff=Backoff(base=0.01, cap=0.05, rng=rng),
        batch_size=rng.choice((5, 20, 200)),
    )
    while True:
        for _ in range(rng.randint(1, 15)):
            record = _record(rng)
            store.add(record)  # type: ignore[arg-type]
            print(record.uuid, flush=True)  # type: ignore[attr-defined]
        sync.sync_once()


@dataclass
class KillReport:
    written: set[str] = field(default_factory=set)
    kills: int = 0
    during_startup: int = 0


def _integrity(db_path: Path) -> None:
    """The store opens cleanly (migrations, newer-schema guard) and SQLite finds no damage."""
    from kiosk.store import RecordStore, open_database

    database = open_database(db_path)
    try:
        RecordStore(database).counts()
    finally:
        database.close()
    connection = sqlite3.connect(db_path)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    if result != "ok":
        raise AssertionError(f"integrity_check after a kill: {result}")


def _read(stream: Any, lines: list[str], ready: threading.Event) -> None:
    """Collect complete lines only: a line cut by the kill was never confirmed."""
    for line in stream:
        if line.endswith("\n"):
            lines.append(line.strip())
            if line.strip() == "ready":
                ready.set()


def kill_loop(db_path: Path, token: str, kills: int, seed: int) -> KillReport:
    rng = random.Random(seed)
    report = KillReport()
    env = {**os.environ, "KIOSK_TEST_TOKEN": token, "PYTHONPATH": str(ROOT)}
    for round_ in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.killchild", str(db_path), str(seed + round_)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        lines: list[str] = []
        ready = threading.Event()
        reader = threading.Thread(target=_read, args=(child.stdout, lines, ready), daemon=True)
        reader.start()
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0.0, 0.8))  # somewhere in start-up, maybe past it
            report.during_startup += not ready.is_set()
        else:
            if not ready.wait(60):
                child.kill()
                raise AssertionError(f"the child did not start: {child.stderr.read()}")  # type: ignore[union-attr]
            time.sleep(rng.uniform(0.0, 0.6))
        if child.poll() is not None:
            raise AssertionError(f"the child died by itself: {child.stderr.read()}")  # type: ignore[union-attr]
        child.send_signal(signal.SIGKILL)
        child.wait()
        reader.join(10)
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]
        report.kills += 1
        report.written.update(line for line in lines if line != "ready")
        _integrity(db_path)
    return report


if __name__ == "__main__":
    child_main(sys.argv[1], int(sys.argv[2]))
