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
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

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
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


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


def _decode(data: bytes) -> str:
    return data.decode("utf-8-sig")


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def parse_sessions_csv(data: bytes, zone: tzinfo, now: datetime) -> ParsedFile:
    """The good rows as (line, AssistedSession) and a Problem for every bad row."""
    result = ParsedFile()
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        result.problems.append(Problem(1, N_("the file is not UTF-8 text; save it as CSV UTF-8")))
        return result
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader)
    except StopIteration:
        result.problems.append(Problem(1, N_("the file is empty; it needs a header row")))
        return result
    except csv.Error as exc:
        result.problems.append(Problem(1, N_("cannot read the header: {reason}"), {"reason": exc}))
        return result
    columns = [name.strip().lower() for name in header]
    header_problems = _check_header(columns)
    if header_problems:
        result.problems.extend(header_problems)
        return result
    seen: Counter[str] = Counter()
    line = reader.line_num
    while True:
        start_line = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.problems.append(
                Problem(reader.line_num, N_("cannot read this row: {reason}"), {"reason": exc})
            )
            break
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            result.problems.append(
                Problem(
                    start_line,
                    _ROW_CELLS,
                    {"found": len(cells), "expected": len(columns)},
                )
            )
            continue
        row = {name: cell.strip() for name, cell in zip(columns, cells, strict=True)}
        key = _content_key(row)
        seen[key] += 1
        try:
            session = _session(row, zone, now, key, seen[key])
        except RowError as exc:
            result.problems.append(Problem(start_line, exc.message, exc.params))
            continue
        result.sessions.append((start_line, session))
    return result


def _check_header(columns: list[str]) -> list[Problem]:
    problems = []
    for name in columns:
        if name not in COLUMNS:
            problems.append(
                Problem(
                    1,
                    N_("unknown column '{name}'; the columns are {columns}"),
                    {"name": name, "columns": ",".join(COLUMNS)},
                )
            )
    duplicates = sorted(name for name, n in Counter(columns).items() if n > 1)
    for name in duplicates:
        problems.append(Problem(1, N_("the column '{name}' is there twice"), {"name": name}))
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
    if not value.isdigit() or not 1 <= int(value) <= MAX_MINUTES:
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
