"""The dashboard's numbers: filters from the query string, and the data of every chart.

The page embeds the result as JSON (`<script type="application/json">`), and the static
`dashboard.js` draws it with Chart.js; no inline script, so the CSP can stay strict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.domain.labels import OUTCOME_LABELS, outcome_label, run_end_label, topic_label
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.locations import list_locations, referral_labels
from kiosk.hub.records.stats import (
    SEP,
    UNKNOWN_DIMENSION,
    Counts,
    Filters,
    all_counts,
    by_dimension,
    by_location,
    by_week,
    default_filters,
    funnels,
)
from kiosk.hub.scope import FULL, Scope

MAX_DAYS = 3 * 366
#: The dates a period may span (the week arithmetic needs room before date.min and after
#: date.max; no record is that old or that far ahead).
EARLIEST = date(1970, 1, 1)
LATEST = date(2999, 12, 31)


def parse_filters(
    start: str | None,
    end: str | None,
    location: str | None,
    today: date | None = None,
    scope: Scope = FULL,
) -> Filters:
    """Filters from the query string (ISO dates, location id) for a reader with `scope`; bad
    values raise HubError, a location outside the scope NotFoundError."""
    if location and not scope.allows(location):
        raise NotFoundError(f"no location {location!r}")
    default = default_filters(today, scope=scope)
    try:
        first = date.fromisoformat(start) if start else default.start
        last = date.fromisoformat(end) if end else default.end
    except ValueError:
        raise HubError("dates must look like 2024-03-31") from None
    if not (first >= EARLIEST and last <= LATEST):
        raise HubError(f"dates must be from {EARLIEST} to {LATEST}")
    if last < first:
        raise HubError("the period ends before it starts")
    if last - first > timedelta(days=MAX_DAYS):
        raise HubError("choose a period of at most three years")
    return Filters(start=first, end=last, location_id=location or None, scope=scope)


@dataclass(frozen=True)
class Dashboard:
    totals: dict[str, int]
    charts: dict[str, object]
    funnels: list[dict[str, object]]


def _ranked(counts: Counter[str], label: Callable[[str], str]) -> dict[str, object]:
    """A bar chart of `counts`, most frequent first."""
    ranked = counts.most_common()
    return {"labels": [label(key) for key, _n in ranked], "values": [n for _key, n in ranked]}


def _locations_chart(counts: Counts, names: dict[str, str]) -> dict[str, object]:
    sessions_at = by_location(counts, "sessions")
    runs_at = by_location(counts, "runs")
    ids = sorted(set(sessions_at) | set(runs_at), key=lambda i: names.get(i, i))
    return {
        "labels": [names.get(i, i) for i in ids],
        "sessions": [sessions_at.get(i, 0) for i in ids],
        "runs": [runs_at.get(i, 0) for i in ids],
    }


def _guides_chart(runs: Counter[str], run_ends: Counter[str]) -> dict[str, object]:
    guides = sorted(runs, key=lambda guide: -runs[guide])
    return {
        "labels": guides,
        "series": [
            {
                "label": run_end_label(end),
                "values": [run_ends.get(f"{g}{SEP}{end}", 0) for g in guides],
            }
            for end in ("completed", "handed_off", "abandoned", "not_done")
        ],
    }


def _funnels(counts: Counts, runs: Counter[str]) -> list[dict[str, object]]:
    return [
        {
            "guide": guide,
            "runs": runs.get(guide, 0),
            "labels": [step.step for step in steps],
            "reached": [step.reached for step in steps],
            "abandoned": [step.abandoned for step in steps],
            "not_done": [step.not_done for step in steps],
        }
        for guide, steps in funnels(counts).items()
    ]


def build(db: HubDatabase, filters: Filters) -> Dashboard:
    with db.sessions() as session:
        counts = all_counts(session, filters)
    names = {location.id: location.name for location in list_locations(db, filters.scope)}
    referrals = referral_labels(db, filters.scope)
    weeks = by_week(counts, "sessions", filters)
    outcomes = by_dimension(counts, "outcome")
    runs = by_dimension(counts, "runs")
    run_ends = by_dimension(counts, "run_end")
    unknown = by_dimension(counts, UNKNOWN_DIMENSION)
    charts: dict[str, object] = {
        "sessions_per_week": {
            "labels": [week.isoformat() for week, _n in weeks],
            "values": [n for _week, n in weeks],
        },
        "topics": _ranked(by_dimension(counts, "topic"), topic_label),
        "outcomes": {
            "labels": [outcome_label(o) for o in OUTCOME_LABELS],
            "values": [outcomes.get(o, 0) for o in OUTCOME_LABELS],
        },
        "referrals": _ranked(by_dimension(counts, "referral"), lambda r: referrals.get(r, r)),
        "locations": _locations_chart(counts, names),
        "guides": _guides_chart(runs, run_ends),
    }
    total_runs = sum(runs.values())
    completed = sum(v for k, v in run_ends.items() if k.endswith(SEP + "completed"))
    totals = {
        "sessions": sum(n for _w, n in weeks),
        "runs": total_runs,
        "completed_pct": round(100 * completed / total_runs) if total_runs else 0,
        "helped": outcomes.get("helped", 0) + outcomes.get("partly", 0),
        "unknown_referral": unknown.get("referral", 0),
        "unknown_volunteer": unknown.get("volunteer", 0),
    }
    return Dashboard(totals=totals, charts=charts, funnels=_funnels(counts, runs))
