"""Start-up time of `kiosk run --quit-after-ready` against a bare PySide6 window.

Both are started the same way (a new Python process, offscreen, until the first paint of the
window) and measured in the same run, interleaved, median of N each. Prints the whole-process
wall time and the in-process `ready_ms` for both, and their ratios.

    python bench/startup.py [--runs 10] [--guides 0]

`--guides N` installs N extra copies of a shipped guide into the kiosk's home first, to show
what many guides cost at start-up.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    ready = next(
        float(line.split("=", 1)[1])
        for line in result.stdout.splitlines()
        if line.startswith("ready_ms=")
    )
    return wall, ready


def install_guides(home: Path, count: int) -> None:
    source = ROOT / "resources" / "guides" / "meter-reading"
    target_root = home / "data" / "guides"
    target_root.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        target = target_root / f"bench-guide-{index:03d}"
        shutil.copytree(source, target)
        guide = target / "guide.yaml"
        text = guide.read_text(encoding="utf-8")
        guide.write_text(
            text.replace("id: meter-reading", f"id: bench-guide-{index:03d}", 1), encoding="utf-8"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--guides", type=int, default=0)
    args = parser.parse_args()

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    home = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    install_guides(home, args.guides)
    kiosk = [
        sys.executable,
        "-m",
        "kiosk",
        "--home",
        str(home),
        "run",
        "--windowed",
        "--quit-after-ready",
    ]
    bare = [sys.executable, str(ROOT / "bench" / "_bare_window.py")]
    timed(kiosk, env)  # warm-up: bytecode, font cache, database and guide cache
    timed(bare, env)
    ours: list[tuple[float, float]] = []
    base: list[tuple[float, float]] = []
    for _ in range(args.runs):
        ours.append(timed(kiosk, env))
        base.append(timed(bare, env))
    shutil.rmtree(home, ignore_errors=True)

    def median(values: list[tuple[float, float]], index: int) -> float:
        return statistics.median(v[index] for v in values)

    built_in = len(list((ROOT / "resources" / "guides").glob("*/guide.yaml")))
    print(f"runs={args.runs} guides_installed={args.guides} (+{built_in} built in)")
    print(f"{'':24}{'process wall ms':>18}{'ready_ms':>12}")
    print(f"{'bare PySide6 window':24}{median(base, 0):18.0f}{median(base, 1):12.0f}")
    print(f"{'kiosk run':24}{median(ours, 0):18.0f}{median(ours, 1):12.0f}")
    print(f"ratio_wall={median(ours, 0) / median(base, 0):.2f}")
    print(f"ratio_ready={median(ours, 1) / median(base, 1):.2f}")


if __name__ == "__main__":
    main()
