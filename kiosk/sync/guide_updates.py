"""Guide updates from the hub, verified with TUF (python-tuf's ngclient).

`pin_root(paths, root_bytes)` keeps the root metadata delivered at enrollment as the kiosk's
trust anchor (`fetch_and_pin_root()` gets it from `GET /api/v1/tuf/root`). Then every sync calls
`update_guides(hub_url, paths)`, which:

1. runs `tuf.ngclient.Updater` against the hub's `/tuf/metadata/` (root rotations, timestamp,
   snapshot, targets: tampered, rolled-back, frozen or wrongly signed metadata is refused);
2. downloads only the bundles whose hash differs from the installed set (each checked against
   its signed length and hash; larger than `max_bundle_bytes` is refused before downloading);
3. unpacks each into a staging folder with the strict zip checks, and loads it with every guide
   rule; the guide's id and version must be the ones the signed targets name;
4. installs the complete new set atomically (`kiosk.sync.guide_sets`), keeping the previous one.

Every refusal leaves the installed set as it is, and `UpdateResult.error` says why. The result and
the root fingerprint are also kept in `data/tuf/state.json` for `kiosk status`.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
from tuf.api import exceptions as tuf_errors
from tuf.api.metadata import Metadata, Root, TargetFile, Targets
from tuf.api.serialization import DeserializationError
from tuf.ngclient.fetcher import FetcherInterface
from tuf.ngclient.updater import Updater

from kiosk.clock import utc_now
from kiosk.guides.bundle import GUIDE_LIMITS, Limits, extract_zip
from kiosk.guides.errors import GuideError
from kiosk.guides.loader import load_folder
from kiosk.i18n import _
from kiosk.paths import KioskPaths
from kiosk.sync import guide_sets
from kiosk.sync.errors import SyncError

MAX_BUNDLE_BYTES = 20 * 1024 * 1024
log = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(30.0, connect=10.0)
Clock = Callable[[], datetime]


class GuideUpdateError(SyncError):
    """A guide update was refused; the installed guides were left as they were."""


@dataclass(frozen=True)
class UpdateResult:
    """What one update did: the installed guides after it, and why it was refused, if it was."""

    changed: bool = False
    guides: tuple[tuple[str, int], ...] = ()
    downloaded: tuple[str, ...] = ()
    error: str | None = None
    root_fingerprint: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class HttpxFetcher(FetcherInterface):
    """TUF downloads over an httpx client (same CA settings as the rest of sync; no redirects)."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def _fetch(self, url: str) -> Iterator[bytes]:
        try:
            with self.client.stream("GET", url, follow_redirects=False) as response:
                if response.status_code != 200:
                    raise tuf_errors.DownloadHTTPError(
                        f"HTTP {response.status_code} for {url}", response.status_code
                    )
                yield from response.iter_bytes()
        except httpx.HTTPError as exc:  # an outage is a refusal like any other, not a crash
            raise HubUnreachable(f"cannot reach the hub ({exc})") from exc


class HubUnreachable(tuf_errors.DownloadError):
    """The hub could not be reached (refused, timed out, broke off) while updating guides."""


def unreachable_message() -> str:
    """The one line for a guide update that could not reach the hub (translated)."""
    return _("cannot reach the hub for the guide update; the installed guides stay in use")


def tuf_dir(paths: KioskPaths) -> Path:
    return paths.data_dir / "tuf"


def _pinned_file(paths: KioskPaths) -> Path:
    return tuf_dir(paths) / "pinned-root.json"


def root_fingerprint(root: Root) -> str:
    """The root key's id in groups of eight, as `kiosk admin keygen` prints it."""
    keyid = sorted(root.roles[Root.type].keyids)[0]
    return " ".join(keyid[i : i + 8] for i in range(0, len(keyid), 8))


def is_pinned(paths: KioskPaths) -> bool:
    """Whether this kiosk trusts a root of the hub's guide repository yet."""
    return _pinned_file(paths).is_file()


def pin_root(paths: KioskPaths, root_bytes: bytes) -> str:
    """Trust `root_bytes` (from enrollment) from now on; returns the root key's fingerprint."""
    try:
        root = Metadata[Root].from_bytes(root_bytes)
        if not isinstance(root.signed, Root):
            raise GuideUpdateError("the hub sent something else than root metadata")
        root.signed.verify_delegate(Root.type, root.signed_bytes, root.signatures)
    except (DeserializationError, tuf_errors.UnsignedMetadataError) as exc:
        raise GuideUpdateError(f"the hub's root metadata is not valid ({exc})") from None
    folder = tuf_dir(paths)
    shutil.rmtree(folder / "metadata", ignore_errors=True)  # a new trust anchor, a fresh start
    folder.mkdir(parents=True, exist_ok=True)
    temporary = _pinned_file(paths).with_suffix(".tmp")
    temporary.write_bytes(root_bytes)
    temporary.replace(_pinned_file(paths))
    fingerprint = root_fingerprint(root.signed)
    _save_state(paths, root_fingerprint=fingerprint, pinned_at=utc_now().isoformat())
    return fingerprint


def fetch_and_pin_root(
    hub_url: str, token: str, paths: KioskPaths, client: httpx.Client | None = None
) -> str:
    """Get the hub's current root with the kiosk token and pin it (right after enrollment)."""
    http = client or httpx.Client(timeout=TIMEOUT)
    try:
        response = http.get(
            f"{hub_url.rstrip('/')}/api/v1/tuf/root",
            headers={"Authorization": f"Bearer {token}"},
            follow_redirects=False,
        )
    except httpx.HTTPError as exc:
        raise GuideUpdateError(f"cannot fetch the hub's root metadata ({exc})") from None
    finally:
        if client is None:
            http.close()
    if response.status_code == 404:
        raise GuideUpdateError(
            "the hub has no guide repository yet (HTTP 404); "
            "ask the admin to run 'kiosk admin init-repo'"
        )
    if response.status_code != 200:
        raise GuideUpdateError(f"the hub did not send its guide root (HTTP {response.status_code})")
    return pin_root(paths, response.content)


def read_state(paths: KioskPaths) -> dict[str, object]:
    """`data/tuf/state.json`: root_fingerprint, last_update_ok, last_error, targets_version."""
    try:
        data = json.loads((tuf_dir(paths) / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_state(paths: KioskPaths, **changes: str | None) -> None:
    state = {**read_state(paths), **changes}
    file = tuf_dir(paths) / "state.json"
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    temporary.replace(file)


def _reason(exc: Exception) -> str:
    """A plain sentence for why TUF refused."""
    if isinstance(exc, tuf_errors.ExpiredMetadataError):
        return f"the hub's signed guide list has expired: stale or frozen data ({exc})"
    if isinstance(exc, tuf_errors.BadVersionNumberError):
        return f"the hub sent an older or mixed guide list than expected: rollback ({exc})"
    if isinstance(exc, tuf_errors.UnsignedMetadataError):
        return f"the guide list is not signed by the trusted keys ({exc})"
    if isinstance(
        exc, tuf_errors.LengthOrHashMismatchError | tuf_errors.DownloadLengthMismatchError
    ):
        return f"a file from the hub does not match its signed length and hash ({exc})"
    if isinstance(exc, tuf_errors.DownloadError):
        return f"cannot download from the hub ({exc})"
    if isinstance(exc, GuideError):
        return f"a guide bundle was refused: {exc}"
    return f"{type(exc).__name__}: {exc}"


def _installed_hash(installed: Mapping[str, guide_sets.Bundle], name: str) -> str | None:
    """The SHA-256 the installed set lists for bundle `name`, if it has one."""
    bundle = installed.get(name)
    return None if bundle is None else bundle.get("sha256")


def unpack_bundle(
    archive: Path, staging: Path, guide_id: str, version: int, limits: Limits
) -> None:
    """Unpack and check one bundle into `staging`; GuideError when anything is wrong."""
    extract_zip(archive, staging, limits)
    guide = load_folder(staging, f"{guide_id}.zip/guide.yaml")
    if guide.id != guide_id or guide.version != version:
        raise GuideUpdateError(
            f"bundle {guide_id}.zip holds guide {guide.id!r} v{guide.version}, "
            f"but the signed list says {guide_id!r} v{version}"
        )


def _signed_targets(updater: Updater, metadata_dir: Path) -> dict[str, tuple[str, int, TargetFile]]:
    """name -> (sha256, version, TargetFile) of every bundle the verified targets list."""
    targets = Metadata[Targets].from_file(str(metadata_dir / "targets.json")).signed
    found: dict[str, tuple[str, int, TargetFile]] = {}
    for name in sorted(targets.targets):
        info = updater.get_targetinfo(name)  # the verified copy
        if info is None:
            continue
        custom = info.custom if isinstance(info.custom, dict) else {}
        guide_id, version = custom.get("guide_id"), custom.get("version")
        if name != f"{guide_id}.zip" or not isinstance(version, int):
            raise GuideUpdateError(f"target {name!r} is not a guide bundle this kiosk knows")
        found[name] = (info.hashes.get("sha256", ""), version, info)
    return found


def update_guides(
    hub_url: str,
    paths: KioskPaths,
    *,
    client: httpx.Client | None = None,
    clock: Clock | None = None,
    max_bundle_bytes: int = MAX_BUNDLE_BYTES,
    limits: Limits = GUIDE_LIMITS,
) -> UpdateResult:
    """Bring the installed guides to the hub's signed set; never raises for a refusal."""
    if not _pinned_file(paths).is_file():
        return UpdateResult(error="no trusted root pinned; enroll the kiosk with the hub first")
    http = client or httpx.Client(timeout=TIMEOUT)
    try:
        result = _update(hub_url.rstrip("/"), paths, http, clock, max_bundle_bytes, limits)
    except GuideUpdateError as exc:
        result = UpdateResult(error=str(exc))
    except (HubUnreachable, httpx.HTTPError) as exc:
        log.info("guide update: the hub is out of reach (%s)", exc)
        result = UpdateResult(error=unreachable_message())
    except (tuf_errors.RepositoryError, tuf_errors.DownloadError, GuideError) as exc:
        result = UpdateResult(error=_reason(exc))
    except OSError as exc:
        result = UpdateResult(error=f"cannot write the guides ({exc})")
    except (ValueError, DeserializationError) as exc:
        result = UpdateResult(error=f"the hub's guide repository is not usable ({exc})")
    finally:
        if client is None:
            http.close()
    if result.error is not None:
        installed = guide_sets.read_manifest(guide_sets.current_set(paths))["bundles"]
        kept = read_state(paths).get("root_fingerprint")
        result = UpdateResult(
            guides=tuple(sorted((b["guide_id"], b["version"]) for b in installed.values())),
            error=result.error,
            root_fingerprint=kept if isinstance(kept, str) else None,
        )
        _save_state(paths, last_error=result.error, last_error_at=utc_now().isoformat())
    else:
        _save_state(
            paths,
            last_error=None,
            last_update_ok=utc_now().isoformat(),
            root_fingerprint=result.root_fingerprint,
        )
    return result


def _update(
    hub_url: str,
    paths: KioskPaths,
    http: httpx.Client,
    clock: Clock | None,
    max_bundle_bytes: int,
    limits: Limits,
) -> UpdateResult:
    folder = tuf_dir(paths)
    metadata_dir = folder / "metadata"
    downloads = folder / "downloads"
    metadata_dir.mkdir(parents=True, exist_ok=True)
    downloads.mkdir(parents=True, exist_ok=True)
    cached_root = metadata_dir / "root.json"
    bootstrap = None if cached_root.exists() else _pinned_file(paths).read_bytes()
    updater = Updater(
        str(metadata_dir),
        f"{hub_url}/tuf/metadata/",
        str(downloads),
        f"{hub_url}/tuf/targets/",
        fetcher=HttpxFetcher(http),
        bootstrap=bootstrap,
    )
    if clock is not None:  # for tests of frozen metadata: the time TUF checks expiry against
        updater._trusted_set.reference_time = clock()
    updater.refresh()
    trusted_root = Metadata[Root].from_file(str(metadata_dir / "root.json")).signed
    fingerprint = root_fingerprint(trusted_root)
    wanted = _signed_targets(updater, metadata_dir)
    current = guide_sets.current_set(paths)
    installed = guide_sets.read_manifest(current)["bundles"]
    guides = tuple(sorted((name[:-4], version) for name, (_, version, _) in wanted.items()))
    if {n: h for n, (h, _, _) in wanted.items()} == {
        n: b.get("sha256") for n, b in installed.items()
    }:
        return UpdateResult(guides=guides, root_fingerprint=fingerprint)
    for name, (_path, _hash, info) in wanted.items():
        if info.length > max_bundle_bytes:
            raise GuideUpdateError(
                f"bundle {name} is {info.length} bytes; this kiosk takes at most {max_bundle_bytes}"
            )
    staging = guide_sets.new_staging(paths)
    downloaded: list[str] = []
    try:
        for name, (sha256, version, info) in wanted.items():
            guide_id = name[:-4]
            if current is not None and _installed_hash(installed, name) == sha256:
                shutil.copytree(current / guide_id, staging / guide_id)
                continue
            archive = updater.find_cached_target(info)
            if archive is None:
                archive = updater.download_target(info)
                downloaded.append(name)
            unpack_bundle(Path(archive), staging / guide_id, guide_id, version, limits)
        manifest: guide_sets.Manifest = {
            "bundles": {
                name: {"sha256": sha256, "guide_id": name[:-4], "version": version}
                for name, (sha256, version, _) in wanted.items()
            },
            "installed_at": utc_now().isoformat(),
        }
        guide_sets.install(paths, staging, manifest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for stale in downloads.iterdir():  # bundles no longer published
        if stale.name not in {n for n in wanted} and stale.is_file():
            stale.unlink()
    return UpdateResult(
        changed=True, guides=guides, downloaded=tuple(downloaded), root_fingerprint=fingerprint
    )
