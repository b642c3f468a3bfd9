"""Hostile record batches against a real hub process: counts of answers, and server errors.

    .venv/bin/python bench/fuzz_hub.py [--examples 10000] [--backend sqlite|postgresql]

A hub (`kiosk hub serve`) on 127.0.0.1 gets `--examples` batches from the hypothesis fuzzer of
tests/support/hostile_records.py (good records mixed with hostile ones; issue #17), then, as the
baseline in the same run, the same number of plain good batches. Prints the answers by status
for both, the records accepted and rejected, batches where a good record was not accepted, and
server errors (5xx, or no answer at all). Expected: 0 server errors and 0 lost good records.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.hub_ingest import hub_process  # noqa: E402
from kiosk.hub.db.engine import open_hub_db  # noqa: E402
from kiosk.hub.kiosks.enrollment import create_enroll_code  # noqa: E402
from kiosk.hub.locations import add_location  # noqa: E402
from kiosk.hub.settings import sqlite_url  # noqa: E402
from tests.support.hostile_records import (  # noqa: E402
    JSON_HEADERS,
    body,
    good_record,
    judge,
    mixed_batch,
)
from tests.support.testing_pg import throwaway_postgres  # noqa: E402


class Tally:
    def __init__(self) -> None:
        self.statuses: Counter[str] = Counter()
        self.records: Counter[str] = Counter()
        self.lost_good = 0
        self.examples: list[str] = []
        self.seconds = 0.0

    def post(self, client: httpx.Client, batch: list[Any], good: list[str]) -> None:
        started = time.perf_counter()
        try:
            response = client.post("/api/v1/records", content=body(batch))
        except httpx.HTTPError as exc:
            self.statuses["no answer"] += 1
            self._keep(f"no answer: {exc!r}", batch)
            return
        finally:
            self.seconds += time.perf_counter() - started
        self.statuses[str(response.status_code)] += 1
        if response.status_code >= 500:
            self._keep(f"{response.status_code}: {response.text[:200]}", batch)
            return
        if response.status_code != 200:
            return
        answer = response.json()
        self.records["accepted"] += len(answer["accepted"])
        self.records["duplicates"] += len(answer["duplicates"])
        for item in answer["rejected"]:
            self.records[f"rejected {item['reason']}"] += 1
        if judge(answer, good):
            self.lost_good += 1
            self._keep("good record lost", batch)

    def _keep(self, what: str, batch: list[Any]) -> None:
        if len(self.examples) < 5:
            self.examples.append(f"{what}\n    {body(batch)[:400]!r}")

    @property
    def server_errors(self) -> int:
        return sum(
            n for status, n in self.statuses.items() if not status.isdigit() or status >= "500"
        )

    def report(self, title: str) -> None:
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(self.statuses.items()))
        records = ", ".join(f"{kind}: {n}" for kind, n in sorted(self.records.items()))
        batches = sum(self.statuses.values())
        print(f"{title}: {batches} batches in {self.seconds:.1f} s of requests")
        print(f"  answers   {statuses}")
        print(f"  records   {records}")
        print(
            f"  server errors {self.server_errors}, batches losing a good record {self.lost_good}"
        )
        for example in self.examples:
            print("  e.g.", example)


def run(url: str, token: str, examples: int) -> tuple[Tally, Tally]:
    hostile, plain = Tally(), Tally()
    fuzz_settings = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],  # no shrinking: count what was found
    )
    headers = {"Authorization": f"Bearer {token}", **JSON_HEADERS}
    with httpx.Client(base_url=url, timeout=60, headers=headers) as client:

        @given(case=mixed_batch())
        @fuzz_settings
        def fuzz(case: tuple[list[Any], list[str]]) -> None:
            hostile.post(client, *case)

        @given(good=st.lists(good_record(), min_size=1, max_size=8))
        @fuzz_settings
        def baseline(good: list[dict[str, Any]]) -> None:
            plain.post(client, good, [r["uuid"] for r in good])

        fuzz()
        baseline()
    return hostile, plain


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        server = throwaway_postgres("fuzz_hub") if args.backend == "postgresql" else nullcontext()
        with server as pg_url:
            db_url = pg_url or sqlite_url(home / "hub" / "hub.sqlite3")
            db = open_hub_db(db_url)
            location_id = add_location(db, "Fuzz")
            code, _expires = create_enroll_code(db, location_id)
            db.close()
            with hub_process(db_url, home) as url:
                enrolled = httpx.post(
                    url + "/api/v1/enroll", json={"code": code, "name": "fuzz"}, timeout=30
                )
                token = enrolled.json()["token"]
                hostile, plain = run(url, token, args.examples)
    print(f"hub on {args.backend}, {args.examples} examples each")
    hostile.report("hostile batches")
    plain.report("baseline: good batches")
    return 1 if hostile.server_errors or hostile.lost_good or plain.server_errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
