"""Benchmark: load and check 200 guides, as guides/s, against a plain YAML parse baseline.

Copies the shipped meter-reading guide 200 times (different ids) into a temporary folder, then
times, median of several runs:
- check: `kiosk.guides.catalog.load_catalog` without cache (parse + every rule + picture checks);
- cached: the same with a warm cache file (what the home screen pays at start-up);
- baseline: ruamel.yaml's plain safe load of the same 200 files (no checks), in the same run.

Run: .venv/bin/python bench/guides.py [--guides N] [--runs R]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

from kiosk.guides.catalog import load_catalog
from kiosk.resources import builtin_guides_dir


def make_guides(root: Path, count: int) -> list[Path]:
    source = builtin_guides_dir() / "meter-reading"
    text = (source / "guide.yaml").read_text(encoding="utf-8")
    folders = []
    for n in range(count):
        folder = root / f"guide-{n:04d}"
        shutil.copytree(source / "images", folder / "images")
        (folder / "guide.yaml").write_text(
            text.replace("id: meter-reading", f"id: meter-reading-{n:04d}"), encoding="utf-8"
        )
        folders.append(folder)
    return folders


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guides", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as temporary:
        root = Path(temporary)
        folders = make_guides(root / "guides", args.guides)

        def check() -> None:
            catalog = load_catalog([root / "guides"])
            assert len(catalog.guides) == args.guides
            assert not catalog.problems

        def baseline() -> None:
            for folder in folders:
                YAML(typ="safe", pure=True).load((folder / "guide.yaml").read_text("utf-8"))

        cache = root / "cache.pickle"
        load_catalog([root / "guides"], cache)

        def cached() -> None:
            assert len(load_catalog([root / "guides"], cache).guides) == args.guides

        n = args.guides
        t_check = median_seconds(check, args.runs)
        t_base = median_seconds(baseline, args.runs)
        t_cached = median_seconds(cached, args.runs)
    print(f"guides: {n}, runs: {args.runs} (median)")
    print(f"load+check:        {n / t_check:8.0f} guides/s  ({t_check * 1000:7.1f} ms)")
    print(f"baseline yaml load:{n / t_base:8.0f} guides/s  ({t_base * 1000:7.1f} ms)")
    print(f"  ratio check/baseline time: {t_check / t_base:.2f}")
    print(f"catalog, warm cache:{n / t_cached:7.0f} guides/s  ({t_cached * 1000:7.1f} ms)")
    print(
        f"  50 guides at start-up: ~{t_cached / n * 50 * 1000:.1f} ms cached, "
        f"~{t_check / n * 50 * 1000:.0f} ms uncached"
    )


if __name__ == "__main__":
    main()
