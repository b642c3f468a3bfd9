"""Where a resident may pick a scan or photo from: the kiosk's scan folder and USB sticks, only.

The scan folder is `scans/` in the current session's folder (the scanner saves there; it is
wiped at every reset). USB sticks are the folders the desktop mounts them in (`/media/<user>/*`,
`/run/media/<user>/*`, `/media/*`). Files are listed at most `MAX_DEPTH` folders deep, newest
first; symbolic links that point out of these places are ignored. The screen shows this list;
there is no general file dialog.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.paths import KioskPaths

EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".webp", ".pdf"})
MAX_DEPTH = 3
MAX_FILES = 200
MOUNT_ROOTS = (Path("/media"), Path("/run/media"))


@dataclass(frozen=True)
class PickableFile:
    path: Path
    place: str  # "scans" or "usb"
    modified: float


def scan_folder(paths: KioskPaths) -> Path:
    return paths.scan_dir


def usb_folders(mount_roots: Sequence[Path] = MOUNT_ROOTS) -> list[Path]:
    """Mounted drives: /media/<user>/<label>, /run/media/<user>/<label>, /media/<label>."""
    found: list[Path] = []
    for root in mount_roots:
        for child in _subfolders(root):
            inner = _subfolders(child)
            if inner and not os.path.ismount(child):  # /media/<user>/<label>
                found.extend(folder for folder in inner if os.path.ismount(folder))
            elif os.path.ismount(child):
                found.append(child)
    return found


def pickable_files(
    scans: Path, usb: Iterable[Path] = (), *, limit: int = MAX_FILES
) -> list[PickableFile]:
    """Images and PDFs in the scan folder and on the USB sticks, newest first."""
    files: list[PickableFile] = []
    for place, root in [("scans", scans), *(("usb", folder) for folder in usb)]:
        files.extend(_walk(root, place))
    files.sort(key=lambda item: item.modified, reverse=True)
    return files[:limit]


def is_pickable(path: Path, roots: Iterable[Path]) -> bool:
    """Is `path` a supported file inside one of `roots` (after resolving links)?"""
    try:
        real = path.resolve(strict=True)
    except OSError:
        return False
    if real.suffix.lower() not in EXTENSIONS or not real.is_file():
        return False
    return any(real.is_relative_to(root.resolve()) for root in roots if root.exists())


def _walk(root: Path, place: str) -> list[PickableFile]:
    if not root.is_dir():
        return []
    real_root = root.resolve()
    found: list[PickableFile] = []
    for folder, dirs, names in os.walk(real_root):
        depth = len(Path(folder).relative_to(real_root).parts)
        dirs[:] = [d for d in dirs if not d.startswith(".")] if depth < MAX_DEPTH else []
        for name in names:
            path = Path(folder) / name
            if name.startswith(".") or path.suffix.lower() not in EXTENSIONS:
                continue
            try:
                real = path.resolve(strict=True)
                if not real.is_relative_to(real_root) or not real.is_file():
                    continue
                found.append(PickableFile(path, place, real.stat().st_mtime))
            except OSError:
                continue
            if len(found) >= MAX_FILES:
                return found
    return found


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted(child for child in folder.iterdir() if child.is_dir())
    except OSError:
        return []
