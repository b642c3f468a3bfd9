"""A small on-disk cache of parsed guides, so that start-up does not re-parse unchanged YAML.

The key of a bundle is its folder plus the (size, mtime_ns) of its guide.yaml and of every file
under images/ (a picture that disappears must be noticed). Only valid guides are cached; a
broken guide is checked again every time, so its problems are always reported. The cache file
is a pickle written atomically; an unreadable or foreign cache is ignored and replaced.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from kiosk.domain.guide import Guide

_VERSION = 1
Stamp = tuple[tuple[str, int, int], ...]


def stamp(bundle: Path) -> Stamp:
    """What must be unchanged for a cached guide to still be right."""
    entries: list[tuple[str, int, int]] = []
    for path in (bundle / "guide.yaml", *sorted((bundle / "images").glob("*"))):
        with contextlib.suppress(OSError):
            info = path.stat()
            entries.append((path.name, info.st_size, info.st_mtime_ns))
    return tuple(entries)


class GuideCache:
    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.entries: dict[str, tuple[Stamp, Guide]] = {}
        self.dirty = False
        if file is not None:
            with contextlib.suppress(Exception):
                data = pickle.loads(file.read_bytes())
                if isinstance(data, dict) and data.get("version") == _VERSION:
                    self.entries = data["entries"]

    def load(self, bundle: Path, loader: Callable[[Path], Guide]) -> Guide:
        if self.file is None:
            return loader(bundle)
        key = str(bundle.absolute())
        current = stamp(bundle)
        cached = self.entries.get(key)
        if cached is not None and cached[0] == current and isinstance(cached[1], Guide):
            return cached[1]
        guide = loader(bundle)
        self.entries[key] = (current, guide)
        self.dirty = True
        return guide

    def save(self) -> None:
        if self.file is None or not self.dirty:
            return
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_suffix(".tmp")
            temporary.write_bytes(pickle.dumps({"version": _VERSION, "entries": self.entries}))
            os.replace(temporary, self.file)
