"""`kiosk sessions import FILE.csv`: import paper logs of assisted sessions (issue #8).

The columns are described in kiosk/domain/session_import.py (and `kiosk sessions import
--help`). Bad rows are printed as `FILE:LINE: what is wrong` on stderr, the good rows are
written through the store with their outbox rows (so they sync like any other session, with
the volunteer id `import`), and the exit code is 1 if any row was bad. Rows already in the
store (the same file imported again) are counted, not added. Times are local to the
location's time zone as the hub sent it in the location config (issue #18); before the first
sync with such a hub, to the location's country (`[location] country`: BE = Europe/Brussels,
NL = Europe/Amsterdam).
"""

from __future__ import annotations

import argparse
import sys

from kiosk.commands import Subparsers, add_command, load_settings_for, needs_subcommand

TIMEZONES = {"BE": "Europe/Brussels", "NL": "Europe/Amsterdam"}

EPILOG = """\
columns (header row first; ',' or ';' between them, UTF-8):
  date              2025-03-04
  start_time        14:30 (local time)
  duration_minutes  20
  topics            taxes|digid_itsme (ids separated by |)
  outcome           helped | partly | not_helped | referred
  referral          a referral id, only when the outcome is referred (else empty)
  language          nl, fr, en, ... or empty
  id                optional uuid; without it the uuid is derived from the row, so
                    importing the same file twice adds nothing
Imported sessions have the volunteer id 'import'.
"""


def register(subparsers: Subparsers) -> None:
    sessions = add_command(subparsers, "sessions", "import paper logs of assisted sessions")
    commands = sessions.add_subparsers(dest="sessions_command", metavar="SUBCOMMAND")
    sessions.set_defaults(handler=needs_subcommand(sessions))
    parser = add_command(
        commands,
        "import",
        "import assisted sessions from a CSV file; bad rows are reported as FILE:LINE",
        handle_import,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE.csv", help="the CSV file to import")
    parser.add_argument("--config", metavar="FILE", help="read settings from FILE instead")


def handle_import(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from kiosk.domain.session_import import parse_sessions_csv
    from kiosk.errors import KioskError
    from kiosk.i18n import _, message_text, ngettext
    from kiosk.services.location import location_config
    from kiosk.store import RecordStore, open_database

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KioskError(
            _("cannot read {file}: {reason}").format(file=path, reason=exc.strerror)
        ) from None
    paths, settings = load_settings_for(args)
    database = open_database(paths.database)
    try:
        store = RecordStore(database)
        zone = ZoneInfo(
            location_config(store).timezone
            or TIMEZONES.get(settings.location.country, "Europe/Brussels")
        )
        parsed = parse_sessions_csv(data, zone, datetime.now(UTC))
        for problem in parsed.problems:
            print(
                f"{args.file}:{problem.line}: {message_text(problem.message, problem.params)}",
                file=sys.stderr,
            )
        added = already = 0
        if parsed.sessions:
            known = {session.uuid for session in store.assisted_sessions()}
            for _line, session in parsed.sessions:
                if session.uuid in known:
                    already += 1
                    continue
                store.add(session)
                known.add(session.uuid)
                added += 1
    finally:
        database.close()
    bad = len(parsed.problems)
    print(
        ngettext("{n} session imported", "{n} sessions imported", added).format(n=added)
        + "; "
        + ngettext("{n} already there", "{n} already there", already).format(n=already)
        + "; "
        + ngettext("{n} bad row", "{n} bad rows", bad).format(n=bad)
    )
    return 1 if parsed.problems else 0
