"""The catalog of installed guides: highest version wins, broken guides are skipped, cache."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.guides.catalog import load_catalog
from tests.guides.support import BASE, write_bundle


def _guide(version: int, guide_id: str = "sample-guide", category: str = "energy") -> str:
    return (
        BASE.replace("version: 2", f"version: {version}")
        .replace("id: sample-guide", f"id: {guide_id}")
        .replace("category: energy", f"category: {category}")
    )


def test_highest_version_wins_and_later_folders_override(tmp_path: Path) -> None:
    builtin, installed = tmp_path / "builtin", tmp_path / "installed"
    write_bundle(builtin / "a", _guide(5))
    write_bundle(installed / "a", _guide(3))
    write_bundle(builtin / "b", _guide(1, "other-guide", "health"))
    write_bundle(installed / "b", _guide(1, "other-guide", "money"))
    catalog = load_catalog([builtin, installed])
    assert catalog.guides["sample-guide"].version == 5
    assert catalog.guides["other-guide"].category == "money"
    assert catalog.guides["other-guide"].source == (installed / "b").absolute()
    assert set(catalog.by_category()) == {"energy", "money"}


def test_broken_guides_are_skipped_with_their_problems(tmp_path: Path) -> None:
    write_bundle(tmp_path / "good", _guide(1))
    write_bundle(tmp_path / "bad", BASE.replace("category: energy", "category: fun"))
    (tmp_path / "not-a-guide").mkdir()
    catalog = load_catalog([tmp_path, tmp_path / "missing"])
    assert list(catalog.guides) == ["sample-guide"]
    assert [p.file for p in catalog.problems] == [str(tmp_path / "bad" / "guide.yaml")]


def test_the_cache_returns_the_same_guides_and_notices_changes(tmp_path: Path) -> None:
    folder = write_bundle(tmp_path / "guides" / "a", _guide(1))
    cache = tmp_path / "cache" / "guides.pickle"
    first = load_catalog([tmp_path / "guides"], cache)
    assert cache.is_file()
    second = load_catalog([tmp_path / "guides"], cache)
    assert second.guides == first.guides
    (folder / "guide.yaml").write_text(_guide(7))
    stat = (folder / "guide.yaml").stat()
    os.utime(folder / "guide.yaml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert load_catalog([tmp_path / "guides"], cache).guides["sample-guide"].version == 7
    (folder / "images" / "icon.svg").unlink()
    broken = load_catalog([tmp_path / "guides"], cache)
    assert broken.guides == {}
    assert broken.problems


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    write_bundle(tmp_path / "guides" / "a", _guide(1))
    cache = tmp_path / "guides.pickle"
    cache.write_bytes(b"garbage")
    assert list(load_catalog([tmp_path / "guides"], cache).guides) == ["sample-guide"]
