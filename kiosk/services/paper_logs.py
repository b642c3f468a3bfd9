"""Importing a paper log of assisted sessions (`kiosk sessions import FILE.csv`).

One pass over the file, read as a stream (kiosk.domain.session_import): every row is checked
and each bad one reported, and the good rows go to `RecordStore.add_new_sessions` in batches of
ONE transaction, committed only after the last row: a crash or a full disk writes none of them.
(Until round 6 the file was parsed twice, once to check and once to write: half the time.)
Memory does not grow with the size of the file (bench/paper_log.py measures a 50 MB file;
bench/paper_import.py the rows per second).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TextIO

from kiosk.domain.records import AssistedSession
from kiosk.domain.session_import import Problem, read_sessions
from kiosk.store import RecordStore


@dataclass(frozen=True)
class ImportResult:
    added: int
    already: int
    bad: int


def open_log(path: Path) -> TextIO:
    """The file as text; bytes that are not UTF-8 become a problem of their row."""
    return path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")


def import_paper_log(
    path: Path,
    store: RecordStore,
    zone: tzinfo,
    now: datetime,
    report: Callable[[Problem], None],
) -> ImportResult:
    """Check every row (reporting each bad one) and write the good ones, in one pass over the
    file and in ONE transaction: nothing is committed before the last row was checked, and a
    crash, a full disk or a file that cannot be read any more writes none of them.

    Raises OSError when the file cannot be read and StoreError when the store cannot be
    written (then nothing was written).
    """
    bad = 0

    def good_rows() -> Iterator[AssistedSession]:
        nonlocal bad
        with open_log(path) as stream:
            for item in read_sessions(stream, zone, now):
                if isinstance(item, Problem):
                    bad += 1
                    report(item)
                else:
                    yield item[1]

    added, already = store.add_new_sessions(good_rows(), now=None)
    return ImportResult(added, already, bad)
