"""`kiosk sessions import FILE.csv`: import paper logs of assisted sessions (issue #8).

The columns are described in kiosk/domain/session_import.py (and `kiosk sessions import --help`).
The file is read once: every row is checked, bad rows (dates before 2000 or in the future, any
parse error) are printed as `FILE:LINE: what is wrong` on stderr, with control and escape
characters shown escaped, and the good rows are written through the store with their outbox rows in
one transaction committed after the last row (kiosk.services.paper_logs: a crash or a full disk
writes none; they sync like any other session, with the volunteer id `import`), and the exit code
is 1 if any row was bad. Rows already in the store (the same file imported again) are counted, not
added. Times are local to the location's time zone as the hub sent it in the location config (issue
#18); before the first sync with such a hub, to the location's country (`[location] country`: BE =
Europe/Brussels, NL = Europe/Amsterdam).
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
Imported sessions have the volunteer id 'import'. Every row is checked before
anything is written; bad rows (dates before 2000 or in the future, digits other
than 0-9, a cell over 131072 characters, ...) are printed as FILE:LINE: reason and
the exit code is 1; the good rows are then written in one transaction, so a crash
or a full disk writes none of them.
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

    from kiosk.domain.session_import import Problem, shown
    from kiosk.errors import KioskError
    from kiosk.i18n import _, message_text, ngettext
    from kiosk.services.location import location_config
    from kiosk.services.paper_logs import import_paper_log
    from kiosk.store import RecordStore, StoreError, open_database

    path = Path(args.file)
    name = shown(args.file)
    if not path.is_file():
        raise KioskError(
            _("cannot read {file}: {reason}").format(file=name, reason=_("no such file"))
        )

    def report(problem: Problem) -> None:
        # the cells in a problem's parameters are escaped already (session_import.shown)
        text = message_text(problem.message, problem.params)
        print(f"{name}:{problem.line}: {text}", file=sys.stderr)

    paths, settings = load_settings_for(args)
    database = open_database(paths.database)
    try:
        store = RecordStore(database)
        zone = ZoneInfo(
            location_config(store).timezone
            or TIMEZONES.get(settings.location.country, "Europe/Brussels")
        )
        try:
            result = import_paper_log(path, store, zone, datetime.now(UTC), report)
        except OSError as exc:
            raise KioskError(
                _("cannot read {file}: {reason}").format(file=name, reason=shown(exc.strerror))
            ) from None
        except StoreError as exc:
            raise KioskError(_("nothing was imported: {reason}").format(reason=str(exc))) from None
    finally:
        database.close()
    print(
        ngettext("{n} session imported", "{n} sessions imported", result.added).format(
            n=result.added
        )
        + "; "
        + ngettext("{n} already there", "{n} already there", result.already).format(
            n=result.already
        )
        + "; "
        + ngettext("{n} bad row", "{n} bad rows", result.bad).format(n=result.bad)
    )
    return 1 if result.bad else 0
