"""The kiosk's log files: rotating, in English, under the kiosk's log folder.

`start_logging(log_dir, name, verbosity)` is called once by `kiosk.cli.main()` for every command:
`kiosk run` and `kiosk demo` write `kiosk.log` (the GUI), every other command `cli.log`. Each
file rotates at `MAX_BYTES` and keeps `BACKUPS` old files, so a kiosk that runs for years never
fills its disk. Messages also go to stderr as before (warnings and up, more with `-v`).

Log lines are English. A line that quotes one of the kiosk's own sentences in the resident's
language (a sync error shown on screen, for one) is turned back into the English source text by
`EnglishLines`, a filter on the file that looks the sentence up in the catalog of the language
in use, placeholders and all.

What may be logged: the kiosk's own English texts, ids (guide ids, record uuids), counts and
technical reasons. What never is: a resident's answers, PINs, names, phone numbers or anything
else typed or scanned; `tests/test_logfiles.py` runs a guide and a help session with such values
and fails when one appears in a log file. Where the files are is printed by `kiosk status`.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from collections.abc import Callable
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
    handler.addFilter(EnglishLines())
    root.addHandler(handler)
    _installed.append(handler)
    # one line at every start, so the file is there (and says which command) even for a
    # command that logs nothing else, such as `kiosk status`
    if command != "hub":  # `kiosk hub serve` keeps its own file (kiosk.hub.server)
        logging.getLogger("kiosk").info("kiosk %s started", command or "run")
    return file


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: Translated sentences shorter than this are left alone (a word could be part of anything).
_SHORTEST = 12
_Rewrite = Callable[[str], str]
_rewrites: dict[str, _Rewrite] = {}


def _english(language: str) -> _Rewrite:
    """A function that puts every translated sentence of `language` in a text back in English."""
    if language in _rewrites:
        return _rewrites[language]
    from kiosk import i18n

    catalog = getattr(i18n.translations_for(language), "_catalog", {})
    rules: list[tuple[str, re.Pattern[str], str]] = []
    for msgid, msgstr in catalog.items():
        if not isinstance(msgid, str) or not isinstance(msgstr, str) or not msgid:
            continue  # the header, and plural forms
        if msgstr == msgid or len(msgstr) < _SHORTEST:
            continue
        parts = _PLACEHOLDER.split(msgstr)
        pattern = "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
            for index, part in enumerate(parts)
        )
        if parts[-1] == "":  # a placeholder at the end takes the rest of the line
            pattern += "$"
        try:
            rules.append((parts[0], re.compile(pattern), msgid))
        except re.error:  # a placeholder used twice: leave that sentence alone
            continue
    rules.sort(key=lambda rule: -len(rule[0]))

    def rewrite(text: str) -> str:
        for head, pattern, msgid in rules:
            if head and head not in text:
                continue
            match = pattern.search(text)
            if match is None:
                continue
            try:
                english = msgid.format(**match.groupdict())
            except (KeyError, IndexError, ValueError):
                continue
            text = text[: match.start()] + english + text[match.end() :]
        return text

    _rewrites[language] = rewrite
    return rewrite


class EnglishLines(logging.Filter):
    """Puts the kiosk's translated sentences in a log line back into English (see above)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from kiosk import i18n

        language = i18n.current_language()
        if language == "en":
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        english = _english(language)(message)
        if english != message:
            record.msg, record.args = english, None
        return True
