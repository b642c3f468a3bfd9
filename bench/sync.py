"""How fast a kiosk drains its outbox to a hub on loopback, against the hub's raw intake.

    .venv/bin/python bench/sync.py [--records 10000] [--batch 200]

Queues the records in a real kiosk store (not timed), enrolls with a real hub process
(`kiosk hub serve`, SQLite) and times `SyncService.sync_once()` draining everything: reading
the outbox, posting batches, judging every answer, marking sent. Then, in the same run, the
same records are posted straight to a fresh hub in batches of 500, as bench/hub_ingest.py does:
the hub's raw intake rate. Target (issue #6): 10,000 records drained in <= 10 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402

from bench.hub_ingest import hub_process, via_hub  # noqa: E402
from kiosk.hub.db.engine import open_hub_db  # noqa: E402
from kiosk.hub.kiosks.enrollment import create_enroll_code  # noqa: E402
from kiosk.hub.locations import add_location  # noqa: E402
from kiosk.hub.settings import sqlite_url  # noqa: E402
from kiosk.store import RecordStore, open_database  # noqa: E402
from kiosk.sync.enrollment import enroll  # noqa: E402
from kiosk.sync.service import SyncService  # noqa: E402
from tests.support.memkeyring import MemoryKeyring  # noqa: E402
from tests.sync.livehub import make_record  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=200, help="the kiosk's batch size")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())  # the bench's token lives only in this process
    with tempfile.TemporaryDirectory(prefix="sync-bench-") as tmp:
        folder = Path(tmp)
        store_path = folder / "kiosk.sqlite3"
        database = open_database(store_path)
        store = RecordStore(database)
        started = time.perf_counter()
        for index in range(args.records):
            store.add(make_record(index))
        queued = time.perf_counter() - started
        envelopes = [item.envelope() for item in store.due(args.records + 1)]

        hub_url = sqlite_url(folder / "hub.sqlite3")
        hub_db = open_hub_db(hub_url)
        location = add_location(hub_db, "Bench")
        code, _ = create_enroll_code(hub_db, location)
        hub_db.close()
        with hub_process(hub_url, folder / "hub-home") as url:
            enroll(store_path, url, code, name="bench kiosk")
            started = time.perf_counter()
            result = SyncService(store, batch_size=args.batch).sync_once()
            drained = time.perf_counter() - started
        database.close()
        if result.error or result.pending or result.sent != args.records:
            print(f"the drain did not finish: {result}")
            return 1
        raw_rate = via_hub(sqlite_url(folder / "raw.sqlite3"), envelopes, 500, folder / "raw-home")
    rate = args.records / drained
    print(f"{args.records} records queued in the kiosk store in {queued:.1f} s (not timed below)")
    print(
        f"kiosk drain (batches of {args.batch}, incl. marking sent): {drained:.2f} s = "
        f"{rate:,.0f} records/s"
    )
    print(f"hub raw intake (batches of 500, same run):          {raw_rate:,.0f} records/s")
    print(f"drain / raw intake: {rate / raw_rate:.0%}")
    ok = drained <= 10.0 * args.records / 10_000
    print("target (10,000 records in <= 10 s):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
