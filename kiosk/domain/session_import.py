"""Reading paper logs of assisted sessions from CSV (`kiosk sessions import FILE.csv`).

Columns: `date,start_time,duration_minutes,topics,outcome,referral,language` and optionally
`id`, in any order; the header row names them. `date` is ISO (2025-03-04), `start_time` is
HH:MM in the location's local time, `topics` are topic ids separated by `|`, `outcome` is
`helped|partly|not_helped|referred`, `referral` (given exactly when the outcome is `referred`)
and `language` may be empty. A file saved by a spreadsheet with `;` between the columns, or
with a byte-order mark, is read as well.

Imported sessions have the volunteer id `import`. A row without an `id` gets a uuid derived
from its own content and how many identical rows came before it in the file, so importing the
same file twice adds nothing, and neither does importing it again after fixing its bad rows
(other rows keep their uuids). Pure parsing: no files, no database; problems are message ids
(N_) with parameters, translated where they are shown.

`read_sessions(stream, zone, now)` reads a text stream one physical line at a time (at most
`MAX_ROW_CHARS` characters are ever held, so a 50 MB file needs no more memory than a small one)
and yields a `Problem` or a `(line, AssistedSession)` for every row, in order. A row longer
than `MAX_ROW_CHARS` (a cell over the CSV field limit) is reported and skipped, and reading goes
on with the next row. Dates before 2000 or in the future, digits other than 0-9 and every
other parse error are problems, never exceptions. `shown()` escapes control, escape and
direction characters, so a message never carries a terminal escape sequence.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Protocol

from kiosk.domain.records import TOPICS, AssistedSession, Outcome
from kiosk.i18n import N_, Np_

IMPORT_VOLUNTEER = "import"
REQUIRED = ("date", "start_time", "duration_minutes", "topics", "outcome")
OPTIONAL = ("referral", "language", "id")
COLUMNS = REQUIRED + OPTIONAL
MAX_MINUTES = 600
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:kiosk:sessions-import")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIME = re.compile(r"^([0-9]{1,2}):([0-9]{2})$")
_MINUTES = re.compile(r"^[0-9]{1,4}$")
#: The first day a paper log may be from; earlier dates are typing mistakes (year 0001).
FIRST_DAY = date(2000, 1, 1)
#: The longest row (in characters, newlines included) that is read: Python's CSV field limit.
MAX_ROW_CHARS = 131_072


#: A row with the wrong number of cells (a plural message: "1 cell", "3 cells").
_ROW_CELLS = Np_(
    "this row has {found} cell; the header has {expected}",
    "this row has {found} cells; the header has {expected}",
    "found",
)


@dataclass(frozen=True)
class Problem:
    """What is wrong at `line` of the file: a message id (N_) and its parameters."""

    line: int
    message: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class ParsedFile:
    sessions: list[tuple[int, AssistedSession]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class RowError(ValueError):
    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


class TextStream(Protocol):
    """What `read_sessions` reads: a text file opened with `newline=""`."""

    def readline(self, size: int = -1, /) -> str: ...


class _Undecodable(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def shown(value: object) -> str:
    """`value` as text with control, escape and direction characters written as escapes
    (`\\x1b`, `\\u202e`), so that printing it cannot move a terminal's cursor or reverse it."""
    text = str(value)
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") or char == "\\":
            code = ord(char)
            if char == "\\":
                out.append("\\\\")
            elif code <= 0xFF:
                out.append(f"\\x{code:02x}")
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def _records(stream: TextStream) -> Iterator[tuple[int, str | None]]:
    """(first line, text) of every CSV record of `stream`; text None for one that is longer
    than MAX_ROW_CHARS, which is skipped without being kept. A record ends at a line end
    outside quotes (an even number of `"` so far)."""
    line = 0
    start = 1
    parts: list[str] = []
    size = 0
    quotes = 0
    too_long = False
    while True:
        try:
            chunk = stream.readline(MAX_ROW_CHARS + 1)
        except UnicodeDecodeError:
            raise _Undecodable(line + 1) from None
        if not chunk:
            break
        ends_line = chunk.endswith(("\n", "\r"))
        if not parts and not too_long and size == 0:
            start = line + 1
        if ends_line:
            line += 1
        quotes += chunk.count('"')
        size += len(chunk)
        if size > MAX_ROW_CHARS:
            too_long = True
            parts.clear()
        elif not too_long:
            parts.append(chunk)
        if ends_line and quotes % 2 == 0:
            yield start, (None if too_long else "".join(parts))
            parts, size, quotes, too_long = [], 0, 0, False
    if size:
        yield start, (None if too_long else "".join(parts))


def _cells(text: str, delimiter: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if len(rows) > 1:
        raise csv.Error("unexpected line end inside the row")
    return rows[0] if rows else []


def parse_sessions_csv(data: bytes, zone: tzinfo, now: datetime) -> ParsedFile:
    """The good rows as (line, AssistedSession) and a Problem for every bad row."""
    result = ParsedFile()
    stream = io.TextIOWrapper(
        io.BytesIO(data), encoding="utf-8-sig", errors="surrogateescape", newline=""
    )
    for item in read_sessions(stream, zone, now):
        if isinstance(item, Problem):
            result.problems.append(item)
        else:
            result.sessions.append(item)
    return result


def read_sessions(
    stream: TextStream, zone: tzinfo, now: datetime
) -> Iterator[Problem | tuple[int, AssistedSession]]:
    """A Problem or a (line, AssistedSession) for every row of `stream`, in file order."""
    try:
        yield from _read(stream, zone, now)
    except _Undecodable as exc:
        yield Problem(
            exc.line, N_("the file is not UTF-8 text from this line on; save it as CSV UTF-8")
        )


#: Bytes that were not UTF-8, as a stream opened with errors="surrogateescape" gives them.
_UNDECODED = re.compile("[\udc80-\udcff]")
_NOT_UTF8 = N_("this row is not UTF-8 text; save the file as CSV UTF-8")
_TOO_LONG = N_("this row is longer than {max} characters (a cell over the CSV limit?); skipped")


def _read(
    stream: TextStream, zone: tzinfo, now: datetime
) -> Iterator[Problem | tuple[int, AssistedSession]]:
    records = _records(stream)
    first = next(records, None)
    if first is None:
        yield Problem(1, N_("the file is empty; it needs a header row"))
        return
    line, header_text = first
    if header_text is None:
        yield Problem(line, _TOO_LONG, {"max": MAX_ROW_CHARS})
        return
    if _UNDECODED.search(header_text):
        yield Problem(line, _NOT_UTF8)
        return
    head = header_text.lstrip("\ufeff")
    delimiter = ";" if head.count(";") > head.count(",") else ","
    try:
        header = _cells(head, delimiter)
    except csv.Error as exc:
        yield Problem(1, N_("cannot read the header: {reason}"), {"reason": shown(exc)})
        return
    columns = [name.strip().lower() for name in header]
    header_problems = _check_header(columns)
    if header_problems:
        yield from header_problems
        return
    seen: Counter[int] = Counter()
    for start_line, text in records:
        if text is None:
            yield Problem(start_line, _TOO_LONG, {"max": MAX_ROW_CHARS})
            continue
        if _UNDECODED.search(text):
            yield Problem(start_line, _NOT_UTF8)
            continue
        try:
            cells = _cells(text, delimiter)
        except csv.Error as exc:
            yield Problem(start_line, N_("cannot read this row: {reason}"), {"reason": shown(exc)})
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            yield Problem(start_line, _ROW_CELLS, {"found": len(cells), "expected": len(columns)})
            continue
        row = {name: cell.strip() for name, cell in zip(columns, cells, strict=True)}
        key = _content_key(row)
        counted = int(key[:16], 16)  # 8 bytes of the hash: a small int per distinct row
        seen[counted] += 1
        try:
            session = _session(row, zone, now, key, seen[counted])
        except RowError as exc:
            yield Problem(start_line, exc.message, {k: shown(v) for k, v in exc.params.items()})
            continue
        yield start_line, session


def _check_header(columns: list[str]) -> list[Problem]:
    problems = []
    for name in columns:
        if name not in COLUMNS:
            problems.append(
                Problem(
                    1,
                    N_("unknown column '{name}'; the columns are {columns}"),
                    {"name": shown(name), "columns": ",".join(COLUMNS)},
                )
            )
    duplicates = sorted(name for name, n in Counter(columns).items() if n > 1)
    for name in duplicates:
        problems.append(Problem(1, N_("the column '{name}' is there twice"), {"name": shown(name)}))
    for name in REQUIRED:
        if name not in columns:
            problems.append(Problem(1, N_("the column '{name}' is missing"), {"name": name}))
    return problems


def _content_key(row: dict[str, str]) -> str:
    canonical = "\x1f".join(row.get(name, "") for name in COLUMNS)
    return hashlib.sha256(canonical.encode()).hexdigest()


def derived_uuid(content_key: str, ordinal: int) -> str:
    """The uuid of the `ordinal`-th row (1, 2, ...) with this content in a file."""
    return str(uuid.uuid5(NAMESPACE, f"{content_key}:{ordinal}"))


def _session(
    row: dict[str, str], zone: tzinfo, now: datetime, key: str, ordinal: int
) -> AssistedSession:
    day = _date(row["date"])
    if day < FIRST_DAY:
        raise RowError(
            N_("date '{value}' is before {first}; check the year"),
            value=row["date"],
            first=FIRST_DAY.isoformat(),
        )
    if day > now.date() + timedelta(days=1):  # checked before any time arithmetic (year 9999)
        raise RowError(N_("{date} {time} is in the future"), date=day, time=row["start_time"])
    started = datetime.combine(day, _time(row["start_time"]), tzinfo=zone)
    minutes = _minutes(row["duration_minutes"])
    if started > now:
        raise RowError(N_("{date} {time} is in the future"), date=day, time=row["start_time"])
    topics = _topics(row["topics"])
    outcome = _outcome(row["outcome"])
    referral = row.get("referral") or None
    if referral is not None and not _ID.match(referral):
        raise RowError(
            N_("referral '{value}' is not an id (letters, digits, _ . : -)"), value=referral
        )
    if outcome is Outcome.REFERRED and referral is None:
        raise RowError(N_("the outcome is 'referred', so the referral column needs an id"))
    if outcome is not Outcome.REFERRED and referral is not None:
        raise RowError(N_("a referral is given only when the outcome is 'referred'"))
    language = row.get("language") or None
    if language is not None and not _LANGUAGE.match(language):
        raise RowError(
            N_("language '{value}' is not a language code such as nl or fr"), value=language
        )
    return AssistedSession(
        started_at=started,
        ended_at=started + timedelta(minutes=minutes),
        topics=topics,
        outcome=outcome,
        volunteer=IMPORT_VOLUNTEER,
        referral=referral,
        language=language,
        uuid=_uuid(row.get("id", ""), key, ordinal),
    )


def _date(value: str) -> date:
    if not _DATE.match(value):
        raise RowError(N_("date '{value}' is not a date such as 2025-03-04"), value=value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowError(N_("date '{value}' does not exist"), value=value) from None


def _time(value: str) -> time:
    match = _TIME.match(value)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise RowError(N_("start time '{value}' is not a time such as 14:30"), value=value)
    return time(int(match.group(1)), int(match.group(2)))


def _minutes(value: str) -> int:
    if not _MINUTES.match(value) or not 1 <= int(value) <= MAX_MINUTES:
        raise RowError(
            N_("duration '{value}' is not a number of minutes from 1 to {max}"),
            value=value,
            max=MAX_MINUTES,
        )
    return int(value)


def _topics(value: str) -> tuple[str, ...]:
    topics = [part.strip() for part in value.split("|") if part.strip()]
    if not topics:
        raise RowError(N_("no topic; give topic ids separated by |, such as taxes|banking"))
    for topic in topics:
        if topic not in TOPICS:
            raise RowError(
                N_("unknown topic '{value}'; the topics are {topics}"),
                value=topic,
                topics="|".join(TOPICS),
            )
    return tuple(dict.fromkeys(topics))


def _outcome(value: str) -> Outcome:
    try:
        return Outcome(value)
    except ValueError:
        raise RowError(
            N_("unknown outcome '{value}'; use helped, partly, not_helped or referred"),
            value=value,
        ) from None


def _uuid(value: str, key: str, ordinal: int) -> str:
    if not value:
        return derived_uuid(key, ordinal)
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise RowError(N_("id '{value}' is not a uuid"), value=value) from None
