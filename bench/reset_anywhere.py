"""A reset from inside every state, N times each, each run in its own child process.

The states are those of `tests/reliability/reset_anywhere.py` (a page's alert, confirm and
prompt, an armed beforeunload, the help overlay over an alert, a download, a print, a page load,
a busy-looping page, the file picker, the QR step's camera, a `<select>` popup, a crashed page,
keys typed into a datalist's suggestions, a File System Access picker past the page's guard).
A run is "clean" when the child exits 0 after checking the reset, the windows and the next
session; anything else (a crash, a hang, a failed check) counts as a crash and its last lines
are printed.

    python bench/reset_anywhere.py [--runs 10] [--state alert ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reliability.reset_anywhere import STATES, run_state


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--state", action="append", choices=STATES)
    args = parser.parse_args()
    states = args.state or list(STATES)
    print(f"{'state':<14} {'runs':>5} {'crashes':>8} {'median s':>9}")
    failed = 0
    for state in states:
        crashes = 0
        times: list[float] = []
        for _run in range(args.runs):
            start = time.monotonic()
            result = run_state(state)
            times.append(time.monotonic() - start)
            if not result.clean:
                crashes += 1
                tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
                print(f"  {state}: exit {result.returncode}: " + " | ".join(tail), flush=True)
        times.sort()
        print(f"{state:<14} {args.runs:>5} {crashes:>8} {times[len(times) // 2]:>9.1f}", flush=True)
        failed += crashes
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
