"""What the admin commands do: init-repo, publish, retire and rotate, against one hub.

Every operation reads the hub's current root and targets, checks them against the admin's own
root key, builds the next targets (and root, when rotating), signs offline with the keys from the
key folder, and uploads. The hub then renews snapshot and timestamp. `report` gets one line per
step, for the command's progress output.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from securesystemslib.signer import Key, SSlibKey
from tuf.api.metadata import Metadata, Root, Snapshot, Targets, Timestamp

from kiosk.domain.guide import Guide
from kiosk.publishing import keys
from kiosk.publishing import metadata as md
from kiosk.publishing.errors import AdminError
from kiosk.publishing.hub_client import AdminHub
from kiosk.publishing.pack import pack_guide

Report = Callable[[str], None]


class GuideCheckFailed(AdminError):
    """Some guides failed `kiosk guide check`; `.problems` holds the checker's lines."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the guides; nothing was published")


@dataclass
class Published:
    """What one publish or retire changed."""

    targets_version: int
    guides: list[tuple[str, int]] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


def _online_keys(data: Mapping[str, object]) -> dict[str, Key]:
    found: dict[str, Key] = {}
    for role in (Snapshot.type, Timestamp.type):
        key = data.get(role)
        if not isinstance(key, dict):
            raise AdminError(f"the hub sent no {role} key")
        entry = dict(key)
        found[role] = SSlibKey.from_dict(entry.pop("keyid"), entry)
    return found


def init_repo(hub: AdminHub, keydir: Path, passphrase: str, report: Report) -> dict[str, object]:
    """Create and sign root v1 naming the hub's online keys, with empty targets v1."""
    if hub.state().get("initialized"):
        raise AdminError(f"the hub at {hub.url} already has a guide repository")
    root_signer = keys.load_signer(keydir, "root", passphrase)
    targets_signer = keys.load_signer(keydir, "targets", passphrase)
    report("fetching the hub's online keys")
    online = _online_keys(hub.online_keys())
    root = md.initial_root(root_signer.public_key, targets_signer.public_key, online)
    report("signing root v1 and targets v1")
    root_bytes = md.signed_bytes(root, root_signer)
    targets_bytes = md.signed_bytes(md.empty_targets(), targets_signer)
    return hub.init(root_bytes, targets_bytes)


def _current(hub: AdminHub, keydir: Path) -> tuple[Metadata[Root], Metadata[Targets]]:
    state = hub.state()
    if not state.get("initialized"):
        raise AdminError(
            f"the hub at {hub.url} has no guide repository; run 'kiosk admin init-repo'"
        )
    root, targets = state.get("root"), state.get("targets")
    if not isinstance(root, str) or not isinstance(targets, str):
        raise AdminError(f"the hub at {hub.url} sent no root and targets metadata")
    return md.verified_state(root, targets, keys.public_key(keydir, "root"))


def check_guides(folders: Sequence[Path]) -> list[Guide]:
    """Every check of `kiosk guide check`; raises GuideCheckFailed with the checker's lines."""
    from kiosk.guides.check import check_paths

    for folder in folders:
        if not folder.is_dir():
            raise GuideCheckFailed([f"{folder}: publish takes guide folders (with guide.yaml)"])
    result = check_paths(folders)
    if result.problems or not result.ok:
        raise GuideCheckFailed([str(p) for p in result.problems] or ["no guide found"])
    ids = [guide.id for guide in result.guides]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise GuideCheckFailed([f"guide {i!r} is given more than once" for i in duplicates])
    return list(result.guides)


def _used_versions(hub: AdminHub) -> dict[str, int]:
    """Guide id -> highest version the hub ever published (a hub older than this: {})."""
    used = hub.state().get("used_versions")
    if not isinstance(used, dict):
        return {}
    return {
        str(guide): version
        for guide, version in used.items()
        if isinstance(version, int) and not isinstance(version, bool)
    }


def publish(
    hub: AdminHub, keydir: Path, passphrase: str, folders: Sequence[Path], report: Report
) -> Published:
    """Check, pack, sign and upload the guides in `folders`."""
    report(f"checking {len(folders)} guide folder(s)")
    guides = check_guides(folders)
    signer = keys.load_signer(keydir, "targets", passphrase)
    root, current = _current(hub, keydir)
    md.check_targets_key(root.signed, signer.public_key)
    published = md.published_versions(current.signed)
    used = _used_versions(hub)
    for guide in guides:
        old = published.get(guide.id)
        if old is not None and guide.version <= old:
            raise AdminError(
                f"guide {guide.id!r} has version {guide.version}, but version {old} is "
                "published; raise 'version' in guide.yaml"
            )
        retired = used.get(guide.id)
        if old is None and retired is not None and guide.version <= retired:
            raise AdminError(
                f"guide {guide.id!r} has version {guide.version}, but version {retired} was "
                "published before and retired, and a version number is used once; raise "
                f"'version' in guide.yaml to {retired + 1} or more"
            )
    targets = md.next_targets(current.signed)
    files: dict[str, bytes] = {}
    result = Published(targets.version)
    for guide, folder in zip(guides, folders, strict=True):
        data = pack_guide(folder)
        target = md.bundle_target(guide.id, guide.version, data)
        report(
            f"packed {guide.id} v{guide.version} ({len(data)} bytes, sha256 "
            f"{target.hashes['sha256'][:12]}…)"
        )
        targets.targets[target.path] = target
        files[target.path] = data
        result.guides.append((guide.id, guide.version))
    report(f"signing targets v{targets.version} and uploading")
    hub.publish(md.signed_bytes(targets, signer), files)
    return result


def retire(
    hub: AdminHub, keydir: Path, passphrase: str, guide_ids: Sequence[str], report: Report
) -> Published:
    """Remove guides from the published set."""
    signer = keys.load_signer(keydir, "targets", passphrase)
    root, current = _current(hub, keydir)
    md.check_targets_key(root.signed, signer.public_key)
    targets = md.next_targets(current.signed)
    result = Published(targets.version)
    for guide_id in guide_ids:
        if targets.targets.pop(f"{guide_id}.zip", None) is None:
            raise AdminError(f"guide {guide_id!r} is not published on {hub.url}")
        result.retired.append(guide_id)
    report(f"signing targets v{targets.version} and uploading")
    hub.publish(md.signed_bytes(targets, signer), {})
    return result


def rotate(hub: AdminHub, keydir: Path, passphrase: str, what: str, report: Report) -> int:
    """Rotate the targets key or the hub's online keys; returns the new root version."""
    root_signer = keys.load_signer(keydir, "root", passphrase)
    root, current = _current(hub, keydir)
    replace: dict[str, Key] = {}
    if what == "targets":
        keys.load_signer(keydir, "targets", passphrase)  # the old one must still open
        report("making a new targets key")
        replace[Targets.type] = keys.replace_key(keydir, "targets", passphrase)
    elif what == "online":
        report("asking the hub for new online keys")
        replace.update(_online_keys(hub.online_keys(pending=True)))
    else:
        raise AdminError("rotate 'targets' or 'online'")
    new_root = md.next_root(root.signed, replace)
    targets_signer = keys.load_signer(keydir, "targets", passphrase)
    md.check_targets_key(new_root, targets_signer.public_key)
    targets = md.next_targets(current.signed)
    report(f"signing root v{new_root.version} and targets v{targets.version}, uploading")
    hub.publish(
        md.signed_bytes(targets, targets_signer), {}, md.signed_bytes(new_root, root_signer)
    )
    return new_root.version
