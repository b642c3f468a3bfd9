"""Paper-log import (#23 "Truthful guides"): every row is checked before anything is written,
the good rows are written in one transaction (a crash or a full disk writes none), bad rows are
reported as FILE:LINE: reason with control characters escaped, a cell over the CSV limit is
reported and reading goes on. Each test is a sentence of the issue's "What was seen"."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from kiosk.domain.records import AssistedSession
from kiosk.domain.session_import import MAX_ROW_CHARS, Problem, read_sessions, shown
from kiosk.services.paper_logs import import_paper_log
from kiosk.store import RecordStore, StoreFullError, open_database
from tests.commands.test_sessions_import import HEADER, run, stored

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ROW = "2025-03-{day:02d},10:00,20,taxes,helped,,nl\n"


def good_rows(n: int, first_day: int = 1) -> str:
    return "".join(ROW.format(day=first_day + i % 28) for i in range(n))


def test_a_year_0001_date_is_reported_and_nothing_is_half_imported(
    kiosk_cmd: list[str], tmp_path: Path
) -> None:
    """What was seen: "a year-0001 date at 00:00 makes `store.add` overflow after the rows
    before it were written (a half import and a traceback)"."""
    log = tmp_path / "log.csv"
    log.write_text(HEADER + good_rows(3) + "0001-01-01,00:00,20,taxes,helped,,\n" + good_rows(1, 9))
    result = run(kiosk_cmd, str(log))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip() == f"{log}:5: date '0001-01-01' is before 2000-01-01; check the year"
    )
    assert "4 sessions imported" in result.stdout  # every good row, before and after it
    assert len(stored()) == 4


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("1999-12-31,10:00,20,taxes,helped,,", "is before 2000-01-01"),
        ("9999-12-31,23:59,600,taxes,helped,,", "is in the future"),
        ("2025-06-02,10:00,20,taxes,helped,,", "is in the future"),
        ("2025-03-04,10:00,2\u00b2,taxes,helped,,", "is not a number of minutes"),
        ("2025-03-04,1\u00b2:00,20,taxes,helped,,", "is not a time"),
        ("202\u00b2-03-04,10:00,20,taxes,helped,,", "is not a date"),
        ("\u0662\u0660\u0662\u0665-03-04,10:00,20,taxes,helped,,", "is not a date"),
    ],
)
def test_bad_dates_and_superscript_digits_are_row_problems(row: str, reason: str) -> None:
    """What was seen: "superscript digits give a traceback"."""
    items = list(read_sessions(io.StringIO(HEADER + row + "\n", newline=""), BRUSSELS, NOW))
    assert len(items) == 1
    problem = items[0]
    assert isinstance(problem, Problem)
    assert problem.line == 2
    assert reason in problem.message.format(**problem.params)


def test_escape_sequences_in_a_cell_are_shown_escaped(kiosk_cmd: list[str], tmp_path: Path) -> None:
    """What was seen: "terminal escape sequences in a cell are echoed raw"."""
    log = tmp_path / "log.csv"
    log.write_text(HEADER + "2025-03-04,10:00,20,taxes,\x1b[2J\x1b]0;owned\x07\u202egreat,,\n")
    result = run(kiosk_cmd, str(log))
    assert result.returncode == 1
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    assert "\u202e" not in result.stderr
    assert "unknown outcome '\\x1b[2J\\x1b]0;owned\\x07\\u202egreat'" in result.stderr
    assert shown("a\tb\\c\x9b") == "a\\x09b\\\\c\\x9b"


def test_a_cell_over_the_csv_limit_is_reported_and_reading_goes_on(
    kiosk_cmd: list[str], tmp_path: Path
) -> None:
    """What was seen: "a cell over the CSV field limit silently drops every later row"."""
    log = tmp_path / "log.csv"
    huge = "x" * (MAX_ROW_CHARS + 10)
    quoted = '"' + "y\n" * (MAX_ROW_CHARS // 2) + '"'
    log.write_text(
        HEADER
        + good_rows(1)
        + f"2025-03-04,10:00,20,taxes,helped,,{huge}\n"
        + good_rows(1, 2)
        + f"2025-03-04,10:00,20,taxes,helped,,{quoted}\n"
        + good_rows(2, 3)
    )
    result = run(kiosk_cmd, str(log))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [f"{log}:3", f"{log}:5"]
    assert all("longer than 131072 characters" in line for line in lines)
    assert "4 sessions imported" in result.stdout
    assert len(stored()) == 4


def _store(tmp_path: Path) -> RecordStore:
    return RecordStore(open_database(tmp_path / "kiosk.sqlite3"))


def _count(store: RecordStore) -> int:
    return len(store.assisted_sessions()) + store.counts().pending


def test_a_crash_while_writing_writes_none(tmp_path: Path) -> None:
    """The good rows are written in one transaction: a failure half-way writes none."""
    log = tmp_path / "log.csv"
    log.write_text(HEADER + good_rows(1200))
    store = _store(tmp_path)
    with log.open(newline="", encoding="utf-8") as stream:
        sessions = [
            item[1]
            for item in read_sessions(stream, BRUSSELS, NOW)
            if not isinstance(item, Problem)
        ]
    assert len(sessions) == 1200

    def crashing() -> Iterator[AssistedSession]:
        yield from sessions[:1100]  # two batches are flushed to the database before this
        raise RuntimeError("the power went")

    with pytest.raises(RuntimeError):
        store.add_new_sessions(crashing())
    assert _count(store) == 0
    assert store.add_new_sessions(sessions) == (1200, 0)
    assert store.add_new_sessions(sessions) == (0, 1200)


def test_a_full_disk_writes_none(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(HEADER + good_rows(3000))
    store = _store(tmp_path)
    engine = store._db.engine  # a database capped at its current size: the disk is full
    with engine.connect() as connection:
        pages = connection.execute(text("PRAGMA page_count")).scalar_one()

    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _cap(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 8}")  # type: ignore[attr-defined]

    engine.dispose()
    problems: list[Problem] = []
    with pytest.raises(StoreFullError):
        import_paper_log(log, store, BRUSSELS, NOW, problems.append)
    assert problems == []
    engine.dispose()
    event.remove(engine, "connect", _cap)
    assert _count(store) == 0


def test_the_file_is_read_once_and_a_crash_midway_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stranger, round 6: a 50 MB log did not finish in 50 minutes; the import parsed every
    row twice (check, then write). Now one pass, still one transaction."""
    import kiosk.services.paper_logs as paper_logs

    log = tmp_path / "log.csv"
    log.write_text(HEADER + good_rows(1200) + "0001-01-01,00:00,20,taxes,helped,,\n")
    passes: list[int] = []

    def counting(stream, zone, now):  # type: ignore[no-untyped-def]
        passes.append(1)
        yield from read_sessions(stream, zone, now)

    monkeypatch.setattr(paper_logs, "read_sessions", counting)
    db = open_database(tmp_path / "k.sqlite")
    store = RecordStore(db)
    problems: list[Problem] = []
    result = import_paper_log(log, store, BRUSSELS, NOW, problems.append)
    assert passes == [1]
    assert (result.added + result.already, result.bad) == (1200, 1)
    assert len(problems) == 1

    # a crash after more than a batch of good rows were handed to the store: none is kept
    def crashing(stream, zone, now):  # type: ignore[no-untyped-def]
        for count, item in enumerate(read_sessions(stream, zone, now)):
            if count == 1100:
                raise OSError("the USB stick was pulled out")
            yield item

    monkeypatch.setattr(paper_logs, "read_sessions", crashing)
    other = RecordStore(open_database(tmp_path / "other.sqlite"))
    with pytest.raises(OSError, match="pulled out"):
        import_paper_log(log, other, BRUSSELS, NOW, problems.append)
    assert other.assisted_sessions() == []
    assert other.counts().pending == 0
