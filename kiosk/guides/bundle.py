"""Safe extraction of a zipped bundle into a staging folder (guides now, TUF updates later).

`extract_zip(archive, staging)` writes nothing outside `staging`. It refuses, before writing
anything: absolute names, `..`, backslashes, drive letters, empty or `.` parts, symbolic links
(Unix mode in the zip's external attributes), encrypted members, duplicate names (also when
they differ only in case, for Windows and macOS), folders other than the allowed ones, and more
than `Limits.files` members or more bytes than the limits declare. While writing it counts the
real bytes too, so a zip that lies about its sizes (a zip bomb) stops at the limit. Every
problem raises `BundleError`; a half-written staging folder is the caller's to delete.
"""

from __future__ import annotations

import lzma
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kiosk.domain.guide import MAX_IMAGE_BYTES
from kiosk.guides.errors import BundleError, Problem

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """What one bundle may hold."""

    files: int = 200
    member_bytes: int = MAX_IMAGE_BYTES
    total_bytes: int = 50 * 1024 * 1024
    #: Folders a member may be in ("" is the top); members may not be deeper.
    folders: tuple[str, ...] = ("", "images")


GUIDE_LIMITS = Limits()


def _refuse(archive: Path, message: str) -> BundleError:
    return BundleError([Problem(str(archive), 0, message)])


def check_name(name: str, limits: Limits) -> str | None:
    """Why the member name `name` is refused, or None when it is safe."""
    if not name or "\\" in name or "\x00" in name:
        return "has a backslash or an empty name"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    parts = PurePosixPath(name.rstrip("/")).parts
    raw_parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in raw_parts) or not parts:
        return "contains '..', '.' or an empty folder name"
    folder = "/".join(raw_parts[:-1])
    if name.endswith("/"):
        if "/".join(raw_parts) not in limits.folders:
            return "is a folder that a bundle may not have"
    elif folder not in limits.folders:
        return "is in a folder that a bundle may not have (only images/)"
    return None


def _check_members(archive: Path, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.files:
        raise _refuse(archive, f"the bundle has {len(members)} files; the limit is {limits.files}")
    seen: set[str] = set()
    total = 0
    for info in members:
        why = check_name(info.filename, limits)
        if why:
            raise _refuse(archive, f"member {info.filename!r} {why}")
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise _refuse(archive, f"member {info.filename!r} is a link or special file")
        if info.flag_bits & 0x1:
            raise _refuse(archive, f"member {info.filename!r} is encrypted")
        key = info.filename.rstrip("/").casefold()
        if key in seen:
            raise _refuse(archive, f"member {info.filename!r} appears twice")
        seen.add(key)
        if info.file_size > limits.member_bytes:
            raise _refuse(
                archive,
                f"member {info.filename!r} is {info.file_size} bytes; the limit is "
                f"{limits.member_bytes}",
            )
        total += info.file_size
    if total > limits.total_bytes:
        raise _refuse(
            archive, f"the bundle unpacks to {total} bytes; the limit is {limits.total_bytes}"
        )


def extract_zip(archive: Path, staging: Path, limits: Limits = GUIDE_LIMITS) -> Path:
    """Unpack `archive` into the new or empty folder `staging`, safely; returns `staging`."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = bundle.infolist()
            _check_members(archive, members, limits)
            staging.mkdir(parents=True, exist_ok=True)
            if any(staging.iterdir()):
                raise _refuse(archive, f"staging folder {staging} is not empty")
            root = staging.resolve()
            total = 0
            for info in members:
                target = root.joinpath(*info.filename.rstrip("/").split("/"))
                if not target.resolve().is_relative_to(root):
                    raise _refuse(archive, f"member {info.filename!r} leaves the staging folder")
                if info.is_dir():
                    target.mkdir(exist_ok=True)
                    continue
                target.parent.mkdir(exist_ok=True)
                written = 0
                with bundle.open(info) as source, target.open("xb") as sink:
                    while chunk := source.read(_CHUNK):
                        written += len(chunk)
                        total += len(chunk)
                        if written > limits.member_bytes or total > limits.total_bytes:
                            raise _refuse(
                                archive, f"member {info.filename!r} is bigger than it says"
                            )
                        sink.write(chunk)
    except BundleError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        NotImplementedError,
        zlib.error,
        lzma.LZMAError,
    ) as exc:
        raise _refuse(
            archive,
            f"not a readable zip bundle ({exc}); give a guide folder (with guide.yaml), its "
            "guide.yaml, or a .zip of such a folder",
        ) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise _refuse(archive, f"cannot unpack the bundle ({exc})") from None
    return staging
