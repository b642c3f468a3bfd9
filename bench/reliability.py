"""kill -9 at random moments while a kiosk writes and syncs through a faulty network.

    .venv/bin/python bench/reliability.py [--kills 200] [--seed 1]

A real hub on 127.0.0.1 sits behind the fault proxy (dropped requests and responses, stalls,
503s). A child process adds records and syncs in a loop and is killed with SIGKILL, `--kills`
times (tests/reliability/killchild.py); after every kill the store must open cleanly. Then one
last sync drains the outbox, and the hub is compared with what the children confirmed:
`lost` = confirmed writes missing on the hub, `duplicated` = hub rows beyond one per uuid plus
records on the hub the kiosk never kept. Both must be 0.
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
from sqlalchemy import func, select  # noqa: E402

from kiosk.hub.db.models import RecordRow  # noqa: E402
from kiosk.store import RecordStore, open_database  # noqa: E402
from kiosk.sync.enrollment import enroll  # noqa: E402
from kiosk.sync.service import SyncService  # noqa: E402
from kiosk.sync.token_store import SERVICE  # noqa: E402
from tests.reliability.faultproxy import Fault, FaultProxy  # noqa: E402
from tests.reliability.killchild import kill_loop  # noqa: E402
from tests.support.memkeyring import MemoryKeyring  # noqa: E402
from tests.sync.livehub import live_hub  # noqa: E402

RATES = {
    Fault.DROP_REQUEST: 0.05,
    Fault.DROP_RESPONSE: 0.1,
    Fault.STALL: 0.05,
    Fault.ERROR_503: 0.05,
    Fault.CAPTIVE: 0.05,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reliability-") as tmp:
        folder = Path(tmp)
        db_path = folder / "kiosk.sqlite3"
        with (
            live_hub(folder / "hub") as hub,
            FaultProxy(hub.url, seed=args.seed, rates=RATES) as proxy,
        ):
            proxy.script.append(Fault.PASS)
            enrollment = enroll(db_path, proxy.url, hub.code())
            token = backend.store[(SERVICE, enrollment.kiosk_id)]
            report = kill_loop(db_path, token, args.kills, args.seed)
            proxy.rates = {}
            database = open_database(db_path)
            try:
                store = RecordStore(database)
                store.retry_now()
                result = SyncService(store).sync_once()
                kept = {run.uuid for run in store.guide_runs()}
                kept |= {session.uuid for session in store.assisted_sessions()}
            finally:
                database.close()
            on_hub = hub.records()
            with hub.db.sessions() as session:
                rows = int(session.scalar(select(func.count()).select_from(RecordRow)) or 0)
    lost = len(report.written - set(on_hub))
    duplicated = (rows - len(on_hub)) + len(set(on_hub) - kept)
    elapsed = time.perf_counter() - started
    print(
        f"kills={report.kills} (during start-up: {report.during_startup}) "
        f"records={len(report.written)} confirmed, {len(kept)} kept, {rows} on the hub"
    )
    print(f"final sync: error={result.error} pending={result.pending} parked={result.parked}")
    print(f"lost={lost} duplicated={duplicated}  ({elapsed:.0f} s)")
    return 0 if lost == 0 and duplicated == 0 and result.pending == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
