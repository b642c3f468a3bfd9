"""What `kiosk guide check PATH...` does: find guides under the paths and check each one.

A path may be a bundle folder, a guide.yaml, a .zip bundle, or a folder of bundle folders
(`resources/guides`). Zips are unpacked into a temporary staging folder that is deleted again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.domain.guide import Guide
from kiosk.guides.catalog import guide_folders
from kiosk.guides.errors import GuideError, Problem
from kiosk.guides.loader import GUIDE_FILE, load_folder, load_zip


@dataclass
class CheckResult:
    guides: list[Guide] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and self.checked > 0


def expand(path: Path) -> list[Path]:
    """The guide sources a command-line path stands for."""
    if path.is_dir():
        if (path / GUIDE_FILE).exists():
            return [path]
        inner = guide_folders(path) + sorted(path.glob("*.zip"))
        return inner or [path]
    return [path]


def check_one(source: Path) -> Guide:
    if source.is_dir():
        return load_folder(source)
    if source.name == GUIDE_FILE and source.is_file():
        return load_folder(source.parent, str(source))
    if source.is_file():
        with tempfile.TemporaryDirectory(prefix="kiosk-check-") as staging:
            return load_zip(source, Path(staging) / "bundle")
    raise GuideError([Problem(str(source), 0, "no such guide folder, guide.yaml or zip bundle")])


def check_paths(paths: Iterable[Path]) -> CheckResult:
    """Check every guide under `paths`, collecting every problem."""
    result = CheckResult()
    for path in paths:
        for source in expand(Path(path)):
            result.checked += 1
            try:
                result.guides.append(check_one(source))
            except GuideError as exc:
                result.problems.extend(exc.problems)
    return result
