"""Zipped bundles: a good one loads; hostile ones are refused without writing outside staging."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from kiosk.guides import GuideError, load_guide
from kiosk.guides.bundle import Limits, extract_zip
from kiosk.guides.errors import BundleError
from tests.guides.support import BASE, SVG, write_zip

GOOD = {"guide.yaml": BASE.encode(), "images/icon.svg": SVG}


def _files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_a_good_zip_loads_from_its_staging_folder(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "guide.zip", GOOD)
    staging = tmp_path / "staging"
    guide = load_guide(archive, staging)
    assert guide.id == "sample-guide"
    assert guide.source == staging
    assert guide.image_path(guide.icon) == staging / "images" / "icon.svg"
    assert _files_under(staging) == {"guide.yaml", "images", "images/icon.svg"}


def test_problems_in_a_zipped_guide_name_the_zip(tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "broken.zip", {**GOOD, "guide.yaml": BASE.replace("energy", "fun").encode()}
    )
    with pytest.raises(GuideError) as caught:
        load_guide(archive, tmp_path / "staging")
    assert caught.value.problems[0].file == f"{archive}/guide.yaml"
    assert caught.value.problems[0].line == 4


@pytest.mark.parametrize(
    "name",
    [
        "../evil.svg",
        "images/../../evil.svg",
        "/etc/evil.svg",
        "C:/evil.svg",
        "c:evil.svg",
        "images\\evil.svg",
        "images/deeper/evil.svg",
        "other/evil.svg",
        "./guide2.yaml",
        "images//evil.svg",
    ],
)
def test_hostile_member_names_are_refused(tmp_path: Path, name: str) -> None:
    archive = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("guide.yaml", BASE)
        bundle.writestr(zipfile.ZipInfo(name), SVG)
    staging = tmp_path / "work" / "staging"
    with pytest.raises(BundleError) as caught:
        extract_zip(archive, staging)
    assert caught.value.problems[0].file == str(archive)
    assert not (tmp_path / "evil.svg").exists()
    assert not (tmp_path / "work" / "evil.svg").exists()
    assert not staging.exists() or _files_under(staging) == set()


def test_symlink_members_are_refused(tmp_path: Path) -> None:
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("guide.yaml", BASE)
        link = zipfile.ZipInfo("images/icon.svg")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        bundle.writestr(link, "/etc/passwd")
    with pytest.raises(BundleError, match="link"):
        extract_zip(archive, tmp_path / "staging")
    assert not (tmp_path / "staging" / "images" / "icon.svg").exists()


def test_duplicate_names_are_refused_even_in_another_case(tmp_path: Path) -> None:
    archive = tmp_path / "dup.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("guide.yaml", BASE)
        bundle.writestr("images/icon.svg", SVG)
        bundle.writestr("images/ICON.svg", SVG)
    with pytest.raises(BundleError, match="twice"):
        extract_zip(archive, tmp_path / "staging")


def test_too_many_files_are_refused(tmp_path: Path) -> None:
    members = {f"images/{n}.svg": SVG for n in range(201)}
    archive = write_zip(tmp_path / "many.zip", {"guide.yaml": BASE.encode(), **members})
    with pytest.raises(BundleError, match="limit is 200"):
        extract_zip(archive, tmp_path / "staging")


def test_a_too_big_member_is_refused(tmp_path: Path) -> None:
    archive = write_zip(
        tmp_path / "big.zip", {**GOOD, "images/huge.png": b"\0" * (2 * 1024 * 1024 + 1)}
    )
    with pytest.raises(BundleError, match="bytes"):
        extract_zip(archive, tmp_path / "staging")


def test_too_many_bytes_in_total_are_refused(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "total.zip", {f"images/{n}.png": b"\0" * 1000 for n in range(5)})
    with pytest.raises(BundleError, match="unpacks to"):
        extract_zip(archive, tmp_path / "staging", Limits(total_bytes=4000))


def test_a_zip_that_lies_about_its_sizes_stops_at_the_limit(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "bomb.zip", {"images/bomb.png": b"\0" * 100_000})
    data = bytearray(archive.read_bytes())
    # Rewrite the declared uncompressed size (central directory) to 10 bytes.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    with pytest.raises(BundleError):
        extract_zip(archive, tmp_path / "staging", Limits(member_bytes=1000))
    written = tmp_path / "staging" / "images" / "bomb.png"
    assert not written.exists() or written.stat().st_size <= 1000


def test_not_a_zip_is_a_bundle_error(tmp_path: Path) -> None:
    archive = tmp_path / "junk.zip"
    archive.write_bytes(b"this is not a zip")
    with pytest.raises(GuideError, match="not a readable zip"):
        load_guide(archive, tmp_path / "staging")


def test_staging_must_be_empty(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "guide.zip", GOOD)
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "old.txt").write_text("x")
    with pytest.raises(BundleError, match="not empty"):
        extract_zip(archive, staging)
