"""Importing a paper log of assisted sessions (`kiosk sessions import FILE.csv`).

Two passes over the file, each reading it as a stream (kiosk.domain.session_import): the
first checks every row and reports each bad one, before anything is written; the second writes
the good rows through `RecordStore.add_new_sessions`, in ONE transaction, so a crash or a full
disk writes none of them. Memory does not grow with the size of the file (bench/paper_log.py
measures a 50 MB file).
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


def _good_rows(path: Path, zone: tzinfo, now: datetime) -> Iterator[AssistedSession]:
    with open_log(path) as stream:
        for item in read_sessions(stream, zone, now):
            if not isinstance(item, Problem):
                yield item[1]


def import_paper_log(
    path: Path,
    store: RecordStore,
    zone: tzinfo,
    now: datetime,
    report: Callable[[Problem], None],
) -> ImportResult:
    """Check every row (reporting each bad one), then write the good ones in one transaction.

    Raises OSError when the file cannot be read and StoreError when the store cannot be
    written (then nothing was written).
    """
    good = bad = 0
    with open_log(path) as stream:
        for item in read_sessions(stream, zone, now):
            if isinstance(item, Problem):
                bad += 1
                report(item)
            else:
                good += 1
    if not good:
        return ImportResult(0, 0, bad)
    added, already = store.add_new_sessions(_good_rows(path, zone, now), now=None)
    return ImportResult(added, already, bad)
