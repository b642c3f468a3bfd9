"""Building and signing the TUF metadata the admin is responsible for: root and targets.

The hub's snapshot and timestamp keys are online keys; the root names them, and the hub signs
with them. Targets name each guide bundle as `<guide-id>.zip`, with its length, SHA-256 and a
`custom` field `{"guide_id", "version"}` that the admin tools use to refuse a version that is
not higher, and that the kiosk checks against the unpacked guide.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from securesystemslib.signer import Key, Signer
from tuf.api.exceptions import UnsignedMetadataError
from tuf.api.metadata import Metadata, Root, Snapshot, TargetFile, Targets, Timestamp
from tuf.api.serialization import DeserializationError

from kiosk.publishing.errors import AdminError

ROOT_EXPIRY = timedelta(days=3 * 365)
TARGETS_EXPIRY = timedelta(days=365)


def _expires(period: timedelta) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) + period


_Signed = TypeVar("_Signed", Root, Targets)


def signed_bytes(signed: _Signed, *signers: Signer) -> bytes:
    """The metadata bytes of `signed`, signed by every signer."""
    metadata = Metadata(signed)
    for signer in signers:
        metadata.sign(signer, append=True)
    return metadata.to_bytes()


def initial_root(root_key: Key, targets_key: Key, online: Mapping[str, Key]) -> Root:
    """Root version 1: threshold 1 for every role, consistent snapshots."""
    root = Root(expires=_expires(ROOT_EXPIRY), consistent_snapshot=True)
    for role, key in (
        (Root.type, root_key),
        (Targets.type, targets_key),
        (Snapshot.type, online[Snapshot.type]),
        (Timestamp.type, online[Timestamp.type]),
    ):
        root.add_key(key, role)
    return root


def next_root(current: Root, replace: Mapping[str, Key]) -> Root:
    """The next root version, with the keys of the roles in `replace` swapped."""
    root = copy.deepcopy(current)
    root.version += 1
    root.expires = _expires(ROOT_EXPIRY)
    for role, key in replace.items():
        for keyid in list(root.roles[role].keyids):
            root.revoke_key(keyid, role)
        root.add_key(key, role)
    return root


def empty_targets() -> Targets:
    return Targets(version=1, expires=_expires(TARGETS_EXPIRY))


def next_targets(current: Targets) -> Targets:
    targets = copy.deepcopy(current)
    targets.version += 1
    targets.expires = _expires(TARGETS_EXPIRY)
    return targets


def bundle_target(guide_id: str, version: int, data: bytes) -> TargetFile:
    """The target entry of a packed guide bundle."""
    target = TargetFile.from_data(f"{guide_id}.zip", data, ["sha256"])
    target.unrecognized_fields["custom"] = {"guide_id": guide_id, "version": version}
    return target


def published_versions(targets: Targets) -> dict[str, int]:
    """Guide id -> version of every published bundle."""
    versions: dict[str, int] = {}
    for target in targets.targets.values():
        custom: object = target.custom
        if isinstance(custom, dict) and isinstance(custom.get("version"), int):
            versions[str(custom.get("guide_id"))] = int(custom["version"])
    return versions


def verified_state(
    root_text: str, targets_text: str, root_key: Key
) -> tuple[Metadata[Root], Metadata[Targets]]:
    """The hub's current root and targets, checked against the admin's own root key."""
    try:
        root = Metadata[Root].from_bytes(root_text.encode())
        targets = Metadata[Targets].from_bytes(targets_text.encode())
    except DeserializationError as exc:
        raise AdminError(f"the hub sent metadata that cannot be read ({exc})") from None
    if root_key.keyid not in root.signed.roles[Root.type].keyids:
        raise AdminError(
            "the hub's root metadata does not name your root key; is --hub the right hub "
            "and --keys the right key folder?"
        )
    try:
        root.signed.verify_delegate(Root.type, root.signed_bytes, root.signatures)
        root.signed.verify_delegate(Targets.type, targets.signed_bytes, targets.signatures)
    except UnsignedMetadataError as exc:
        raise AdminError(f"the hub's metadata does not verify ({exc}); do not publish") from None
    return root, targets


def check_targets_key(root: Root, targets_key: Key) -> None:
    if targets_key.keyid not in root.roles[Targets.type].keyids:
        raise AdminError(
            "the targets key in --keys is not the one the hub's root names "
            "(rotated elsewhere?); use the current key folder"
        )
