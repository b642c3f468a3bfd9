"""Deterministic zips of guide folders: the same folder always gives the same bytes.

Members are sorted by name, have the fixed timestamp 1980-01-01 00:00, the fixed mode 0644 from
a Unix "system", no extra fields and no comment, and are deflated at level 9. Only regular files
are packed; a symbolic link or a file outside `guide.yaml` and `images/` is refused, since the
kiosk would refuse the bundle anyway. Hidden files (".DS_Store", editor backups) are left out.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from kiosk.publishing.errors import AdminError

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644
ALLOWED_FOLDERS = ("", "images")


def bundle_members(folder: Path) -> list[tuple[str, Path]]:
    """The (zip name, file) pairs of a guide folder, sorted by name."""
    members: list[tuple[str, Path]] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        name = relative.as_posix()
        if path.is_symlink():
            raise AdminError(f"{path}: symbolic links cannot be published; copy the file instead")
        if path.is_dir():
            if name not in ALLOWED_FOLDERS:
                raise AdminError(f"{path}: a guide bundle may only have an images/ folder")
            continue
        if not path.is_file():
            raise AdminError(f"{path}: only regular files can be published")
        parent = relative.parent.as_posix()
        if ("" if parent == "." else parent) not in ALLOWED_FOLDERS:
            raise AdminError(
                f"{path}: a guide bundle may only have files at the top and in images/"
            )
        members.append((name, path))
    return sorted(members)


def pack_guide(folder: Path) -> bytes:
    """The deterministic zip of the guide folder `folder`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, path in bundle_members(folder):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = FILE_MODE << 16
            info.extra = b""
            archive.writestr(info, path.read_bytes(), compresslevel=9)
        archive.comment = b""
    return buffer.getvalue()
