"""The hub's TUF repository of guide bundles: files under `KIOSK_HOME/hub/tuf/`.

Layout (consistent snapshots, so every version stays addressable while kiosks update):

    tuf/metadata/N.root.json       root, signed offline by the admin's root key
    tuf/metadata/N.targets.json    targets, signed offline by the admin's targets key
    tuf/metadata/N.snapshot.json   snapshot, signed here with the online snapshot key
    tuf/metadata/timestamp.json    timestamp, signed here with the online timestamp key
    tuf/targets/<sha256>.<id>.zip  the guide bundles
    tuf/keys/{snapshot,timestamp}.pem   the online keys (and *.next.pem while rotating)

The hub never holds the root or targets keys. It checks every upload the way a kiosk would
(signatures against the current root, versions one higher, bundle hashes), then writes the
bundles, the targets metadata and a new snapshot and timestamp. The timestamp has a short expiry
(default one day) and is renewed when half of it has passed, so a kiosk fed a frozen copy notices.
Writes happen under a file lock, so several hub processes on one machine can share the folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from securesystemslib.signer import CryptoSigner, SSlibKey
from tuf.api.exceptions import UnsignedMetadataError
from tuf.api.metadata import (
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    Targets,
    Timestamp,
)
from tuf.api.serialization import DeserializationError

from kiosk.clock import utc_now
from kiosk.hub.errors import HubError

ONLINE_ROLES = (Snapshot.type, Timestamp.type)
TARGET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]\.zip$")
METADATA_FILE = re.compile(r"^(timestamp|[1-9][0-9]{0,8}\.(root|targets|snapshot))\.json$")
TARGET_FILE = re.compile(r"^[0-9a-f]{64}\.[a-z0-9][a-z0-9-]{1,62}[a-z0-9]\.zip$")
MAX_BUNDLE_BYTES = 20 * 1024 * 1024
DEFAULT_TIMESTAMP_EXPIRY = timedelta(days=1)
DEFAULT_SNAPSHOT_EXPIRY = timedelta(days=7)


#: One of the four top-level roles (tuf's own type variable is private).
_S = TypeVar("_S", Root, Targets, Snapshot, Timestamp)


class TufRepoError(HubError):
    """An upload the repository refuses; the message says why."""


class NotInitializedError(TufRepoError):
    """No root metadata yet: run `kiosk admin init-repo` first."""


def _write_atomic(path: Path, data: bytes) -> None:
    """Write `path` so that readers see the old or the new content, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as sink:
            sink.write(data)
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _parse(data: bytes, kind: type[_S], what: str) -> Metadata[_S]:
    try:
        metadata: Metadata[Any] = Metadata.from_bytes(data)  # Any: narrowed by isinstance below
    except DeserializationError as exc:
        raise TufRepoError(f"the {what} metadata cannot be read ({exc})") from None
    if not isinstance(metadata.signed, kind):
        raise TufRepoError(f"the {what} metadata is not of type {kind.type}")
    return metadata


def _guide_version(custom: object) -> tuple[str | None, int]:
    """(guide id, version) from a target's `custom` field; (None, 0) when it has none."""
    if not isinstance(custom, dict):
        return None, 0
    guide, version = custom.get("guide_id"), custom.get("version")
    if not isinstance(guide, str) or isinstance(version, bool) or not isinstance(version, int):
        return None, 0
    return guide, version


def signer_from_pem(data: bytes, password: bytes | None = None) -> CryptoSigner:
    """A signer for an Ed25519 private key in PEM (PKCS#8)."""
    private = serialization.load_pem_private_key(data, password)
    if not isinstance(private, Ed25519PrivateKey):
        raise TufRepoError("only Ed25519 keys are used for guide signing")
    return CryptoSigner(private)


def private_pem(private: Ed25519PrivateKey, password: bytes | None = None) -> bytes:
    """The PEM (PKCS#8) form of a private key, encrypted when `password` is given."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


@dataclass(frozen=True)
class RepoState:
    """The current versions, for the admin's tools and the status page."""

    root: Metadata[Root]
    targets: Metadata[Targets]
    snapshot_version: int
    timestamp_version: int


class HubTufRepository:
    """The TUF repository in one folder; every method is safe across hub processes."""

    def __init__(
        self,
        folder: Path,
        *,
        timestamp_expiry: timedelta = DEFAULT_TIMESTAMP_EXPIRY,
        snapshot_expiry: timedelta = DEFAULT_SNAPSHOT_EXPIRY,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.folder = folder
        self.metadata_dir = folder / "metadata"
        self.targets_dir = folder / "targets"
        self.keys_dir = folder / "keys"
        self.timestamp_expiry = timestamp_expiry
        self.snapshot_expiry = snapshot_expiry
        self.clock = clock

    # -- locking and keys -------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder / ".lock").open("a+b") as lock:
            try:
                import fcntl
            except ImportError:  # Windows: one hub process per folder
                yield
                return
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _key_file(self, role: str, pending: bool = False) -> Path:
        return self.keys_dir / f"{role}{'.next' if pending else ''}.pem"

    def _signer(self, role: str, pending: bool = False) -> CryptoSigner | None:
        file = self._key_file(role, pending)
        return signer_from_pem(file.read_bytes()) if file.exists() else None

    def _ensure_key(self, role: str, pending: bool = False) -> CryptoSigner:
        signer = self._signer(role, pending)
        if signer is None:
            private = Ed25519PrivateKey.generate()
            self.keys_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_atomic(self._key_file(role, pending), private_pem(private))
            os.chmod(self._key_file(role, pending), 0o600)
            signer = CryptoSigner(private)
        return signer

    def online_keys(self) -> dict[str, SSlibKey]:
        """The public halves of the online snapshot and timestamp keys (made on first use)."""
        with self._locked():
            return {role: self._ensure_key(role).public_key for role in ONLINE_ROLES}

    def new_online_keys(self) -> dict[str, SSlibKey]:
        """Pending online keys for a rotation; they sign once a root naming them is uploaded."""
        with self._locked():
            return {role: self._ensure_key(role, pending=True).public_key for role in ONLINE_ROLES}

    # -- reading ----------------------------------------------------------------------------

    def _versions(self, role: str) -> list[int]:
        found = []
        with contextlib.suppress(FileNotFoundError):
            for entry in self.metadata_dir.iterdir():
                number, _, rest = entry.name.partition(".")
                if rest == f"{role}.json" and number.isdigit():
                    found.append(int(number))
        return sorted(found)

    def _load(self, role: str, version: int, kind: type[_S]) -> Metadata[_S]:
        data = (self.metadata_dir / f"{version}.{role}.json").read_bytes()
        return _parse(data, kind, role)

    @property
    def initialized(self) -> bool:
        return bool(self._versions(Root.type)) and (self.metadata_dir / "timestamp.json").exists()

    def _root(self) -> Metadata[Root]:
        versions = self._versions(Root.type)
        if not versions:
            raise NotInitializedError(
                "the hub has no guide repository yet; run 'kiosk admin init-repo' first"
            )
        return self._load(Root.type, versions[-1], Root)

    def _timestamp(self) -> Metadata[Timestamp]:
        data = (self.metadata_dir / "timestamp.json").read_bytes()
        return _parse(data, Timestamp, "timestamp")

    def state(self) -> RepoState:
        """The current root, targets and online versions."""
        root = self._root()
        timestamp = self._timestamp()
        snapshot = self._load(Snapshot.type, timestamp.signed.snapshot_meta.version, Snapshot)
        targets_version = snapshot.signed.meta["targets.json"].version
        targets = self._load(Targets.type, targets_version, Targets)
        return RepoState(root, targets, snapshot.signed.version, timestamp.signed.version)

    def public_file(self, folder: str, name: str) -> Path | None:
        """The file a kiosk asks for under /tuf/metadata/ or /tuf/targets/, or None."""
        if folder == "metadata" and METADATA_FILE.match(name):
            if name == "timestamp.json":
                self.renew()
            path = self.metadata_dir / name
        elif folder == "targets" and TARGET_FILE.match(name):
            path = self.targets_dir / name
        else:
            return None
        return path if path.is_file() else None

    # -- writing ----------------------------------------------------------------------------

    def _expiry(self, period: timedelta) -> datetime:
        return self.clock().replace(microsecond=0) + period

    def _sign_online(self, signed: _S, role: str) -> bytes:
        signer = self._signer(role)
        if signer is None:
            raise TufRepoError(f"the hub's online {role} key is missing")
        metadata = Metadata(signed)
        metadata.sign(signer)
        return metadata.to_bytes()

    def _new_snapshot(self, targets_version: int) -> int:
        versions = self._versions(Snapshot.type)
        version = (versions[-1] if versions else 0) + 1
        snapshot = Snapshot(
            version=version,
            expires=self._expiry(self.snapshot_expiry),
            meta={"targets.json": MetaFile(version=targets_version)},
        )
        _write_atomic(
            self.metadata_dir / f"{version}.snapshot.json",
            self._sign_online(snapshot, Snapshot.type),
        )
        return version

    def _new_timestamp(self, snapshot_version: int) -> None:
        try:
            version = self._timestamp().signed.version + 1
        except FileNotFoundError:
            version = 1
        timestamp = Timestamp(
            version=version,
            expires=self._expiry(self.timestamp_expiry),
            snapshot_meta=MetaFile(version=snapshot_version),
        )
        _write_atomic(
            self.metadata_dir / "timestamp.json", self._sign_online(timestamp, Timestamp.type)
        )

    def _check_online_keys(self, root: Root) -> bool:
        """True when `root` names the pending online keys, False for the current ones."""
        for pending in (False, True):
            signers = {role: self._signer(role, pending) for role in ONLINE_ROLES}
            if all(
                signer is not None
                and root.roles[role].keyids == [signer.public_key.keyid]
                and root.roles[role].threshold == 1
                for role, signer in signers.items()
            ):
                return pending
        raise TufRepoError(
            "the root metadata does not name this hub's online snapshot and timestamp keys; "
            "fetch them again ('kiosk admin init-repo' or 'kiosk admin rotate online')"
        )

    def _verify_targets(self, root: Root, data: bytes, previous: int) -> Metadata[Targets]:
        targets = _parse(data, Targets, "targets")
        try:
            root.verify_delegate(Targets.type, targets.signed_bytes, targets.signatures)
        except UnsignedMetadataError:
            raise TufRepoError(
                "the targets metadata is not signed by the targets key the root names"
            ) from None
        if targets.signed.version != previous + 1:
            raise TufRepoError(
                f"the targets metadata has version {targets.signed.version}; "
                f"expected {previous + 1} (someone else published in between; try again)"
            )
        if targets.signed.is_expired(self.clock()):
            raise TufRepoError("the targets metadata has already expired")
        if targets.signed.delegations is not None:
            raise TufRepoError("delegated targets roles are not used by this hub")
        return targets

    def _store_bundles(self, targets: Targets, files: Mapping[str, bytes]) -> None:
        unknown = set(files) - set(targets.targets)
        if unknown:
            raise TufRepoError(f"uploaded files not named in targets: {sorted(unknown)}")
        for name, info in targets.targets.items():
            if not TARGET_NAME.match(name) or "sha256" not in info.hashes:
                raise TufRepoError(f"target {name!r} is not '<guide-id>.zip' with a sha256 hash")
            if info.length > MAX_BUNDLE_BYTES:
                raise TufRepoError(f"bundle {name} is over {MAX_BUNDLE_BYTES} bytes")
            path = self.targets_dir / f"{info.hashes['sha256']}.{name}"
            if name in files:
                data = files[name]
                try:
                    info.verify_length_and_hashes(data)
                except Exception:
                    raise TufRepoError(
                        f"bundle {name} does not match its length and hash in targets"
                    ) from None
                if not path.exists():
                    _write_atomic(path, data)
            elif not path.exists():
                raise TufRepoError(f"bundle {name} is named in targets but was not uploaded")

    def initialize(self, root_data: bytes, targets_data: bytes) -> RepoState:
        """Start the repository with the admin's root v1 and (empty) targets v1."""
        with self._locked():
            if self._versions(Root.type):
                raise TufRepoError("the hub's guide repository exists already")
            root = _parse(root_data, Root, "root")
            if root.signed.version != 1:
                raise TufRepoError("the first root metadata must have version 1")
            try:
                root.signed.verify_delegate(Root.type, root.signed_bytes, root.signatures)
            except UnsignedMetadataError:
                raise TufRepoError("the root metadata is not signed by its own root key") from None
            if not root.signed.consistent_snapshot:
                raise TufRepoError("the root metadata must use consistent snapshots")
            if self._check_online_keys(root.signed):
                raise TufRepoError("use the current online keys for the first root")
            targets = self._verify_targets(root.signed, targets_data, 0)
            self._store_bundles(targets.signed, {})
            _write_atomic(self.metadata_dir / "1.root.json", root_data)
            _write_atomic(self.metadata_dir / "1.targets.json", targets_data)
            self._new_timestamp(self._new_snapshot(1))
            return self.state()

    def _accept_root(self, current: Metadata[Root], data: bytes) -> tuple[Metadata[Root], bool]:
        """The verified rotated root, and whether it names the pending online keys."""
        new = _parse(data, Root, "root")
        if new.signed.version != current.signed.version + 1:
            raise TufRepoError(
                f"the new root has version {new.signed.version}; "
                f"expected {current.signed.version + 1}"
            )
        try:
            current.signed.verify_delegate(Root.type, new.signed_bytes, new.signatures)
            new.signed.verify_delegate(Root.type, new.signed_bytes, new.signatures)
        except UnsignedMetadataError:
            raise TufRepoError(
                "the new root metadata must be signed by the current and the new root keys"
            ) from None
        if not new.signed.consistent_snapshot:
            raise TufRepoError("the root metadata must use consistent snapshots")
        return new, self._check_online_keys(new.signed)

    def used_versions(self) -> dict[str, int]:
        """Guide id -> the highest version ever published, retired ones included (every
        targets version is kept, so a retired guide's versions are still known)."""
        used: dict[str, int] = {}
        for number in self._versions(Targets.type):
            for target in self._load(Targets.type, number, Targets).signed.targets.values():
                guide, version = _guide_version(target.custom)
                if guide is not None and version > used.get(guide, -1):
                    used[guide] = version
        return used

    def _check_versions(self, current: Targets, new: Targets) -> None:
        """A guide that comes back after a retire must have a version above every one it ever
        had (a version number is used once). A guide that stays published is the admin tool's
        to check (`kiosk admin publish` refuses a version not above the published one)."""
        used: dict[str, int] | None = None
        for name, info in new.targets.items():
            if name in current.targets:
                continue
            guide, version = _guide_version(info.custom)
            if guide is None:
                continue
            used = self.used_versions() if used is None else used
            highest = used.get(guide)
            if highest is not None and version <= highest:
                raise TufRepoError(
                    f"guide {guide!r} version {version} cannot be published: version {highest} "
                    "was published before (a retired version stays used); raise 'version' in "
                    f"guide.yaml to {highest + 1} or more, then publish again"
                )

    def publish(
        self, targets_data: bytes, files: Mapping[str, bytes], root_data: bytes | None = None
    ) -> RepoState:
        """Accept new targets metadata (and bundles, and optionally a rotated root)."""
        with self._locked():
            state = self.state()
            root, promote = state.root, False
            if root_data is not None:
                root, promote = self._accept_root(root, root_data)
            targets = self._verify_targets(root.signed, targets_data, state.targets.signed.version)
            self._check_versions(state.targets.signed, targets.signed)
            self._store_bundles(targets.signed, files)
            if promote:
                for role in ONLINE_ROLES:
                    os.replace(self._key_file(role, pending=True), self._key_file(role))
            if root_data is not None:
                _write_atomic(self.metadata_dir / f"{root.signed.version}.root.json", root_data)
            version = targets.signed.version
            _write_atomic(self.metadata_dir / f"{version}.targets.json", targets_data)
            self._new_timestamp(self._new_snapshot(version))
            return self.state()

    def renew(self, *, force: bool = False) -> bool:
        """Renew snapshot and timestamp when half of their lifetime has passed; True if renewed."""
        if not self.initialized:
            return False
        now = self.clock()
        with self._locked():
            timestamp = self._timestamp().signed
            snapshot = self._load(Snapshot.type, timestamp.snapshot_meta.version, Snapshot).signed
            renewed = False
            snapshot_version = snapshot.version
            if force or snapshot.expires - now < self.snapshot_expiry / 2:
                snapshot_version = self._new_snapshot(snapshot.meta["targets.json"].version)
                renewed = True
            if renewed or timestamp.expires - now < self.timestamp_expiry / 2:
                self._new_timestamp(snapshot_version)
                renewed = True
            return renewed
