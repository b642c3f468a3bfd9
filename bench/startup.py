"""Start-up time of `kiosk run --quit-after-ready` against a bare PySide6 window.

Everything is started the same way (a new Python process, offscreen, until the first paint of
the window) and measured in the same run, interleaved, median of N each:

- a bare PySide6 window (`_bare_window.py`; it imports nothing of the kiosk);
- the kiosk with only its built-in guides;
- the kiosk with `--guides N` (default 50) extra copies of a shipped guide installed;
- that kiosk again through `_kiosk_tiles.py`, which also reports when the last home-screen tile
  exists (tiles past the first screenful are built right after the first paint).

    python bench/startup.py [--runs 10] [--guides 50]

Prints the whole-process wall time and the in-process `ready_ms` of each, and the ratios.

Bytecode: an installed kiosk runs from compiled `.pyc` files (the package's postinst runs
compileall), so the children may write theirs, into a temporary PYTHONPYCACHEPREFIX (never into
the checkout), during the warm-up run, even where PYTHONDONTWRITEBYTECODE is set. With
`--no-pyc` the environment's setting is kept; a checkout without `__pycache__` then compiles
every kiosk module from source in every run (about 35 ms more).
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


def timed(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run `command`; its wall time and every `name_ms=<N>` line it printed."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr}")
    figures = {"wall_ms": wall}
    for line in result.stdout.splitlines():
        name, _, value = line.partition("=")
        if name.endswith("_ms") and value:
            figures[name] = float(value)
    if "ready_ms" not in figures:
        sys.exit(f"no ready_ms from: {' '.join(command)}\n{result.stdout}")
    return figures


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


def kiosk_command(home: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "kiosk",
        "--home",
        str(home),
        "run",
        "--windowed",
        "--quit-after-ready",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--guides", type=int, default=50, help="extra guides (default 50)")
    parser.add_argument(
        "--no-pyc",
        action="store_true",
        help="keep the environment's PYTHONDONTWRITEBYTECODE (compile from source if it is set)",
    )
    args = parser.parse_args()

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.setdefault("KIOSK_SYSTEM_ALLOW_ROOT", "1")  # benches run as root here (#22)
    pycache = Path(tempfile.mkdtemp(prefix="kiosk-bench-pyc-"))
    if not args.no_pyc:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    few = Path(tempfile.mkdtemp(prefix="kiosk-bench-0-"))
    many = Path(tempfile.mkdtemp(prefix=f"kiosk-bench-{args.guides}-"))
    install_guides(many, args.guides)
    built_in = len(list((ROOT / "resources" / "guides").glob("*/guide.yaml")))
    variants = {
        "bare PySide6 window": [sys.executable, str(ROOT / "bench" / "_bare_window.py")],
        f"kiosk, {built_in} guides": kiosk_command(few),
        f"kiosk, {built_in + args.guides} guides": kiosk_command(many),
        "  (same, all tiles)": [
            sys.executable,
            str(ROOT / "bench" / "_kiosk_tiles.py"),
            str(many),
        ],
    }
    results: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
    try:
        for command in variants.values():
            timed(command, env)  # warm-up: bytecode, font cache, tile index and icon cache
        for _ in range(args.runs):
            for name, command in variants.items():
                results[name].append(timed(command, env))
    finally:
        shutil.rmtree(few, ignore_errors=True)
        shutil.rmtree(many, ignore_errors=True)
        shutil.rmtree(pycache, ignore_errors=True)

    def median(name: str, figure: str) -> float:
        return statistics.median(run.get(figure, float("nan")) for run in results[name])

    bare, zero, fifty, tiles = variants
    bytecode = "from source (--no-pyc)" if args.no_pyc else "cached .pyc"
    print(f"runs={args.runs} (median of each), guides installed: +{args.guides}, {bytecode}")
    print(f"{'':28}{'process wall ms':>16}{'ready_ms':>10}{'tiles_ms':>10}")
    for name in (bare, zero, fifty):
        print(f"{name:28}{median(name, 'wall_ms'):16.0f}{median(name, 'ready_ms'):10.0f}")
    print(
        f"{tiles:28}{median(tiles, 'wall_ms'):16.0f}{median(tiles, 'ready_ms'):10.0f}"
        f"{median(tiles, 'tiles_ms'):10.0f}"
    )
    print(
        f"ratio_ready_{built_in}_vs_bare={median(zero, 'ready_ms') / median(bare, 'ready_ms'):.2f}"
    )
    print(
        f"ratio_ready_{built_in + args.guides}_vs_bare="
        f"{median(fifty, 'ready_ms') / median(bare, 'ready_ms'):.2f}"
    )
    print(
        f"ratio_ready_{built_in + args.guides}_vs_{built_in}="
        f"{median(fifty, 'ready_ms') / median(zero, 'ready_ms'):.2f}"
    )
    print(f"ratio_wall_{built_in}_vs_bare={median(zero, 'wall_ms') / median(bare, 'wall_ms'):.2f}")


if __name__ == "__main__":
    main()
