"""The dashboard's numbers: filters from the query string, and the data of every chart.

Every chart is a `Chart`: a title, labels and one or more series of whole numbers, all in the
reader's language (kiosk.hub.i18n) with guides and steps by their titles
(kiosk.hub.guides.titles), never by id. The page shows each chart as a table beside it (the
text alternative of the drawing) and embeds the same data as JSON in a `data-json` attribute,
which the static `dashboard.js` draws with Chart.js; no inline script, so the CSP stays strict.

A run handed off at a `handoff` step whose reason is `referral` counts as "referred to another
service", not as "handed to a volunteer"; other hand-offs (the handoff step to a volunteer, the
"ask a volunteer" buttons) are a volunteer's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from kiosk.domain.guide import HandoffStep
from kiosk.domain.labels import OUTCOME_LABELS, TOPIC_LABELS
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.guides.titles import GuideTitles, guide_titles
from kiosk.hub.i18n import N_, Translator, translator_for
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
    first_data_day,
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
    first_data: date | None = None,
) -> Filters:
    """Filters from the query string (ISO dates, location id) for a reader with `scope`; bad
    values raise HubError, a location outside the scope NotFoundError. Without dates, the
    period is the last twelve weeks from the week of the first data (`first_data`)."""
    if location and not scope.allows(location):
        raise NotFoundError(N_("no location {location}"), location=repr(location))
    default = default_filters(today, scope=scope, first_data=first_data)
    try:
        first = date.fromisoformat(start) if start else default.start
        last = date.fromisoformat(end) if end else default.end
    except ValueError:
        raise HubError(N_("dates must look like 2024-03-31")) from None
    if not (first >= EARLIEST and last <= LATEST):
        raise HubError(N_("dates must be from {first} to {last}"), first=EARLIEST, last=LATEST)
    if last < first:
        raise HubError(N_("the period ends before it starts"))
    if last - first > timedelta(days=MAX_DAYS):
        raise HubError(N_("choose a period of at most three years"))
    return Filters(start=first, end=last, location_id=location or None, scope=scope)


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]


@dataclass(frozen=True)
class Chart:
    """One chart and its table: `labels` name the rows, each series is a column."""

    title: str
    labels: list[str]
    series: list[Series]
    #: The header of the labels' column ("Week", "Topic", ...).
    label_header: str = ""
    #: "bar" (horizontal when `horizontal`), "line", "doughnut"; `stacked` stacks the series.
    kind: str = "bar"
    horizontal: bool = False
    stacked: bool = False
    runs: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        """The table's rows: a label and its value in each series."""
        return [
            (label, [series.values[i] for series in self.series])
            for i, label in enumerate(self.labels)
        ]

    @property
    def empty(self) -> bool:
        return not any(any(series.values) for series in self.series)

    def json(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("extra")
        return data


@dataclass(frozen=True)
class Dashboard:
    totals: dict[str, int]
    charts: dict[str, Chart]
    funnels: list[Chart]

    def json(self) -> dict[str, object]:
        """What dashboard.js draws."""
        return {
            "charts": {key: chart.json() for key, chart in self.charts.items()},
            "funnels": [chart.json() for chart in self.funnels],
        }


#: How a guide run ended, as the dashboard tells them apart (the `handed_off` of the protocol
#: is split by where it happened).
RUN_ENDS: dict[str, str] = {
    "completed": N_("Completed"),
    "volunteer": N_("Handed to a volunteer"),
    "referral": N_("Referred to another service"),
    "abandoned": N_("Abandoned"),
    "not_done": N_("Not done (a step could not be carried out)"),
}


def _ranked(
    title: str, header: str, counts: Counter[str], label: Callable[[str], str], series: str
) -> Chart:
    """A horizontal bar chart of `counts`, most frequent first."""
    ranked = counts.most_common()
    return Chart(
        title,
        [label(key) for key, _n in ranked],
        [Series(series, [n for _key, n in ranked])],
        header,
        horizontal=True,
    )


def _locations_chart(t: Translator, counts: Counts, names: dict[str, str]) -> Chart:
    sessions_at = by_location(counts, "sessions")
    runs_at = by_location(counts, "runs")
    ids = sorted(set(sessions_at) | set(runs_at), key=lambda i: names.get(i, i))
    return Chart(
        t._("By location"),
        [names.get(i, i) for i in ids],
        [
            Series(t._("Assisted sessions"), [sessions_at.get(i, 0) for i in ids]),
            Series(t._("Guide runs"), [runs_at.get(i, 0) for i in ids]),
        ],
        t._("Location"),
    )


def _is_referral(titles: GuideTitles, guide_id: str, step_id: str) -> bool:
    guide = titles.guides.get(guide_id)
    if guide is None or not guide.has_step(step_id):
        return False
    step = guide.step(step_id)
    return isinstance(step, HandoffStep) and step.reason == "referral"


def run_ends(
    runs: Counter[str], ends: Counter[str], handoffs: Counter[str], titles: GuideTitles
) -> dict[str, Counter[str]]:
    """Per way of ending (RUN_ENDS), the runs per guide."""
    result: dict[str, Counter[str]] = {end: Counter() for end in RUN_ENDS}
    for guide in runs:
        result["completed"][guide] = ends.get(f"{guide}{SEP}completed", 0)
        result["abandoned"][guide] = ends.get(f"{guide}{SEP}abandoned", 0)
        result["not_done"][guide] = ends.get(f"{guide}{SEP}not_done", 0)
        handed = ends.get(f"{guide}{SEP}handed_off", 0)
        referred = sum(
            n
            for key, n in handoffs.items()
            if key.partition(SEP)[0] == guide and _is_referral(titles, guide, key.partition(SEP)[2])
        )
        result["referral"][guide] = min(referred, handed)
        result["volunteer"][guide] = handed - result["referral"][guide]
    return result


def _guides_chart(
    t: Translator, runs: Counter[str], ends: dict[str, Counter[str]], titles: GuideTitles
) -> Chart:
    guides = sorted(runs, key=lambda guide: (-runs[guide], guide))
    return Chart(
        t._("Guide runs per guide"),
        [titles.guide_title(g, t.language) for g in guides],
        [Series(t._(label), [ends[end][g] for g in guides]) for end, label in RUN_ENDS.items()],
        t._("Guide"),
        horizontal=True,
        stacked=True,
    )


def _funnels(t: Translator, counts: Counts, runs: Counter[str], titles: GuideTitles) -> list[Chart]:
    return [
        Chart(
            titles.guide_title(guide, t.language),
            [titles.step_title(guide, step.step, t.language) for step in steps],
            [
                Series(t._("Reached this step"), [step.reached for step in steps]),
                Series(t._("Abandoned here"), [step.abandoned for step in steps]),
                Series(t._("Not done here"), [step.not_done for step in steps]),
            ],
            t._("Step"),
            horizontal=True,
            runs=runs.get(guide, 0),
        )
        for guide, steps in funnels(counts).items()
    ]


def first_day(db: HubDatabase, scope: Scope) -> date | None:
    """The first day with data the reader may see (the default period starts there)."""
    with db.sessions() as session:
        return first_data_day(session, scope)


def build(
    db: HubDatabase,
    filters: Filters,
    t: Translator | None = None,
    titles: GuideTitles | None = None,
) -> Dashboard:
    """The dashboard of `filters` in `t`'s language (English by default), guides named by
    `titles` (by default those of the shipped guides)."""
    t = t or translator_for(None)
    titles = titles or guide_titles(None)
    with db.sessions() as session:
        counts = all_counts(session, filters)
    names = {location.id: location.name for location in list_locations(db, filters.scope)}
    referrals = referral_labels(db, filters.scope)
    weeks = by_week(counts, "sessions", filters)
    outcomes = by_dimension(counts, "outcome")
    runs = by_dimension(counts, "runs")
    ends = run_ends(
        runs, by_dimension(counts, "run_end"), by_dimension(counts, "handed_off_at"), titles
    )
    unknown = by_dimension(counts, UNKNOWN_DIMENSION)
    sessions = t._("Assisted sessions")

    def topic(key: str) -> str:
        return t._(TOPIC_LABELS[key]) if key in TOPIC_LABELS else key

    charts = {
        "sessions_per_week": Chart(
            t._("Assisted sessions per week"),
            [t.day(week) for week, _n in weeks],
            [Series(sessions, [n for _week, n in weeks])],
            t._("Week of"),
            kind="line",
        ),
        "topics": _ranked(
            t._("By topic"), t._("Topic"), by_dimension(counts, "topic"), topic, sessions
        ),
        "outcomes": Chart(
            t._("By outcome"),
            [t._(label) for label in OUTCOME_LABELS.values()],
            [Series(sessions, [outcomes.get(o, 0) for o in OUTCOME_LABELS])],
            t._("Outcome"),
            kind="doughnut",
        ),
        "referrals": _ranked(
            t._("By referral"),
            t._("Referred to"),
            by_dimension(counts, "referral"),
            lambda r: referrals.get(r, r),
            sessions,
        ),
        "locations": _locations_chart(t, counts, names),
        "guides": _guides_chart(t, runs, ends, titles),
    }
    total_runs = sum(runs.values())
    completed = sum(ends["completed"].values())
    totals = {
        "sessions": sum(n for _w, n in weeks),
        "runs": total_runs,
        "completed_pct": round(100 * completed / total_runs) if total_runs else 0,
        "helped": outcomes.get("helped", 0) + outcomes.get("partly", 0),
        "unknown_referral": unknown.get("referral", 0),
        "unknown_volunteer": unknown.get("volunteer", 0),
    }
    return Dashboard(totals=totals, charts=charts, funnels=_funnels(t, counts, runs, titles))
