"""Exports for a period and location: records as CSV (comma, or semicolon for spreadsheets), the
IDO aggregate with small cells suppressed, and VNG Klantinteracties `klantcontact` JSON. Each
holds only the locations of the reader's scope (`Filters.scope`); docs/exports.md describes
every format.

Fetching and formatting are apart: `record_rows`, `ido_table` and `klantcontact_rows` read the
database; `ido_document`, `klantcontact` and kiosk.hub.spreadsheet turn what they read into a
file, so the formats can be fed from elsewhere (rollups, a stream) unchanged.

- Every text cell of every format is neutralised against formula injection
  (kiosk.hub.spreadsheet); counts stay numbers.
- The IDO export covers one whole calendar month or quarter (`ido_period`), so two exports
  never overlap in part and cannot be subtracted to single out a few records; its small cells
  are hidden with complementary cells (kiosk.hub.records.suppression).
- The CSV and klantcontact exports hold one entry per record; they carry ids and codes only,
  never names or free text. A klantcontact's `onderwerp` is always in Dutch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from kiosk.domain.labels import OUTCOME_LABELS, TOPIC_LABELS
from kiosk.domain.records import TOPICS
from kiosk.hub.audit import Actor, audit
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import Location, RecordRow
from kiosk.hub.errors import HubError
from kiosk.hub.i18n import N_
from kiosk.hub.locations import referral_labels
from kiosk.hub.records.stats import UNKNOWN_DIMENSION, Filters, all_counts, by_dimension, listed
from kiosk.hub.records.suppression import HIDDEN, Relations, protect, published
from kiosk.hub.scope import Scope
from kiosk.hub.spreadsheet import DIALECTS, csv_chunks, neutralise_object
from kiosk.i18n import translations_for

FORMATS = ("csv", "csv-excel", "ido", "klantinteracties")
CSV_COLUMNS = (
    "id",
    "kind",
    "revision",
    "location",
    "kiosk_id",
    "created_at",
    "started_at",
    "ended_at",
    "topics",
    "outcome",
    "referral",
    "language",
    "age_band",
    "first_visit",
    "volunteer",
    "guide_id",
    "guide_version",
    "ended",
    "last_step",
    "steps",
    "assisted_session",
    "unknown_ids",
)
#: ISO 639-2 codes for the languages the kiosk speaks (Klantinteracties wants three letters).
ISO639_2 = {
    "nl": "nld",
    "fr": "fra",
    "en": "eng",
    "ar": "ara",
    "tr": "tur",
    "pl": "pol",
    "uk": "ukr",
}
IDO_FORMAT = "ido-aggregate/2"
HIDDEN_MEANS = (
    f'"{HIDDEN}": hidden; a count from 1 to 4, or a count hidden with it so that it cannot be '
    "worked out from the totals"
)
ONDERWERP_MAX = 200
#: Refusal of an IDO period that is not one whole month or quarter (hub gettext domain).
IDO_PERIOD_REFUSED = N_(
    "An IDO export covers one whole calendar month or quarter, for example from "
    "{month_start} to {month_end}, or from {quarter_start} to {quarter_end}."
)

#: A Dutch guide title for a guide id (kiosk.hub.guides.titles); the id when unknown.
DutchTitle = Callable[[str], str]


def _location_names(db: HubDatabase) -> dict[str, str]:
    with db.sessions() as session:
        return {row[0]: row[1] for row in session.execute(select(Location.id, Location.name))}


def records(db: HubDatabase, filters: Filters, kind: str | None = None) -> Iterator[RecordRow]:
    query = (
        select(RecordRow)
        .where(RecordRow.started_at >= filters.start_at, RecordRow.started_at < filters.end_before)
        .where(filters.scope.where(RecordRow.location_id))
        .order_by(RecordRow.started_at, RecordRow.uuid)
    )
    if filters.location_id:
        query = query.where(RecordRow.location_id == filters.location_id)
    if kind:
        query = query.where(RecordRow.kind == kind)
    with db.sessions() as session:
        yield from session.scalars(query.execution_options(yield_per=1000))


# -- records as CSV ------------------------------------------------------------------------------


def utc_text(value: object) -> object:
    """A moment as ISO 8601 in UTC with `Z` (`2025-12-02T08:15:00Z`), whatever offset it was
    recorded with (an imported session keeps `+01:00`); any other value as it is."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    else:
        return value
    if moment.tzinfo is None:  # the hub stores aware moments; a naive one is UTC already
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def record_row(row: RecordRow, location_name: str) -> list[object]:
    """One record as the values of CSV_COLUMNS (kiosk.hub.spreadsheet.cell writes them)."""
    data: dict[str, object] = json.loads(row.data_json)
    values: dict[str, object] = {name: data.get(name) for name in CSV_COLUMNS}
    values.update(
        id=row.uuid,
        kind=row.kind,
        revision=row.revision,
        location=location_name,
        kiosk_id=row.kiosk_id,
        created_at=utc_text(row.created_at),
        started_at=utc_text(values["started_at"]),
        ended_at=utc_text(values["ended_at"]),
        unknown_ids=(row.unknown_ids or "").replace(",", "|") or None,
    )
    return [values[name] for name in CSV_COLUMNS]


def record_rows(db: HubDatabase, filters: Filters) -> Iterator[list[object]]:
    names = _location_names(db)
    for row in records(db, filters):
        yield record_row(row, names.get(row.location_id, row.location_id))


def export_csv(db: HubDatabase, filters: Filters, dialect: str = "csv") -> str:
    """The records as CSV in `dialect` ("csv" or "csv-excel", kiosk.hub.spreadsheet)."""
    return "".join(csv_chunks(CSV_COLUMNS, record_rows(db, filters), DIALECTS[dialect]))


# -- the IDO aggregate ---------------------------------------------------------------------------


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def ido_period(start: date, end: date) -> str | None:
    """The name of the period ("2025-03", "2025-Q1") when it is one whole calendar month or
    quarter; None otherwise."""
    if start.day != 1:
        return None
    if end == _month_end(start):
        return f"{start.year}-{start.month:02d}"
    if start == _quarter_start(start) and end == _month_end(date(start.year, start.month + 2, 1)):
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return None


class IdoPeriodRefused(HubError):
    """An IDO export asked for a period that is not one whole month or quarter."""

    def __init__(self, near: date) -> None:
        month_start = near.replace(day=1)
        quarter_start = _quarter_start(near)
        super().__init__(
            IDO_PERIOD_REFUSED,
            month_start=month_start,
            month_end=_month_end(month_start),
            quarter_start=quarter_start,
            quarter_end=_month_end(date(near.year, quarter_start.month + 2, 1)),
        )


def check_ido_period(filters: Filters) -> str:
    """The period's name, or IdoPeriodRefused."""
    name = ido_period(filters.start, filters.end)
    if name is None:
        raise IdoPeriodRefused(filters.start)
    return name


def ido_period_near(start: date, end: date) -> tuple[date, date]:
    """The IDO period to offer for a chosen period: itself when it is a whole month or
    quarter, else the last whole calendar month that ends by its last day (a month still
    running would change as records arrive)."""
    if ido_period(start, end):
        return start, end
    last = end if end == _month_end(end) else end.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def ido_relations(
    referrals: Sequence[str], topics: Sequence[str], unknown: Sequence[str] | None = ()
) -> Relations:
    """What a reader of the IDO table knows: each session has one outcome, each referred one
    one referral, a topic or an unknown id counts at most the sessions it is part of.

    `unknown`: the referral ids not on the location's list. A reader who knows that list knows
    `unknown_ids.referral` is the sum of those cells, so it is modelled as that sum, and the
    referred total as the known cells plus it (a tree: two relations share one cell). None
    when the unknown count is not such a sum (ids known at one location of the scope and not
    at another): then it is only bounded, and `ido_forced()` hides it."""
    if unknown is None:
        return Relations(
            sums=(
                ("sessions", [f"outcome:{outcome}" for outcome in OUTCOME_LABELS]),
                ("outcome:referred", [f"referral:{key}" for key in referrals]),
            ),
            bounds=(
                *((f"topic:{topic}", "sessions") for topic in topics),
                ("unknown:volunteer", "sessions"),
                ("unknown:referral", "outcome:referred"),
            ),
        )
    known = [f"referral:{key}" for key in referrals if key not in unknown]
    return Relations(
        sums=(
            ("sessions", [f"outcome:{outcome}" for outcome in OUTCOME_LABELS]),
            ("outcome:referred", [*known, "unknown:referral"]),
            ("unknown:referral", [f"referral:{key}" for key in referrals if key in unknown]),
        ),
        bounds=(
            *((f"topic:{topic}", "sessions") for topic in topics),
            ("unknown:volunteer", "sessions"),
        ),
    )


@dataclass(frozen=True)
class IdoTable:
    """The IDO counts of a period and location (or all locations of the scope), unpublished.
    `forced`: cells to hide whatever their count (those its months hide, for a quarter)."""

    period: str
    start: date
    end: date
    location: str | None
    counts: dict[str, int]
    referrals: tuple[str, ...]
    forced: frozenset[str] = frozenset()
    #: the referral ids not on the list (see ido_relations); None when that is mixed
    unknown: tuple[str, ...] | None = ()


def _counted(
    db: HubDatabase, filters: Filters
) -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...] | None]:
    """The IDO cells of `filters`, the referral ids among them and the unknown ones (those
    not on the list; None when the unknown count is not their sum)."""
    with db.sessions() as session:
        counts = all_counts(session, filters)
    scope = Scope(frozenset({filters.location_id})) if filters.location_id else filters.scope
    referral_counts = by_dimension(counts, "referral")
    labels = set(referral_labels(db, scope))
    referrals = tuple(sorted(labels | set(referral_counts)))
    topics = by_dimension(counts, "topic")
    outcomes = by_dimension(counts, "outcome")
    unknown = by_dimension(counts, UNKNOWN_DIMENSION)
    table = {"sessions": by_dimension(counts, "sessions")["all"]}
    table |= {f"outcome:{key}": outcomes.get(key, 0) for key in OUTCOME_LABELS}
    table |= {f"referral:{key}": referral_counts.get(key, 0) for key in referrals}
    table |= {f"topic:{key}": topics.get(key, 0) for key in TOPICS}
    table |= {f"unknown:{key}": unknown.get(key, 0) for key in ("referral", "volunteer")}
    unknown_referrals = tuple(key for key in referrals if key not in labels)
    is_sum = sum(referral_counts.get(key, 0) for key in unknown_referrals) == unknown.get(
        "referral", 0
    )
    return table, referrals, unknown_referrals if is_sum else None


def hidden_cells(
    counts: dict[str, int],
    referrals: Sequence[str],
    forced: frozenset[str],
    unknown: Sequence[str] | None = (),
) -> set[str]:
    """The IDO cells to hide; an unknown count that is not a plain sum is always hidden."""
    if unknown is None:
        forced = forced | {"unknown:referral"}
    relations = ido_relations(referrals, TOPICS, unknown)
    return protect(counts, relations, root="sessions", forced=forced)


def ido_table(db: HubDatabase, filters: Filters) -> IdoTable:
    """Count what the IDO export publishes (a refused period raises IdoPeriodRefused).

    A quarter hides every cell that one of its months hides in its own export: otherwise the
    quarter minus two published months would give back a month's hidden count."""
    name = check_ido_period(filters)
    counts, referrals, unknown = _counted(db, filters)
    forced: set[str] = set()
    if name[5:6] == "Q":
        for month in range(filters.start.month, filters.start.month + 3):
            first = date(filters.start.year, month, 1)
            part = replace(filters, start=first, end=_month_end(first))
            month_counts, month_referrals, month_unknown = _counted(db, part)
            forced |= hidden_cells(month_counts, month_referrals, frozenset(), month_unknown)
    location = _location_names(db).get(filters.location_id) if filters.location_id else None
    return IdoTable(
        name,
        filters.start,
        filters.end,
        location,
        counts,
        referrals,
        frozenset(forced),
        unknown,
    )


def ido_document(table: IdoTable) -> dict[str, object]:
    """The IDO export of `table`: small cells and their complements hidden, text neutralised."""
    hidden = hidden_cells(table.counts, table.referrals, table.forced, table.unknown)
    shown = published(table.counts, hidden)

    def group(prefix: str) -> dict[str, object]:
        return {
            name.removeprefix(prefix): value
            for name, value in shown.items()
            if name.startswith(prefix)
        }

    document: dict[str, object] = {
        "format": IDO_FORMAT,
        "period": {
            "name": table.period,
            "from": table.start.isoformat(),
            "to": table.end.isoformat(),
        },
        "location": table.location,
        "hidden_cells": HIDDEN_MEANS,
        "sessions": shown["sessions"],
        "outcomes": group("outcome:"),
        "referrals": group("referral:"),
        "topics": group("topic:"),
        "unknown_ids": group("unknown:"),
    }
    return neutralise_object(document)


def ido_aggregate(db: HubDatabase, filters: Filters) -> dict[str, object]:
    return ido_document(ido_table(db, filters))


# -- Klantinteracties ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRow:
    """What a klantcontact is made of: one assisted session and the guides handed off to it."""

    uuid: str
    data: dict[str, object]
    guides: tuple[str, ...]


def klantcontact_rows(db: HubDatabase, filters: Filters) -> list[SessionRow]:
    """The assisted sessions of the filter, each with the ids of the guides whose runs were
    handed to it (a guide run's `assisted_session`)."""
    handed: dict[str, list[str]] = {}
    for row in records(db, filters, kind="guide_run"):
        data: dict[str, object] = json.loads(row.data_json)
        session_id = data.get("assisted_session")
        if isinstance(session_id, str) and data.get("guide_id"):
            guides = handed.setdefault(session_id, [])
            if str(data["guide_id"]) not in guides:
                guides.append(str(data["guide_id"]))
    return [
        SessionRow(row.uuid, json.loads(row.data_json), tuple(handed.get(row.uuid, ())))
        for row in records(db, filters, kind="assisted_session")
    ]


def dutch_topic(topic: str) -> str:
    """A topic's label in Dutch (as in the Netherlands, where Klantinteracties is used)."""
    if topic not in TOPIC_LABELS:
        return topic
    return translations_for("nl", "NL").gettext(TOPIC_LABELS[topic])


def klantcontact(row: SessionRow, dutch_title: DutchTitle) -> dict[str, object]:
    """One assisted session as a `klantcontact`; its `onderwerp` is Dutch: the titles of the
    guides handed to it, then its topics."""
    subjects = [dutch_title(guide) for guide in row.guides]
    subjects += [dutch_topic(str(topic)) for topic in listed(row.data.get("topics"))]
    language = str(row.data.get("language") or "")
    contact: dict[str, object] = {
        "uuid": row.uuid,
        "kanaal": "balie",
        "onderwerp": (", ".join(subjects) or dutch_topic("other"))[:ONDERWERP_MAX],
        "inhoud": "",
        "indicatieContactGelukt": row.data.get("outcome") in ("helped", "partly", "referred"),
        "taal": ISO639_2.get(language.split("-")[0], language[:3]),
        "vertrouwelijk": False,
        "plaatsgevondenOp": utc_text(row.data.get("started_at")),
    }
    return neutralise_object(contact)


def klantcontacten(
    db: HubDatabase, filters: Filters, dutch_title: DutchTitle | None = None
) -> list[dict[str, object]]:
    """Assisted sessions as `klantcontact` objects (VNG Klantinteracties)."""
    title = dutch_title or (lambda guide: guide)
    return [klantcontact(row, title) for row in klantcontact_rows(db, filters)]


# -- one entry point -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """An export as a file: its bytes, media type and file name suffix."""

    body: bytes
    media_type: str
    suffix: str


def _json(value: object) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def render(
    db: HubDatabase, fmt: str, filters: Filters, dutch_title: DutchTitle | None = None
) -> Rendered:
    """The export in `fmt` (one of FORMATS); IdoPeriodRefused for a wrong IDO period."""
    if fmt in DIALECTS:
        text = export_csv(db, filters, fmt)
        return Rendered(text.encode("utf-8"), "text/csv; charset=utf-8", "csv")
    if fmt == "ido":
        return Rendered(_json(ido_aggregate(db, filters)), "application/json", "json")
    if fmt == "klantinteracties":
        contacts = klantcontacten(db, filters, dutch_title)
        return Rendered(_json(contacts), "application/json", "json")
    raise ValueError(f"unknown export format {fmt!r}")


def audit_export(
    db: HubDatabase, actor: Actor, fmt: str, filters: Filters, client: str | None = None
) -> None:
    """Record who exported what: the format, the period and the location (all when None)."""
    audit(
        db,
        "export",
        actor,
        location_id=filters.location_id,
        client=client,
        details={
            "format": fmt,
            "from": filters.start.isoformat(),
            "to": filters.end.isoformat(),
            "location": filters.location_id or "all",
        },
    )
