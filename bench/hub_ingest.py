"""How fast the hub takes in records, against a plain bulk insert of the same rows.

    .venv/bin/python bench/hub_ingest.py [--records 20000] [--batch 500] [--rounds 3]
                                         [--backend sqlite|postgresql|both]

For each backend: a real hub process (`kiosk hub serve`) on 127.0.0.1 gets the records posted
in batches of 500 over HTTP (keep-alive, one kiosk token); then the same rows, already prepared,
are bulk-inserted through SQLAlchemy into a fresh database of the same kind, one transaction per
batch. Prints both rates and their ratio. PostgreSQL runs in a throwaway cluster with fsync on
(tests.support.testing_pg); SQLite uses WAL with synchronous=FULL, as the hub does.
Targets (issue #5): >= 2,000 records/s on SQLite, and >= 30 % of the bulk-insert rate.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.domain.records import AssistedSession, GuideRun, Outcome, RunEnd  # noqa: E402
from kiosk.hub.db.engine import open_hub_db  # noqa: E402
from kiosk.hub.db.models import RecordRow  # noqa: E402
from kiosk.hub.kiosks.enrollment import KioskRef, create_enroll_code  # noqa: E402
from kiosk.hub.locations import add_location  # noqa: E402
from kiosk.hub.records.ingest import as_row, prepare_all  # noqa: E402
from kiosk.hub.settings import sqlite_url  # noqa: E402
from tests.support.testing_pg import free_port, throwaway_postgres  # noqa: E402


def make_records(count: int) -> list[dict[str, Any]]:
    start = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    records: list[dict[str, Any]] = []
    for index in range(count):
        moment = start + timedelta(minutes=7 * index)
        record: GuideRun | AssistedSession
        if index % 2:
            record = AssistedSession(
                started_at=moment,
                ended_at=moment + timedelta(minutes=25),
                topics=("taxes", "allowances") if index % 3 else ("digid_itsme",),
                outcome=Outcome.REFERRED if index % 7 == 0 else Outcome.HELPED,
                referral="social_services" if index % 7 == 0 else None,
                volunteer=f"vol-{index % 9}",
                language="nl",
                age_band="65_74",
                first_visit=bool(index % 4),
            )
        else:
            record = GuideRun(
                guide_id="digid-apply",
                guide_version=3,
                language="nl",
                started_at=moment,
                ended_at=moment + timedelta(minutes=6),
                steps=("intro", "open_site", "enter_bsn", "choose_method", "confirm", "done"),
                ended=RunEnd.COMPLETED,
                last_step="done",
            )
        records.append(
            {
                "uuid": record.uuid,
                "kind": record.kind.value,
                "revision": 1,
                "created_at": (moment + timedelta(hours=1)).isoformat(timespec="seconds"),
                "data": record.to_payload(),
            }
        )
    return records


@contextmanager
def hub_process(db_url: str, home: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "KIOSK_HOME": str(home), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "hub", "serve", "--db", db_url, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the hub did not start")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


def via_hub(db_url: str, records: list[dict[str, Any]], batch: int, home: Path) -> float:
    db = open_hub_db(db_url)
    location_id = add_location(db, "Bench")
    code, _ = create_enroll_code(db, location_id)
    db.close()
    with hub_process(db_url, home) as url, httpx.Client(base_url=url, timeout=60) as client:
        token = client.post("/api/v1/enroll", json={"code": code, "name": "bench"}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        client.post("/api/v1/records", json={"records": records[:1]}, headers=headers)  # warm-up
        started = time.perf_counter()
        for first in range(1, len(records), batch):
            chunk = records[first : first + batch]
            response = client.post("/api/v1/records", json={"records": chunk}, headers=headers)
            response.raise_for_status()
            if len(response.json()["accepted"]) != len(chunk):
                raise SystemExit(f"the hub did not accept every record: {response.text[:300]}")
        elapsed = time.perf_counter() - started
    return (len(records) - 1) / elapsed


def bulk_insert(db_url: str, records: list[dict[str, Any]], batch: int) -> float:
    db = open_hub_db(db_url)
    valid, rejected = prepare_all(records)
    assert not rejected
    now = datetime.now(UTC)
    kiosk = KioskRef("00000000-0000-4000-8000-000000000000", "bench")
    rows = [as_row(record, kiosk, now) for record in valid]
    table = RecordRow.__table__
    started = time.perf_counter()
    for first in range(0, len(rows), batch):
        with db.engine.begin() as connection:
            connection.execute(insert(table), rows[first : first + batch])
    elapsed = time.perf_counter() - started
    db.close()
    return len(rows) / elapsed


def measure(backend: str, records: list[dict[str, Any]], batch: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmp:
        folder = Path(tmp)
        if backend == "sqlite":
            hub_url = sqlite_url(folder / "hub.sqlite3")
            bulk_url = sqlite_url(folder / "bulk.sqlite3")
            context: Any = nullcontext()
        else:
            context = throwaway_postgres("bench", durable=True)
        with context as pg_url:
            if backend != "sqlite":
                hub_url = pg_url
                bulk_url = pg_url.rsplit("/", 1)[0] + "/postgres"
            hub_rate = via_hub(hub_url, records, batch, folder / "home")
            bulk_rate = bulk_insert(bulk_url, records, batch)
    return hub_rate, bulk_rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--rounds", type=int, default=3, help="fresh databases each round; medians are shown"
    )
    args = parser.parse_args()
    records = make_records(args.records + 1)
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    print(f"{args.records} records in batches of {args.batch}, median of {args.rounds} rounds")
    print(f"{'backend':<11} {'hub (rec/s)':>12} {'bulk insert (rec/s)':>20} {'ratio':>7}")
    ok = True
    for backend in backends:
        rounds = [measure(backend, records, args.batch) for _ in range(args.rounds)]
        hub_rate = statistics.median(hub for hub, _bulk in rounds)
        bulk_rate = statistics.median(bulk for _hub, bulk in rounds)
        ratio = statistics.median(hub / bulk for hub, bulk in rounds)
        print(f"{backend:<11} {hub_rate:>12,.0f} {bulk_rate:>20,.0f} {ratio:>7.0%}")
        ok &= ratio >= 0.30 and (backend != "sqlite" or hub_rate >= 2000)
    print("targets (>= 2,000 rec/s on SQLite, >= 30 % of bulk):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
