"""Memory and time of `kiosk sessions import` on a 50 MB paper log (issue #23).

Writes a CSV of about 50 MB (the given size) into a temporary kiosk home: good rows, with a bad
row every 1000 (a date before 2000, a superscript digit, an unknown outcome) and one cell over
the CSV field limit. Runs the real command in a child process and reports its peak resident
memory (ru_maxrss), the wall time, the exit code, and what it printed last. Before #23 a 52 MB
file needed about 1 GB; the import now streams the file twice (check, then write) and keeps
only a small hash per distinct row.

    python bench/paper_log.py [--mb 50]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "date,start_time,duration_minutes,topics,outcome,referral,language\n"
BAD = (
    "0001-01-01,00:00,20,taxes,helped,,\n",
    "2024-03-04,10:00,2\u00b2,taxes,helped,,\n",
    "2024-03-04,10:00,20,taxes,\x1b[31mgreat,,\n",
)


def write_log(path: Path, megabytes: float) -> int:
    target = int(megabytes * 1024 * 1024)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        size = len(HEADER)
        while size < target:
            if rows % 1000 == 999:
                line = BAD[(rows // 1000) % len(BAD)]
            elif rows == 5000:
                line = "2024-01-02,10:00,20,taxes,helped,," + "x" * 200_000 + "\n"
            else:
                day = 1 + rows % 28
                month = 1 + (rows // 28) % 12
                minute = rows % 60
                line = (
                    f"2024-{month:02d}-{day:02d},{9 + rows % 8:02d}:{minute:02d},"
                    f"{10 + rows % 50},taxes|banking,helped,,nl\n"
                )
            out.write(line)
            size += len(line.encode())
            rows += 1
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the CSV (default 50)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-paper-log-") as home:
        log = Path(home) / "paper-log.csv"
        rows = write_log(log, args.mb)
        env = {**os.environ, "KIOSK_HOME": home, "PYTHONPATH": str(ROOT)}
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "kiosk", "sessions", "import", str(log)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        seconds = time.monotonic() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        problems = result.stderr.count("\n")
        print(f"file: {log.stat().st_size / 1024 / 1024:.1f} MB, {rows} rows")
        print(f"exit code {result.returncode}, {problems} problem lines, {seconds:.1f} s")
        print(f"peak memory of the import: {peak_kib / 1024:.0f} MB")
        print(f"last line: {result.stdout.strip().splitlines()[-1:]}")
        if "Traceback" in result.stderr:
            print(result.stderr[-2000:])
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
