"""The installed guides: every bundle folder directly under some folders, checked and indexed.

`load_catalog(folders)` never raises for a broken guide: it is skipped, and its problems are in
`Catalog.problems`. When two folders hold the same guide id, the highest version wins; at equal
versions the later folder wins (installed bundles override the built-in ones). Parsed guides are
kept in a small pickle cache keyed by each guide.yaml's path, size and mtime (see
`kiosk.guides.cache`), so that the home screen starts fast with many guides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.domain.guide import Guide
from kiosk.guides.errors import GuideError, Problem
from kiosk.guides.loader import GUIDE_FILE, load_folder


@dataclass(frozen=True)
class Catalog:
    """Valid guides by id, and the problems of the guides that were skipped."""

    guides: Mapping[str, Guide] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def by_category(self) -> dict[str, list[Guide]]:
        """Guides grouped by category, each group sorted by id (stable tile order)."""
        groups: dict[str, list[Guide]] = {}
        for guide in sorted(self.guides.values(), key=lambda g: g.id):
            groups.setdefault(guide.category, []).append(guide)
        return groups


def guide_folders(folder: Path) -> list[Path]:
    """The bundle folders directly under `folder`, sorted by name."""
    try:
        return sorted(p for p in folder.iterdir() if p.is_dir() and (p / GUIDE_FILE).is_file())
    except OSError:
        return []


def load_catalog(folders: Sequence[Path], cache_file: Path | None = None) -> Catalog:
    """Every valid guide under `folders` (later folders override earlier ones at equal version).

    `cache_file`, when given, keeps parsed guides between start-ups; it is only a speed-up
    and is rebuilt when missing or unreadable.
    """
    from kiosk.guides.cache import GuideCache

    cache = GuideCache(cache_file)
    guides: dict[str, Guide] = {}
    problems: list[Problem] = []
    for folder in folders:
        for bundle in guide_folders(Path(folder)):
            try:
                guide = cache.load(bundle, load_folder)
            except GuideError as exc:
                problems.extend(exc.problems)
                continue
            previous = guides.get(guide.id)
            if previous is None or guide.version >= previous.version:
                guides[guide.id] = guide
    cache.save()
    return Catalog(guides, tuple(problems))
