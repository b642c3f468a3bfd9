"""Attacks on guide updates: each is refused, and the last good guides stay installed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Metadata

from kiosk.guides.catalog import load_catalog
from kiosk.paths import KioskPaths
from kiosk.publishing.hub_client import AdminHub
from kiosk.publishing.pack import pack_guide
from kiosk.publishing.publish import publish
from kiosk.sync.guide_updates import UpdateResult, update_guides
from tests.publishing.conftest import Hub
from tests.publishing.support import PASSPHRASE, sign_targets_with, with_target, write_guide

GUIDE = "energy-allowance"


def _publish(admin_hub: AdminHub, keydir: Path, tmp_path: Path, version: int) -> None:
    folder = write_guide(tmp_path / f"src-{version}" / GUIDE, GUIDE, version)
    publish(admin_hub, keydir, PASSPHRASE, [folder], lambda line: None)


def _installed(paths: KioskPaths) -> dict[str, int]:
    catalog = load_catalog([paths.guides_dir])
    return {guide.id: guide.version for guide in catalog.guides.values()}


def _baseline(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, paths: KioskPaths
) -> None:
    _publish(admin_hub, keydir, tmp_path, 1)
    result = update_guides(hub.url, paths)
    assert result.ok, result.error
    assert _installed(paths) == {GUIDE: 1}


def _refused(hub: Hub, paths: KioskPaths, *words: str, **kwargs: object) -> UpdateResult:
    result = update_guides(hub.url, paths, **kwargs)  # type: ignore[arg-type]
    assert not result.ok
    assert result.error is not None
    for word in words:
        assert word in result.error, result.error
    assert _installed(paths) == {GUIDE: 1}, "the last good guides must stay installed"
    assert result.guides == ((GUIDE, 1),)
    return result


def _metadata(hub: Hub, name: str) -> Path:
    return hub.settings.tuf_dir / "metadata" / name


def _current_targets_file(hub: Hub) -> Path:
    return _metadata(hub, f"{hub.repo.state().targets.signed.version}.targets.json")


def test_bundle_changed_on_the_hub_after_signing(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    _baseline(hub, admin_hub, keydir, tmp_path, kiosk_paths)
    _publish(admin_hub, keydir, tmp_path, 2)
    (bundle,) = (hub.settings.tuf_dir / "targets").glob(
        f"{hub.repo.state().targets.signed.targets[GUIDE + '.zip'].hashes['sha256']}.*"
    )
    flipped = bytearray(bundle.read_bytes())
    flipped[40] ^= 0x01  # same length, other content
    bundle.write_bytes(bytes(flipped))
    _refused(hub, kiosk_paths, "does not match its signed length and hash")
    evil = write_guide(tmp_path / "evil" / GUIDE, GUIDE, 2, "Phish")
    bundle.write_bytes(pack_guide(evil))
    _refused(hub, kiosk_paths, "does not match its signed length and hash")


def test_targets_changed_after_signing(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    _baseline(hub, admin_hub, keydir, tmp_path, kiosk_paths)
    _publish(admin_hub, keydir, tmp_path, 2)
    file = _current_targets_file(hub)
    data = json.loads(file.read_bytes())
    data["signed"]["targets"][GUIDE + ".zip"]["custom"]["version"] = 7
    file.write_text(json.dumps(data), encoding="utf-8")
    _refused(hub, kiosk_paths, "not signed by the trusted keys")


def test_older_targets_served_again(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    _baseline(hub, admin_hub, keydir, tmp_path, kiosk_paths)
    old = _current_targets_file(hub).read_bytes()
    _publish(admin_hub, keydir, tmp_path, 2)
    _current_targets_file(hub).write_bytes(old)  # the newest name, the older (signed) content
    _refused(hub, kiosk_paths, "rollback")


def test_older_timestamp_and_snapshot_served_again(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    old_timestamp = _metadata(hub, "timestamp.json").read_bytes()
    _baseline(hub, admin_hub, keydir, tmp_path, kiosk_paths)
    _metadata(hub, "timestamp.json").write_bytes(old_timestamp)
    _refused(hub, kiosk_paths, "rollback")


def test_older_snapshot_under_the_new_name(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    _baseline(hub, admin_hub, keydir, tmp_path, kiosk_paths)
    state = hub.repo.state()
    old = _metadata(hub, f"{state.snapshot_version}.snapshot.json").read_bytes()
    _publish(admin_hub, keydir, tmp_path, 2)
    newest = hub.repo.state().snapshot_version
    _metadata(hub, f"{newest}.snapshot.json").write_bytes(old)
    _refused(hub, kiosk_paths, "rollback")


def test_mix_of_snapshot_and_targets_from_different_publishes(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    _baseline(hub, admin_hub, keydir, tmp_path, kiosk_paths)
    _publish(admin_hub, keydir, tmp_path, 2)
    publish_a = _current_targets_file(hub).read_bytes()
    _publish(admin_hub, keydir, tmp_path, 3)
    # Publish C's timestamp and snapshot, with publish B's targets under C's name.
    _current_targets_file(hub).write_bytes(publish_a)
    _refused(hub, kiosk_paths, "rollback")


def test_frozen_timestamp_is_refused_once_expired(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    _baseline(hub, admin_hub, keydir, tmp_path, kiosk_paths)
    _publish(admin_hub, keydir, tmp_path, 2)
    expires = Metadata.from_bytes(_metadata(hub, "timestamp.json").read_bytes()).signed.expires
    assert expires - datetime.now(UTC) <= timedelta(days=1)  # the default short expiry

    def two_days_later() -> datetime:
        return datetime.now(UTC) + timedelta(days=2)

    _refused(hub, kiosk_paths, "expired", clock=two_days_later)
    # With the right time the same hub is fine.
    assert update_guides(hub.url, kiosk_paths).guides == ((GUIDE, 2),)


def test_hub_renews_the_timestamp_before_it_expires(hub: Hub, admin_hub: AdminHub) -> None:
    repo = hub.repo
    before = repo.state().timestamp_version
    assert not repo.renew()
    repo.clock = lambda: datetime.now(UTC) + timedelta(hours=13)
    assert repo.renew()
    assert repo.state().timestamp_version == before + 1


def test_metadata_signed_with_an_untrusted_key(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    """Someone with the hub's disk and online keys, but not the targets key."""
    _baseline(hub, admin_hub, keydir, tmp_path, kiosk_paths)
    repo = hub.repo
    targets = repo.state().targets.signed
    targets.version += 1
    evil = pack_guide(write_guide(tmp_path / "evil" / GUIDE, GUIDE, 9, "Phish"))
    with_target(targets, GUIDE + ".zip", evil)
    targets.targets[GUIDE + ".zip"].unrecognized_fields["custom"] = {
        "guide_id": GUIDE,
        "version": 9,
    }
    data = sign_targets_with(CryptoSigner.generate_ed25519(), targets)
    _metadata(hub, f"{targets.version}.targets.json").write_bytes(data)
    sha = targets.targets[GUIDE + ".zip"].hashes["sha256"]
    (hub.settings.tuf_dir / "targets" / f"{sha}.{GUIDE}.zip").write_bytes(evil)
    with repo._locked():
        repo._new_timestamp(repo._new_snapshot(targets.version))
    _refused(hub, kiosk_paths, "not signed by the trusted keys")


def test_hub_refuses_targets_signed_with_another_key(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path
) -> None:
    targets = hub.repo.state().targets.signed
    targets.version += 1
    data = sign_targets_with(CryptoSigner.generate_ed25519(), targets)
    before = hub.repo.state().targets.signed.version
    import pytest

    from kiosk.publishing.errors import AdminError

    with pytest.raises(AdminError, match="not signed by the targets key"):
        admin_hub.publish(data, {})
    assert hub.repo.state().targets.signed.version == before


def test_bundle_over_the_cap_is_not_downloaded(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    _baseline(hub, admin_hub, keydir, tmp_path, kiosk_paths)
    size = len(pack_guide(tmp_path / "src-1" / GUIDE))
    _publish(admin_hub, keydir, tmp_path, 2)
    _refused(hub, kiosk_paths, "at most", max_bundle_bytes=size - 1)
    cached = kiosk_paths.data_dir / "tuf" / "downloads" / f"{GUIDE}.zip"
    assert cached.read_bytes() == pack_guide(tmp_path / "src-1" / GUIDE)  # v2 never fetched
