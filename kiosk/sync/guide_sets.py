"""The kiosk's installed guide sets, and swapping them atomically.

`KioskPaths.guides_dir` (`data/guides`) is a symbolic link to one complete set of bundles:

    data/guides -> guide-sets/000007
    data/guide-sets/000007/<guide-id>/guide.yaml, images/...    the current set
    data/guide-sets/000007/.set.json                            what it holds (from the hub)
    data/guide-sets/000006/...                                  the previous set (fallback)

A new set is filled in `guide-sets/.staging-*`, every file and folder is fsynced, the folder is
renamed to its number, and the link is replaced with `os.replace` (one atomic rename): a reader
sees the old set or the new one, never a mix. Sets are immutable once installed; the guide loader
resolves the link, so a guide that is open keeps reading its own set's files. The previous set is
always kept; older ones are deleted once they were replaced more than `KEEP_OLD` ago (a run is
over long before that: the kiosk resets after minutes of idle time).

Where symbolic links are not allowed (Windows without developer mode), `data/guides` is a plain
folder and the swap is a rename dance (current -> its set number, staging -> guides); a crash in
between leaves no `data/guides`, which `recover()` repairs from the newest set.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from datetime import timedelta
from pathlib import Path
from typing import NotRequired, TypedDict, cast

from kiosk.paths import KioskPaths

SETS = "guide-sets"
MANIFEST = ".set.json"
KEEP_OLD = timedelta(hours=24)


def sets_dir(paths: KioskPaths) -> Path:
    return paths.data_dir / SETS


def fsync_tree(folder: Path) -> None:
    """Flush every file and folder under `folder` (and `folder` itself) to disk."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        elif path.is_dir():
            fsync_dir(path)
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder for fsync; NTFS journals renames
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def current_set(paths: KioskPaths) -> Path | None:
    """The folder of the installed set, or None when nothing was installed from a hub."""
    link = paths.guides_dir
    if link.is_symlink():
        target = link.resolve()
        return target if target.is_dir() else None
    return link if (link / MANIFEST).is_file() else None


class Bundle(TypedDict):
    """One bundle of a set, as its manifest lists it."""

    sha256: str
    guide_id: str
    version: int


class Manifest(TypedDict):
    """A set's manifest.json, as `install()` writes it (`bundles` is keyed by file name)."""

    bundles: dict[str, Bundle]
    installed_at: NotRequired[str]
    previous: NotRequired[str | None]


def read_manifest(folder: Path | None) -> Manifest:
    """The bundles of a set: {"bundles": {name: {"sha256", "guide_id", "version"}}, ...}."""
    if folder is None:
        return {"bundles": {}}
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"bundles": {}}
    if isinstance(data, dict) and isinstance(data.get("bundles"), dict):
        return cast(Manifest, data)  # the set's own manifest, written by install()
    return {"bundles": {}}


def _numbers(paths: KioskPaths) -> list[int]:
    with contextlib.suppress(FileNotFoundError):
        return sorted(int(p.name) for p in sets_dir(paths).iterdir() if p.name.isdigit())
    return []


def new_staging(paths: KioskPaths) -> Path:
    """An empty staging folder for the next set."""
    folder = sets_dir(paths)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(".staging-*"):  # left by an update that was interrupted
        shutil.rmtree(old, ignore_errors=True)
    staging = folder / f".staging-{os.getpid()}-{time.monotonic_ns()}"
    staging.mkdir()
    return staging


def install(paths: KioskPaths, staging: Path, manifest: Manifest) -> Path:
    """Make the filled `staging` folder the installed set, atomically; returns its folder."""
    previous = current_set(paths)
    data = {**manifest, "previous": previous.name if previous else None}
    (staging / MANIFEST).write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    fsync_tree(staging)
    number = (_numbers(paths) or [0])[-1] + 1
    final = sets_dir(paths) / f"{number:06d}"
    os.replace(staging, final)
    fsync_dir(sets_dir(paths))
    _point_at(paths, final)
    prune(paths)
    return final


def _point_at(paths: KioskPaths, final: Path) -> None:
    link = paths.guides_dir
    if link.is_dir() and not link.is_symlink():
        # A plain folder: guides put there by hand, or the rename-dance layout.
        if not _symlinks_work(paths):
            _rename_dance(paths, final)
            return
        if any(link.iterdir()):
            os.replace(link, sets_dir(paths) / f"local-{time.time_ns()}")  # kept, not lost
        else:
            link.rmdir()
    temporary = link.with_name(link.name + ".new")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        os.symlink(os.path.relpath(final, link.parent), temporary, target_is_directory=True)
    except OSError:
        _rename_dance(paths, final)
        return
    os.replace(temporary, link)
    fsync_dir(link.parent)


def _symlinks_work(paths: KioskPaths) -> bool:
    probe = paths.data_dir / ".symlink-probe"
    with contextlib.suppress(FileNotFoundError):
        probe.unlink()
    try:
        os.symlink(".", probe, target_is_directory=True)
    except OSError:
        return False
    probe.unlink()
    return True


def _rename_dance(paths: KioskPaths, final: Path) -> None:
    """Without symbolic links: move the current folder aside, then the new set in place."""
    link = paths.guides_dir
    if link.exists():
        os.replace(link, sets_dir(paths) / f"replaced-{time.time_ns()}")
    shutil.copytree(final, link)
    fsync_tree(link)


def recover(paths: KioskPaths) -> None:
    """Repair a missing `data/guides` after a crash in the middle of a rename dance."""
    if paths.guides_dir.exists() or paths.guides_dir.is_symlink():
        return
    numbers = _numbers(paths)
    if numbers:
        _point_at(paths, sets_dir(paths) / f"{numbers[-1]:06d}")


def fall_back(paths: KioskPaths) -> Path | None:
    """Go back to the previous set (when the current one misbehaves); returns it, or None."""
    previous = read_manifest(current_set(paths)).get("previous")
    if not previous or not (sets_dir(paths) / previous).is_dir():
        return None
    folder = sets_dir(paths) / str(previous)
    _point_at(paths, folder)
    return folder


def prune(paths: KioskPaths, keep_old: timedelta = KEEP_OLD) -> list[Path]:
    """Delete sets older than the previous one that were replaced more than `keep_old` ago."""
    current = current_set(paths)
    keep = {current.name} if current else set()
    previous = read_manifest(current).get("previous")
    if previous:
        keep.add(str(previous))
    removed = []
    now = time.time()
    numbers = _numbers(paths)
    for index, number in enumerate(numbers[:-1]):
        name = f"{number:06d}"
        successor = sets_dir(paths) / f"{numbers[index + 1]:06d}"
        if name in keep:
            continue
        with contextlib.suppress(OSError):
            if now - successor.stat().st_mtime > keep_old.total_seconds():
                shutil.rmtree(sets_dir(paths) / name)
                removed.append(sets_dir(paths) / name)
    return removed
