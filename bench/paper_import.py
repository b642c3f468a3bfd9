"""Rows per second of the paper-log import (`kiosk sessions import`), against baselines
measured in the same run on the same rows (issue #23, round 6: a stranger's 50 MB log ran at
about 1 ms per row and did not finish in 50 minutes).

Writes a CSV of the given size (bench/paper_log.py's rows: good ones, a bad row every 1000,
one cell over the CSV limit) and times, each on a fresh store:

- baseline `csv.reader`: a bare pass of Python's csv module over the file;
- baseline `executemany`: the same number of rows of the same shape, inserted with one bare
  sqlite3 executemany in one transaction into a table of the session columns;
- `parse`: the import's checking of every row alone (kiosk.domain.session_import);
- `two passes (before)`: the import as it was until round 6 (check every row, then parse the
  file again to write the good rows);
- `import (now)`: `import_paper_log`, one pass, one transaction.

    python bench/paper_import.py [--mb 5]

Measured on the shared 2-core machine (other helpers' tests running), see the report of the
round-6 commit for the figures of the day.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from paper_log import write_log  # noqa: E402

from kiosk.domain.session_import import Problem, read_sessions  # noqa: E402
from kiosk.services.paper_logs import import_paper_log, open_log  # noqa: E402
from kiosk.store import RecordStore, open_database  # noqa: E402

ZONE = ZoneInfo("Europe/Brussels")


def _timed(what: str, rows: int, run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"{what:<22} {rows:>9} rows {seconds:8.2f} s {rows / seconds:>10.0f} rows/s")
    return seconds


def bare_csv(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as stream:
        csv.field_size_limit(1_000_000)
        for _row in csv.reader(stream):
            pass


def bare_executemany(folder: Path, rows: int) -> None:
    db = sqlite3.connect(folder / "bare.sqlite")
    db.execute(
        "create table s (uuid text primary key, revision int, started_at text, ended_at text,"
        " topics text, outcome text, volunteer text, referral text, language text)"
    )
    values = (
        (
            f"u-{i}",
            1,
            "2024-01-02 10:00:00",
            "2024-01-02 10:20:00",
            '["taxes"]',
            "helped",
            None,
            None,
            "nl",
        )
        for i in range(rows)
    )
    with db:
        db.executemany("insert into s values (?,?,?,?,?,?,?,?,?)", values)
    db.close()


def parse_only(path: Path, now: datetime) -> None:
    with open_log(path) as stream:
        for _item in read_sessions(stream, ZONE, now):
            pass


def two_passes(path: Path, store: RecordStore, now: datetime) -> None:
    """The import before round 6: check every row, then read the file again to write."""
    parse_only(path, now)

    def good():  # type: ignore[no-untyped-def]
        with open_log(path) as stream:
            for item in read_sessions(stream, ZONE, now):
                if not isinstance(item, Problem):
                    yield item[1]

    store.add_new_sessions(good(), now=None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0)
    args = parser.parse_args()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="paper-import-") as tmp:
        folder = Path(tmp)
        path = folder / "log.csv"
        rows = write_log(path, args.mb)
        print(f"{args.mb} MB, {rows} rows")
        base_csv = _timed("baseline csv.reader", rows, lambda: bare_csv(path))
        base_db = _timed("baseline executemany", rows, lambda: bare_executemany(folder, rows))
        _timed("parse (check) only", rows, lambda: parse_only(path, now))
        before = RecordStore(open_database(folder / "before.sqlite"))
        old = _timed("two passes (before)", rows, lambda: two_passes(path, before, now))
        store = RecordStore(open_database(folder / "now.sqlite"))
        new = _timed(
            "import (now)", rows, lambda: import_paper_log(path, store, ZONE, now, print_nothing)
        )
        print(
            f"import now: {old / new:.2f}x the speed of before; "
            f"{new / (base_csv + base_db):.1f}x the time of the two bare baselines together"
        )
    return 0


def print_nothing(_problem: Problem) -> None:
    pass


if __name__ == "__main__":
    sys.exit(main())
