"""Small-cell suppression for published aggregates (the IDO export), with complementary cells.

A count from 1 to 4 could point at one resident, so it is hidden (*primary* suppression). Hiding
it is not enough when the table also publishes totals: sessions = helped + partly + not helped +
referred, so the one hidden outcome is the total minus the others. So more cells are hidden
(*complementary* suppression) until, from everything published, no hidden cell can be narrowed
down: for every hidden cell, each value from 1 to 4 is still possible.

A table is a set of named, non-negative whole counts and the relations a reader knows hold
between them (`Relations`): sums (`total = part + part + ...`) and bounds (`small <= big`).
`feasible_ranges()` computes, for the hidden cells, the smallest and largest value each can
have given the published ones; it propagates bounds through the relations until nothing
changes, which gives the exact range when the relations form a tree (each two relations share
at most one cell, and there is no cycle), as the IDO table does. The brute-force test in
tests/hub/records/test_suppression.py checks that claim on every small table.

`protect()` hides the primary cells, then, while some hidden cell's range misses a value from 1
to 4, hides one more cell related to it: the one that fixes it with the smallest count, else
the smallest non-zero one. A table whose `root` (the sessions) is itself from 1 to 4 has every
count at most 4, so everything in it is hidden. Every hidden cell is shown the same way (`HIDDEN`),
so a reader cannot tell a small count from a complementary one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SMALL_CELL = 5
#: How every hidden cell is shown.
HIDDEN = "x"
#: Larger than any count (bounds arithmetic without None).
UNBOUNDED = 10**15
_NEAR_UNBOUNDED = UNBOUNDED // 2
_MAX_ROUNDS = 1000


@dataclass(frozen=True)
class Relations:
    """What a reader knows holds between the cells of a table."""

    #: (total, parts): total = sum(parts)
    sums: Sequence[tuple[str, Sequence[str]]] = ()
    #: (small, big): small <= big
    bounds: Sequence[tuple[str, str]] = ()

    def neighbours(self, name: str) -> set[str]:
        """The cells that share a relation with `name`."""
        found: set[str] = set()
        for total, parts in self.sums:
            group = {total, *parts}
            if name in group:
                found |= group
        for small, big in self.bounds:
            if name in (small, big):
                found |= {small, big}
        found.discard(name)
        return found


@dataclass
class Range:
    low: int = 0
    high: int = UNBOUNDED

    def contains_small(self) -> bool:
        """Whether every value from 1 to SMALL_CELL - 1 is possible."""
        return self.low <= 1 and self.high >= SMALL_CELL - 1


@dataclass
class _Bounds:
    ranges: dict[str, Range] = field(default_factory=dict)
    changed: bool = False

    def raise_low(self, name: str, value: int) -> None:
        item = self.ranges[name]
        if value > item.low:
            item.low = min(value, UNBOUNDED)
            self.changed = True

    def cut_high(self, name: str, value: int) -> None:
        item = self.ranges[name]
        if value >= _NEAR_UNBOUNDED:  # a bound derived from an unbounded one is none
            return
        if value < item.high:
            item.high = max(value, -1)
            self.changed = True


def feasible_ranges(
    counts: Mapping[str, int], hidden: set[str], relations: Relations
) -> dict[str, Range]:
    """For each cell, the range it may have given the published cells (exact for a tree);
    a published cell's range is its count."""
    bounds = _Bounds(
        {
            name: Range(0, UNBOUNDED) if name in hidden else Range(value, value)
            for name, value in counts.items()
        }
    )
    ranges = bounds.ranges
    for _round in range(_MAX_ROUNDS):
        bounds.changed = False
        for total, parts in relations.sums:
            bounds.raise_low(total, sum(ranges[p].low for p in parts))
            bounds.cut_high(total, min(sum(ranges[p].high for p in parts), UNBOUNDED))
            for part in parts:
                others = [ranges[p] for p in parts if p != part]
                others_high = min(sum(item.high for item in others), UNBOUNDED)
                bounds.raise_low(part, ranges[total].low - others_high)
                bounds.cut_high(part, ranges[total].high - sum(item.low for item in others))
        for small, big in relations.bounds:
            bounds.cut_high(small, ranges[big].high)
            bounds.raise_low(big, ranges[small].low)
        if not bounds.changed:
            break
    return ranges


def _exposed(counts: Mapping[str, int], hidden: set[str], relations: Relations) -> list[str]:
    ranges = feasible_ranges(counts, hidden, relations)
    return [name for name in sorted(hidden) if not ranges[name].contains_small()]


def protect(
    counts: Mapping[str, int],
    relations: Relations,
    root: str,
    forced: Iterable[str] = (),
) -> set[str]:
    """The cells to hide: every count from 1 to 4, the `forced` ones (hidden elsewhere, such as
    in a month of a quarter), and enough others (see the docstring)."""
    hidden = {name for name, value in counts.items() if 0 < value < SMALL_CELL}
    hidden |= {name for name in forced if name in counts}
    if root in hidden:
        return set(counts)
    while hidden:
        exposed = _exposed(counts, hidden, relations)
        if not exposed:
            return hidden
        candidates = sorted(
            (name for name in relations.neighbours(exposed[0]) if name not in hidden),
            key=lambda name: (counts[name] == 0, counts[name], name),
        )
        candidates = [name for name in candidates if name != root]
        if not candidates:
            return set(counts)
        fixing = (
            name
            for name in candidates
            if exposed[0] not in _exposed(counts, hidden | {name}, relations)
        )
        hidden.add(next(fixing, candidates[0]))
    return hidden


def published(counts: Mapping[str, int], hidden: set[str]) -> dict[str, int | str]:
    """The table as published: hidden cells as HIDDEN, the others as their count."""
    return {name: HIDDEN if name in hidden else value for name, value in counts.items()}
