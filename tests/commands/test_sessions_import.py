"""`kiosk sessions import FILE.csv`: good rows imported through the store and outbox, bad rows
reported as FILE:LINE, exit 1 when any row was bad, the same file twice adds nothing, and the
imported sessions sync to a live hub like any other."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kiosk.domain.records import Outcome
from kiosk.domain.session_import import IMPORT_VOLUNTEER, parse_sessions_csv
from kiosk.hub.db.models import RecordRow
from kiosk.paths import resolve_paths
from kiosk.store import RecordStore, open_database
from kiosk.sync.enrollment import enroll
from kiosk.sync.service import SyncService
from tests.hub.conftest import LiveHub

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
HEADER = "date,start_time,duration_minutes,topics,outcome,referral,language\n"
GOOD = (
    "2025-03-04,14:30,20,taxes|banking,helped,,nl\n"
    "2025-03-04,14:30,20,taxes|banking,helped,,nl\n"  # a second resident, same facts
    "2025-03-05,09:00,45,digid_itsme,referred,social_services,fr\n"
)
BAD = (
    "2025-02-30,10:00,20,taxes,helped,,\n"
    "2025-03-06,25:00,20,taxes,helped,,\n"
    "2025-03-06,10:00,0,taxes,helped,,\n"
    "2025-03-06,10:00,20,cooking,helped,,\n"
    "2025-03-06,10:00,20,taxes,great,,\n"
    "2025-03-06,10:00,20,taxes,referred,,\n"
    "2025-03-06,10:00,20,taxes,helped,social_services,\n"
    "2025-03-06,10:00,20,taxes,helped,,Dutch please\n"
    "2025-03-06,10:00,20,taxes\n"
)


def run(kiosk_cmd: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*kiosk_cmd, "sessions", "import", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def stored() -> list[object]:
    database = open_database(resolve_paths().database)
    try:
        store = RecordStore(database)
        sessions: list[object] = list(store.assisted_sessions())
        assert store.counts().pending == len(sessions)  # each one queued for the hub
        return sessions
    finally:
        database.close()


def test_parsing_good_rows() -> None:
    parsed = parse_sessions_csv((HEADER + GOOD).encode(), BRUSSELS, NOW)
    assert parsed.problems == []
    lines = [line for line, _session in parsed.sessions]
    assert lines == [2, 3, 4]
    first, twin, referred = (session for _line, session in parsed.sessions)
    assert first.started_at.isoformat() == "2025-03-04T14:30:00+01:00"
    assert (first.ended_at - first.started_at).total_seconds() == 20 * 60
    assert first.topics == ("taxes", "banking")
    assert first.outcome is Outcome.HELPED
    assert first.volunteer == IMPORT_VOLUNTEER == "import"
    assert first.uuid != twin.uuid  # identical rows are two sessions
    assert referred.referral == "social_services"
    assert referred.language == "fr"
    again = parse_sessions_csv((HEADER + GOOD).encode(), BRUSSELS, NOW)
    assert [s.uuid for _l, s in again.sessions] == [s.uuid for _l, s in parsed.sessions]


def test_bad_rows_are_reported_with_their_line_numbers() -> None:
    parsed = parse_sessions_csv((HEADER + GOOD + BAD).encode(), BRUSSELS, NOW)
    assert len(parsed.sessions) == 3
    assert [problem.line for problem in parsed.problems] == list(range(5, 14))
    messages = [problem.message.format(**problem.params) for problem in parsed.problems]
    assert "does not exist" in messages[0]
    assert "unknown topic 'cooking'" in messages[3]
    assert "unknown outcome 'great'" in messages[4]
    assert "4 cells" in messages[8]


def test_header_problems_stop_the_file() -> None:
    parsed = parse_sessions_csv(b"date,start,topics\n2025-03-04,10:00,taxes\n", BRUSSELS, NOW)
    assert parsed.sessions == []
    assert {problem.line for problem in parsed.problems} == {1}
    assert len(parsed.problems) == 4  # 'start' unknown; start_time, duration, outcome missing


def test_spreadsheet_csv_with_bom_and_semicolons() -> None:
    data = "\ufeff" + (HEADER + GOOD).replace(",", ";")
    parsed = parse_sessions_csv(data.encode(), BRUSSELS, NOW)
    assert parsed.problems == []
    assert len(parsed.sessions) == 3


def test_an_id_column_gives_the_uuid() -> None:
    data = "id,date,start_time,duration_minutes,topics,outcome,referral,language\n"
    data += "0B7C1E2A-1111-4222-8333-444455556666,2025-03-04,10:00,20,taxes,helped,,\n"
    data += "not-a-uuid,2025-03-04,10:00,20,taxes,helped,,\n"
    parsed = parse_sessions_csv(data.encode(), BRUSSELS, NOW)
    [(_line, session)] = parsed.sessions
    assert session.uuid == "0b7c1e2a-1111-4222-8333-444455556666"
    assert [p.line for p in parsed.problems] == [3]


def test_cli_imports_good_rows_reports_bad_ones_and_is_idempotent(
    kiosk_cmd: list[str], tmp_path: Path
) -> None:
    csv_file = tmp_path / "paper log.csv"
    csv_file.write_text(HEADER + GOOD + BAD, encoding="utf-8")

    first = run(kiosk_cmd, str(csv_file))
    assert first.returncode == 1
    errors = first.stderr.strip().splitlines()
    assert len(errors) == 9
    assert errors[0].startswith(f"{csv_file}:5: ")
    assert errors[-1].startswith(f"{csv_file}:13: ")
    assert "Traceback" not in first.stderr
    assert "3 sessions imported" in first.stdout
    assert len(stored()) == 3

    second = run(kiosk_cmd, str(csv_file))
    assert second.returncode == 1
    assert "0 sessions imported; 3 already there" in second.stdout
    assert len(stored()) == 3

    # the bad rows fixed (here: removed) and imported again: still nothing twice
    csv_file.write_text(HEADER + GOOD, encoding="utf-8")
    fixed = run(kiosk_cmd, str(csv_file))
    assert fixed.returncode == 0, fixed.stderr
    assert len(stored()) == 3


def test_cli_user_errors_are_one_line(kiosk_cmd: list[str], tmp_path: Path) -> None:
    missing = run(kiosk_cmd, str(tmp_path / "nope.csv"))
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0
    assert "nope.csv" in missing.stderr
    binary = tmp_path / "log.csv"
    binary.write_bytes(b"\xff\xfe\x00d\x00a")
    result = run(kiosk_cmd, str(binary))
    assert result.returncode == 1
    assert f"{binary}:1: " in result.stderr


def test_imported_sessions_sync_to_the_hub(
    kiosk_cmd: list[str], tmp_path: Path, sqlite_hub: LiveHub
) -> None:
    csv_file = tmp_path / "log.csv"
    csv_file.write_text(HEADER + GOOD, encoding="utf-8")
    assert run(kiosk_cmd, str(csv_file)).returncode == 0
    paths = resolve_paths()
    enroll(paths.database, sqlite_hub.url, sqlite_hub.code(), name="desk")
    database = open_database(paths.database)
    try:
        result = SyncService(RecordStore(database)).sync_once()
    finally:
        database.close()
    assert result.error is None
    assert result.sent == 3
    assert result.pending == 0
    with sqlite_hub.db.sessions() as session:
        kinds = session.scalars(select(RecordRow.kind)).all()
    assert kinds == ["assisted_session"] * 3
