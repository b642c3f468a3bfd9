"""The IDO table's complementary suppression, checked by brute force on larger tables than the
suite's (tests/hub/records/test_suppression.py checks every table of up to 6 sessions).

    .venv/bin/python bench/ido_suppression.py [--sessions 8]

Publishes every table of the IDO's shape (4 outcomes, 2 referrals, a topic, an unknown count)
with up to `--sessions` sessions and checks that every hidden cell could be each of 1 to 4 given
everything published. Prints the number of tables, of hidden cells checked, and the time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hub.records.test_suppression import (
    READER_KNOWS,
    SUM_CELLS,
    SUM_RELATIONS,
    brute_force,
    every_sum_table,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    args = parser.parse_args()
    started = time.perf_counter()
    universe = list(every_sum_table(args.sessions))
    tables, checked = brute_force(universe, SUM_CELLS, READER_KNOWS, SUM_RELATIONS)
    seconds = time.perf_counter() - started
    print(f"up to {args.sessions} sessions: {tables} tables, {checked} hidden cells, all could be")
    print(f"1, 2, 3 and 4; {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
