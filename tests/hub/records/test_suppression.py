"""Complementary suppression of the IDO table (kiosk.hub.records.suppression), checked by brute
force: every small table is published, and for each hidden cell the values it could have,
given every published number and every relation a reader knows, must include 1, 2, 3 and 4.

The universe is every table of the IDO's shape (4 outcomes, 2 referrals, 1 topic, both unknown
counts) with at most MAX_SESSIONS sessions that satisfies the relations; each one is published
with `protect()`, and the tables that agree with it on every published cell are its possible
truths. This does not use `feasible_ranges()`, so it also checks that claim.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

import pytest

from kiosk.hub.records.exports import ido_period, ido_period_near, ido_relations
from kiosk.hub.records.suppression import Relations, feasible_ranges, protect, published

MAX_SESSIONS = 6
REFERRALS = ("a", "b")
TOPICS = ("t",)
#: The IDO's relations without `unknown:volunteer <= sessions`, which is the same as a topic's,
#: for a table whose unknown referral count is not a plain sum (ids known at one location of
#: the scope, not at another): the count is then hidden whatever it is (`hidden_cells`).
RELATIONS = Relations(
    sums=ido_relations(REFERRALS, TOPICS, None).sums,
    bounds=[
        b for b in ido_relations(REFERRALS, TOPICS, None).bounds if b[0] != "unknown:volunteer"
    ],
)
OUTCOMES = ("helped", "partly", "not_helped", "referred")
CELLS = (
    "sessions",
    *(f"outcome:{o}" for o in OUTCOMES),
    *(f"referral:{r}" for r in REFERRALS),
    *(f"topic:{t}" for t in TOPICS),
    "unknown:referral",
)
SMALL = {1, 2, 3, 4}

#: The usual case: one location's table, the ids "b" and "c" not on its list. A reader who
#: knows the list knows unknown_ids.referral = b + c (the stranger's leak in #19: referred minus
#: the published referrals minus the unknown count gave back a hidden referral).
SUM_REFERRALS = ("a", "b", "c")
SUM_UNKNOWN = ("b", "c")
SUM_CELLS = (
    "sessions",
    *(f"outcome:{o}" for o in OUTCOMES),
    *(f"referral:{r}" for r in SUM_REFERRALS),
    *(f"topic:{t}" for t in TOPICS),
    "unknown:referral",
)
#: Everything a reader knows, written here independently of ido_relations().
READER_KNOWS = Relations(
    sums=(
        ("sessions", [f"outcome:{o}" for o in OUTCOMES]),
        ("outcome:referred", [f"referral:{r}" for r in SUM_REFERRALS]),
        ("unknown:referral", [f"referral:{r}" for r in SUM_UNKNOWN]),
    ),
    bounds=(("topic:t", "sessions"),),
)
SUM_RELATIONS = Relations(
    sums=ido_relations(SUM_REFERRALS, TOPICS, SUM_UNKNOWN).sums,
    bounds=[
        b
        for b in ido_relations(SUM_REFERRALS, TOPICS, SUM_UNKNOWN).bounds
        if b[0] != "unknown:volunteer"
    ],
)


def compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first, *rest)


def every_table(max_sessions: int) -> Iterator[tuple[int, ...]]:
    """Every table of CELLS (values in that order) that satisfies the relations."""
    for sessions in range(max_sessions + 1):
        for outcomes in compositions(sessions, len(OUTCOMES)):
            referred = outcomes[-1]
            for referrals in compositions(referred, len(REFERRALS)):
                for topic in range(sessions + 1):
                    for unknown_referral in range(referred + 1):
                        yield (sessions, *outcomes, *referrals, topic, unknown_referral)


def every_sum_table(max_sessions: int) -> Iterator[tuple[int, ...]]:
    """Every table of SUM_CELLS that satisfies READER_KNOWS."""
    for sessions in range(max_sessions + 1):
        for outcomes in compositions(sessions, len(OUTCOMES)):
            for referrals in compositions(outcomes[-1], len(SUM_REFERRALS)):
                for topic in range(sessions + 1):
                    yield (sessions, *outcomes, *referrals, topic, referrals[1] + referrals[2])


def satisfies(counts: dict[str, int], relations: Relations) -> bool:
    sums = all(counts[total] == sum(counts[p] for p in parts) for total, parts in relations.sums)
    return sums and all(counts[small] <= counts[big] for small, big in relations.bounds)


def brute_force(
    universe: list[tuple[int, ...]],
    cells: tuple[str, ...],
    knows: Relations,
    relations: Relations,
    forced: frozenset[str] = frozenset(),
) -> tuple[int, int]:
    """Publish every table of `universe` (protected with `relations`) and check each hidden
    cell of each against every table that agrees with it on the published cells (the reader
    knows `knows`, which every table of the universe satisfies); (tables, checks)."""
    by_sessions: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    groups: dict[tuple[frozenset[int], int], list[tuple[int, ...]]] = defaultdict(list)
    for table in universe:
        counts = dict(zip(cells, table, strict=True))
        assert satisfies(counts, knows)
        hidden = frozenset(
            cells.index(name) for name in protect(counts, relations, "sessions", forced)
        )
        by_sessions[table[0]].append(table)
        # Tables with the sessions shown can only be confused with tables of as many sessions.
        groups[(hidden, -1 if 0 in hidden else table[0])].append(table)
    checked = 0
    for (hidden, sessions), targets in groups.items():
        shown = [i for i in range(len(cells)) if i not in hidden]
        wanted = {tuple(table[i] for i in shown) for table in targets}
        possible: dict[tuple[int, ...], dict[int, set[int]]] = {
            key: {i: set() for i in hidden} for key in wanted
        }
        for table in universe if sessions < 0 else by_sessions[sessions]:
            values = possible.get(tuple(table[i] for i in shown))
            if values is not None:
                for i, found in values.items():
                    found.add(table[i])
        for table in targets:
            values = possible[tuple(table[i] for i in shown)]
            for i in hidden:
                assert values[i] >= SMALL, (dict(zip(cells, table, strict=True)), cells[i])
                checked += 1
    return len(universe), checked


def test_every_suppressed_cell_could_be_any_small_count() -> None:
    """The unknown referral count is a sum of the unknown ids' cells, as a reader knows."""
    universe = list(every_sum_table(MAX_SESSIONS))
    tables, checked = brute_force(universe, SUM_CELLS, READER_KNOWS, SUM_RELATIONS)
    assert tables == 5_676  # the brute force's size, quoted in docs/exports.md
    assert checked > 10_000


def test_a_mixed_unknown_count_is_hidden_and_leaks_nothing() -> None:
    """The unknown count is no plain sum (the scope's locations list different ids): it is
    only known to be at most the referred count, and it is always hidden."""
    universe = list(every_table(MAX_SESSIONS))
    forced = frozenset({"unknown:referral"})
    tables, checked = brute_force(universe, CELLS, RELATIONS, RELATIONS, forced)
    assert tables == 8_580
    assert checked > 10_000


def test_the_ranges_are_exact_for_the_ido_shape() -> None:
    """feasible_ranges() gives exactly the brute force's range on a few tables."""
    universe = list(every_table(6))
    for table in universe[::997]:
        counts = dict(zip(CELLS, table, strict=True))
        hidden = protect(counts, RELATIONS, root="sessions")
        ranges = feasible_ranges(counts, hidden, RELATIONS)
        shown = [i for i, name in enumerate(CELLS) if name not in hidden]
        twins = [t for t in universe if all(t[i] == table[i] for i in shown)]
        for i, name in enumerate(CELLS):
            if name in hidden and counts["sessions"] >= 5:
                assert ranges[name].low == min(t[i] for t in twins), (counts, name)
                assert ranges[name].high == max(t[i] for t in twins), (counts, name)


def test_the_old_leak_is_closed() -> None:
    """The issue's example: one small outcome, the total minus the visible ones gave it back."""
    counts = {name: 0 for name in CELLS} | {
        "sessions": 20,
        "outcome:helped": 12,
        "outcome:partly": 3,
        "outcome:not_helped": 5,
        "topic:t": 20,
    }
    shown = published(counts, protect(counts, RELATIONS, root="sessions"))
    assert shown["outcome:partly"] == "x"
    assert shown["sessions"] == 20
    assert [shown[f"outcome:{o}"] for o in OUTCOMES].count("x") >= 2
    assert shown["topic:t"] == 20


def test_a_table_of_fewer_than_five_sessions_is_hidden_whole() -> None:
    counts = {name: 0 for name in CELLS} | {"sessions": 3, "outcome:helped": 3, "topic:t": 1}
    assert set(published(counts, protect(counts, RELATIONS, root="sessions")).values()) == {"x"}


def test_nothing_is_hidden_without_small_counts() -> None:
    counts = {name: 0 for name in CELLS} | {"sessions": 30, "outcome:helped": 30, "topic:t": 9}
    assert protect(counts, RELATIONS, root="sessions") == set()


@pytest.mark.parametrize(
    ("start", "end", "name"),
    [
        (date(2025, 1, 1), date(2025, 1, 31), "2025-01"),
        (date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        (date(2025, 12, 1), date(2025, 12, 31), "2025-12"),
        (date(2025, 1, 1), date(2025, 3, 31), "2025-Q1"),
        (date(2025, 10, 1), date(2025, 12, 31), "2025-Q4"),
        (date(2025, 1, 1), date(2025, 1, 30), None),
        (date(2025, 1, 2), date(2025, 1, 31), None),
        (date(2025, 2, 1), date(2025, 4, 30), None),
        (date(2025, 1, 1), date(2025, 2, 28), None),
        (date(2025, 1, 1), date(2025, 12, 31), None),
    ],
)
def test_ido_periods_are_whole_months_or_quarters(start: date, end: date, name: str | None) -> None:
    assert ido_period(start, end) == name


def test_no_two_ido_periods_overlap_in_part() -> None:
    """Two allowed periods are disjoint, or one holds the other whole (a month of a quarter)."""
    periods: list[tuple[date, date]] = []
    for year, month in itertools.product((2024, 2025), range(1, 13)):
        first = date(year, month, 1)
        for last_day in range(28, 32):
            for span in (0, 2):
                end_month = month + span
                if end_month > 12:
                    continue
                try:
                    end = date(year, end_month, last_day)
                except ValueError:
                    continue
                if ido_period(first, end):
                    periods.append((first, end))
    assert len(periods) == 2 * (12 + 4)
    for (a1, a2), (b1, b2) in itertools.combinations(periods, 2):
        disjoint = a2 < b1 or b2 < a1
        nested = (a1 <= b1 and b2 <= a2) or (b1 <= a1 and a2 <= b2)
        assert disjoint or nested


def test_the_dashboard_offers_the_last_whole_month() -> None:
    assert ido_period_near(date(2026, 10, 19), date(2026, 12, 3)) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    assert ido_period_near(date(2026, 1, 5), date(2026, 1, 31)) == (
        date(2026, 1, 1),
        date(2026, 1, 31),
    )
    assert ido_period_near(date(2026, 1, 1), date(2026, 3, 31)) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
    )
