"""What `kiosk guide check PATH...` does: find guides under the paths and check each one.

A path may be a bundle folder, a guide.yaml, a .zip bundle, or a folder of bundle folders
(`resources/guides`). A YAML file with another name gets a problem that says a guide lives in
its own folder as guide.yaml, plus every problem of its text. Zips are unpacked into a
temporary staging folder that is deleted again.
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
        # loose YAML files too: a guide.yaml renamed or saved beside its folder is told that a
        # guide is a folder (check_stray_yaml), never skipped in silence (#23, round 6)
        loose = sorted(
            p for p in path.iterdir() if p.is_file() and p.suffix.lower() in YAML_SUFFIXES
        )
        inner = guide_folders(path) + sorted(path.glob("*.zip")) + loose
        return inner or [path]
    return [path]


#: Endings of a YAML file that is not named guide.yaml (a stray or renamed guide file).
YAML_SUFFIXES = (".yaml", ".yml")


def check_stray_yaml(source: Path) -> list[Problem]:
    """Every problem of a YAML file given where a bundle is expected: its name, and its text
    checked as a guide.yaml (pictures relative to its folder)."""
    from kiosk.guides.loader import check_text

    name = Problem(
        str(source),
        0,
        f"a guide is a folder with a file named {GUIDE_FILE} (and its images/ folder), not "
        f"'{source.name}': put this file in its own folder as {GUIDE_FILE}, then check or "
        "publish that folder",
    )
    try:
        data = source.read_bytes()
    except OSError as exc:
        return [name, Problem(str(source), 0, f"cannot read the file ({exc.strerror})")]
    _guide, problems = check_text(data, str(source), source.parent.resolve())
    return [name, *problems]


def check_one(source: Path) -> Guide:
    if source.is_dir():
        return load_folder(source)
    if source.name == GUIDE_FILE and source.is_file():
        return load_folder(source.parent, str(source))
    if source.is_file() and source.suffix.lower() in YAML_SUFFIXES:
        raise GuideError(check_stray_yaml(source))
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
