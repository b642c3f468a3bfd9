"""Counting records for the dashboard, the IDO export and the archive that purge leaves behind.

Each record yields *facts*, `(dimension, key)` pairs such as `("topic", "taxes")` or
`("reached", "<guide>|<step>")`. Counted per week and location, the same facts are what
`archived_counts` keeps of purged records, so totals survive retention: the dashboard adds the
archived counts to those of the raw records still present.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.hub.db.models import ArchivedCount, RecordRow
from kiosk.hub.scope import FULL, Scope

#: The dimension that counts records per field whose id was not on the location's lists when
#: they came in ("referral", "volunteer"); they keep their id in the other dimensions.
UNKNOWN_DIMENSION = "unknown_id"

Fact = tuple[str, str]
#: (week, location_id, dimension, key) -> count
Counts = Counter[tuple[date, str, str, str]]
SEP = "|"


@dataclass(frozen=True)
class Filters:
    """A period (inclusive dates, UTC), optionally one location, and the reader's scope: every
    query of records and archived counts keeps only the locations `scope` allows."""

    start: date
    end: date
    location_id: str | None = None
    scope: Scope = FULL

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, UTC)

    @property
    def end_before(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time.min, UTC)


def default_filters(today: date | None = None, weeks: int = 12, scope: Scope = FULL) -> Filters:
    day = today or datetime.now(UTC).date()
    return Filters(start=week_of_day(day) - timedelta(weeks=weeks - 1), end=day, scope=scope)


def week_of_day(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_of(moment: datetime) -> date:
    return week_of_day(moment.astimezone(UTC).date())


def listed(value: object) -> list[object]:
    """A JSON array's items, or none when `value` is not an array (stored data is validated)."""
    return value if isinstance(value, list) else []


def facts(kind: str, data: dict[str, object], unknown_ids: str | None = None) -> Iterator[Fact]:
    """The facts of one record; `unknown_ids` is its flag (fields whose id was not listed)."""
    unknown = set(unknown_ids.split(",")) if unknown_ids else set()
    for name in sorted(unknown):
        yield (UNKNOWN_DIMENSION, name)
    if kind == "assisted_session":
        yield ("sessions", "all")
        for topic in listed(data.get("topics")):
            yield ("topic", str(topic))
        yield ("outcome", str(data.get("outcome")))
        if data.get("referral"):
            yield ("referral", str(data["referral"]))
        if data.get("language"):
            yield ("language", str(data["language"]))
    elif kind == "guide_run":
        guide = str(data.get("guide_id"))
        ended = str(data.get("ended"))
        yield ("runs", guide)
        yield ("run_end", f"{guide}{SEP}{ended}")
        seen: set[str] = set()
        for step in map(str, listed(data.get("steps"))):
            if step not in seen:
                seen.add(step)
                yield ("reached", f"{guide}{SEP}{step}")
        if ended in ("abandoned", "not_done"):
            yield (ended, f"{guide}{SEP}{data.get('last_step')}")


RawRow = tuple[str, str, datetime, str, str | None]


def raw_rows(session: Session, filters: Filters) -> Iterator[RawRow]:
    """(kind, location_id, started_at, data_json, unknown_ids) of the records in the filter."""
    query = select(
        RecordRow.kind,
        RecordRow.location_id,
        RecordRow.started_at,
        RecordRow.data_json,
        RecordRow.unknown_ids,
    ).where(
        RecordRow.started_at >= filters.start_at,
        RecordRow.started_at < filters.end_before,
        filters.scope.where(RecordRow.location_id),
    )
    if filters.location_id:
        query = query.where(RecordRow.location_id == filters.location_id)
    for row in session.execute(query.execution_options(yield_per=2000)):
        yield row[0], row[1], row[2], row[3], row[4]


def count_rows(rows: Iterator[RawRow]) -> Counts:
    counts: Counts = Counter()
    for kind, location_id, started_at, data_json, unknown_ids in rows:
        week = week_of(started_at)
        for dimension, key in facts(kind, json.loads(data_json), unknown_ids):
            counts[(week, location_id, dimension, key)] += 1
    return counts


def archived(session: Session, filters: Filters) -> Counts:
    query = (
        select(
            ArchivedCount.week,
            ArchivedCount.location_id,
            ArchivedCount.dimension,
            ArchivedCount.key,
            func.sum(ArchivedCount.count),
        )
        .where(ArchivedCount.week >= week_of_day(filters.start), ArchivedCount.week <= filters.end)
        .where(filters.scope.where(ArchivedCount.location_id))
        .group_by(
            ArchivedCount.week,
            ArchivedCount.location_id,
            ArchivedCount.dimension,
            ArchivedCount.key,
        )
    )
    if filters.location_id:
        query = query.where(ArchivedCount.location_id == filters.location_id)
    counts: Counts = Counter()
    for week, location_id, dimension, key, total in session.execute(query):
        counts[(week, location_id, dimension, key)] += int(total or 0)
    return counts


def all_counts(session: Session, filters: Filters) -> Counts:
    """Counts of the raw records in the filter plus the archived counts of purged ones."""
    counts = count_rows(raw_rows(session, filters))
    counts.update(archived(session, filters))
    return counts


def by_dimension(counts: Counts, dimension: str) -> Counter[str]:
    result: Counter[str] = Counter()
    for (_week, _location, dim, key), value in counts.items():
        if dim == dimension:
            result[key] += value
    return result


def by_week(counts: Counts, dimension: str, filters: Filters) -> list[tuple[date, int]]:
    totals: Counter[date] = Counter()
    for (week, _location, dim, _key), value in counts.items():
        if dim == dimension:
            totals[week] += value
    weeks: list[tuple[date, int]] = []
    week = week_of_day(filters.start)
    while week <= filters.end:
        weeks.append((week, totals.get(week, 0)))
        week += timedelta(weeks=1)
    return weeks


def by_location(counts: Counts, dimension: str) -> Counter[str]:
    result: Counter[str] = Counter()
    for (_week, location, dim, _key), value in counts.items():
        if dim == dimension:
            result[location] += value
    return result


@dataclass(frozen=True)
class FunnelStep:
    step: str
    reached: int
    abandoned: int
    #: runs that stopped here because the step could not be carried out (`ended: not_done`)
    not_done: int = 0


def funnels(counts: Counts) -> dict[str, list[FunnelStep]]:
    """Per guide: runs that reached each step (most reached first), runs abandoned there and
    runs that stopped there not done (neither is completed)."""
    reached = by_dimension(counts, "reached")
    abandoned = by_dimension(counts, "abandoned")
    not_done = by_dimension(counts, "not_done")
    guides: dict[str, list[FunnelStep]] = {}
    for key, value in reached.items():
        guide, _sep, step = key.partition(SEP)
        guides.setdefault(guide, []).append(
            FunnelStep(step, value, abandoned.get(key, 0), not_done.get(key, 0))
        )
    for guide_steps in guides.values():
        guide_steps.sort(key=lambda item: -item.reached)
    return dict(sorted(guides.items()))
