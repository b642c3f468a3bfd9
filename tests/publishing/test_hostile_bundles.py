"""Signed but hostile bundles (an admin's key misused, or a bug): the kiosk's zip checks refuse
them, and the last good guides stay installed. Names from CPython's test_extract_hackers_arcnames.
"""

from __future__ import annotations

import io
import stat
import warnings
import zipfile
from pathlib import Path

import pytest

from kiosk.guides.bundle import GUIDE_LIMITS
from kiosk.guides.catalog import load_catalog
from kiosk.guides.errors import GuideError
from kiosk.paths import KioskPaths
from kiosk.publishing.hub_client import AdminHub
from kiosk.publishing.pack import pack_guide
from kiosk.publishing.publish import publish
from kiosk.sync.guide_updates import unpack_bundle, update_guides
from tests.publishing.conftest import Hub
from tests.publishing.support import PASSPHRASE, SVG, guide_text, publish_raw, write_guide

GUIDE = "energy-allowance"
HACKER_NAMES = [
    # common cases
    "../foo/bar",
    "foo/../bar",
    "foo/../../bar",
    "foo/bar/..",
    "./../foo/bar",
    "/foo/bar",
    "/foo/../bar",
    "/foo/../../bar",
    # Windows-only in CPython, hostile everywhere for us
    "//conky/mountpoint/foo/bar",
    "\\\\conky\\mountpoint\\foo\\bar",
    "///conky/mountpoint/foo/bar",
    "\\\\\\conky\\mountpoint\\foo\\bar",
    "//conky//mountpoint/foo/bar",
    "\\\\conky\\\\mountpoint\\foo\\bar",
    "//?/C:/foo/bar",
    "\\\\?\\C:\\foo\\bar",
    "C:/../C:/foo/bar",
    'a:b\\c<d>e|f"g?h*i',
    "../../foo../../ba..r",
    # POSIX-only in CPython
    "//foo/bar",
    "foo/..\\bar",
    # more of the same kind
    "C:foo.svg",
    "images\\..\\..\\evil.svg",
    "images/../../evil.svg",
]


def _zip(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(buffer, "w") as archive:
            for info, data in members:
                archive.writestr(info, data)
    return buffer.getvalue()


def _valid_members(version: int) -> list[tuple[zipfile.ZipInfo | str, bytes]]:
    return [("guide.yaml", guide_text(GUIDE, version).encode()), ("images/icon.svg", SVG)]


def _link(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _hostile_bundles() -> list[tuple[str, bytes]]:
    bundles = [(name, _zip([*_valid_members(2), (name, b"pwned")])) for name in HACKER_NAMES]
    bundles.append(
        (
            "symlink",
            _zip([*_valid_members(2), (_link("images/x.svg", "/etc/passwd"), b"/etc/passwd")]),
        )
    )
    bundles.append(
        (
            "symlinked guide",
            _zip([(_link("guide.yaml", "../../x"), b"../../x"), ("images/icon.svg", SVG)]),
        )
    )
    bundles.append(("duplicate", _zip([*_valid_members(2), ("guide.yaml", b"format: 1\n")])))
    bundles.append(("case duplicate", _zip([*_valid_members(2), ("Guide.yaml", b"format: 1\n")])))
    return bundles


def _installed(paths: KioskPaths) -> dict[str, int]:
    return {g.id: g.version for g in load_catalog([paths.guides_dir]).guides.values()}


def test_signed_hostile_bundles_are_refused(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    publish(admin_hub, keydir, PASSPHRASE, [write_guide(tmp_path / "g" / GUIDE, GUIDE, 1)], print)
    assert update_guides(hub.url, kiosk_paths).ok
    outside = sorted(p for p in tmp_path.rglob("*") if "bar" in p.name or "evil" in p.name)
    for label, data in _hostile_bundles():
        publish_raw(admin_hub, keydir, {GUIDE: (2, data)})
        result = update_guides(hub.url, kiosk_paths)
        assert not result.ok, label
        assert result.error is not None
        assert "bundle was refused" in result.error, (label, result.error)
        assert _installed(kiosk_paths) == {GUIDE: 1}, label
    assert sorted(p for p in tmp_path.rglob("*") if "bar" in p.name or "evil" in p.name) == outside
    assert not list((kiosk_paths.data_dir / "guide-sets").glob(".staging-*"))


@pytest.mark.parametrize(("label", "data"), _hostile_bundles(), ids=lambda v: repr(v)[:40])
def test_unpack_refuses_hostile_names(label: str, data: bytes, tmp_path: Path) -> None:
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(data)
    with pytest.raises(GuideError):
        unpack_bundle(archive, tmp_path / "staging" / GUIDE, GUIDE, 2, GUIDE_LIMITS)
    assert not (tmp_path / "foo").exists()
    assert not (tmp_path / "evil.svg").exists()


def test_every_truncation_of_a_valid_bundle_is_refused(tmp_path: Path) -> None:
    data = pack_guide(write_guide(tmp_path / "g" / GUIDE, GUIDE, 2))
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(data)
    unpack_bundle(archive, tmp_path / "whole", GUIDE, 2, GUIDE_LIMITS)  # the whole one is fine
    for length in range(len(data)):
        archive.write_bytes(data[:length])
        staging = tmp_path / "cut" / str(length)
        with pytest.raises(GuideError):
            unpack_bundle(archive, staging, GUIDE, 2, GUIDE_LIMITS)


def test_signed_truncated_bundle_is_refused(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    publish(admin_hub, keydir, PASSPHRASE, [write_guide(tmp_path / "g" / GUIDE, GUIDE, 1)], print)
    assert update_guides(hub.url, kiosk_paths).ok
    data = pack_guide(write_guide(tmp_path / "v2" / GUIDE, GUIDE, 2))
    for length in (0, 1, 30, len(data) // 2, len(data) - 22, len(data) - 1):
        publish_raw(admin_hub, keydir, {GUIDE: (2, data[:length])})
        result = update_guides(hub.url, kiosk_paths)
        assert not result.ok, length
        assert _installed(kiosk_paths) == {GUIDE: 1}


def test_bundle_whose_guide_differs_from_the_signed_list(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    publish(admin_hub, keydir, PASSPHRASE, [write_guide(tmp_path / "g" / GUIDE, GUIDE, 1)], print)
    assert update_guides(hub.url, kiosk_paths).ok
    other = pack_guide(write_guide(tmp_path / "o" / "other-guide", "other-guide", 5))
    publish_raw(admin_hub, keydir, {GUIDE: (2, other)})
    result = update_guides(hub.url, kiosk_paths)
    assert result.error is not None
    assert "signed list says" in result.error
    assert _installed(kiosk_paths) == {GUIDE: 1}
