"""The kiosk's log files: rotating, in English, under the kiosk's log folder.

`start_logging(log_dir, name, verbosity)` is called once by `kiosk.cli.main()` for every command:
`kiosk run` and `kiosk demo` write `kiosk.log` (the GUI), every other command `cli.log`. Each
file rotates at `MAX_BYTES` and keeps `BACKUPS` old files, so a kiosk that runs for years never
fills its disk. Messages also go to stderr as before (warnings and up, more with `-v`).

What may be logged: the kiosk's own English texts, ids (guide ids, record uuids), counts and
technical reasons. What never is: a resident's answers, PINs, names, phone numbers or anything
else typed or scanned; `tests/test_logfiles.py` runs a guide and a help session with such values
and fails when one appears in a log file. Where the files are is printed by `kiosk status`.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
GUI_COMMANDS = frozenset({"run", "demo"})

#: The handler this module installed (replaced when logging is started again, as tests do).
_installed: list[logging.Handler] = []


#: Libraries whose INFO lines name every request; only their warnings are kept.
QUIET_LOGGERS = ("httpx", "httpcore", "urllib3", "PIL", "multipart")


def log_file_name(command: str | None) -> str:
    """`kiosk.log` for the GUI (`run`, `demo`), `hub.log` for the hub, else `cli.log`."""
    if command in GUI_COMMANDS or command is None:
        return "kiosk.log"
    return "hub.log" if command == "hub" else "cli.log"


def start_logging(log_dir: Path | None, command: str | None, verbosity: int = 0) -> Path | None:
    """Log to stderr (warnings, more with `verbosity`) and to a rotating file in `log_dir`.

    Returns the log file, or None when the folder cannot be written (then stderr only, and a
    line there says why; a kiosk never stops for its log).
    """
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()
    console_level = max(logging.DEBUG, logging.WARNING - 10 * verbosity)
    console = logging.StreamHandler()
    console.setLevel(console_level)
    console.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(console)
    _installed.append(console)
    root.setLevel(min(console_level, logging.INFO))
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    if log_dir is None:
        return None
    file = log_dir / log_file_name(command)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("no log file in %s: %s", log_dir, exc)
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    _installed.append(handler)
    return file
