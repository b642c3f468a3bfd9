"""Guide icons rendered once per size: kept in memory, and as PNG files in the cache folder.

The first SVG icon of a process loads Qt's SVG icon engine (about 9 ms here) and every icon
costs a fraction of a millisecond to render; a PNG rendered on an earlier start loads in
microseconds. A cached file is named by a hash of the icon file's bytes, the size and the
device pixel ratio, so a changed icon is rendered again and identical icons of different guides
share one file. Before Qt reads a cached file, its PNG structure is checked (signature, every
chunk's CRC, the closing IEND chunk): a damaged file is ignored and rendered again, and libpng
never gets to log an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import zlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPixmap

log = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Bump when the way icons are rendered changes, so older cached files are not used.
RENDER_VERSION = 1


class IconCache:
    """Pixmaps of guide icons at one size, from memory, a cached PNG, or rendered."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._memory: dict[str, QPixmap] = {}
        self._used: set[str] = set()
        self._write_failed = False
        #: How many icons were rendered from their source file (not found in a cache).
        self.rendered = 0

    @property
    def folder(self) -> Path | None:
        return self._folder

    def pixmap(self, icon: Path | None, size: int) -> QPixmap:
        """The icon at `size` x `size` logical pixels; a white circle when there is none or
        it can't be read."""
        ratio = _device_pixel_ratio()
        data = _read(icon) if icon is not None else None
        if data is None:
            return self._placeholder(size, ratio)
        digest = hashlib.sha256(data).hexdigest()[:32]
        key = f"{digest}-{size}-{round(ratio * 100)}-v{RENDER_VERSION}"
        self._used.add(key)
        cached = self._memory.get(key)
        if cached is not None:
            return cached
        pixmap = self._load(key, size, ratio)
        if pixmap is None:
            assert icon is not None
            pixmap = QIcon(str(icon)).pixmap(size, size)
            self.rendered += 1
            if pixmap.isNull():
                return self._placeholder(size, ratio)
            self._store(key, pixmap)
        self._memory[key] = pixmap
        return pixmap

    def prune(self) -> None:
        """Forget the icons not asked for since the last prune, in memory and on disk (and
        any half-written file a crash left behind)."""
        used, self._used = self._used, set()
        self._memory = {key: value for key, value in self._memory.items() if key in used}
        if self._folder is None:
            return
        try:
            files = [*self._folder.glob("*.png"), *self._folder.glob(".*.tmp")]
        except OSError:
            return
        for path in files:
            if path.suffix == ".tmp" or path.stem not in used:
                with contextlib.suppress(OSError):
                    path.unlink()

    # -- inside --------------------------------------------------------------------------------

    def _load(self, key: str, size: int, ratio: float) -> QPixmap | None:
        if self._folder is None:
            return None
        path = self._folder / f"{key}.png"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not is_intact_png(data):
            log.info("ignoring a damaged cached icon %s", path.name)
            return None
        pixmap = QPixmap()
        if not pixmap.loadFromData(data, "PNG"):
            return None
        limit = round(size * ratio)
        if pixmap.width() > limit or pixmap.height() > limit:
            return None
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    def _store(self, key: str, pixmap: QPixmap) -> None:
        if self._folder is None or self._write_failed:
            return
        path = self._folder / f"{key}.png"
        temporary = path.with_name(f".{key}.{os.getpid()}.tmp")
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            if not pixmap.save(str(temporary), "PNG"):
                raise OSError("Qt could not write the PNG")
            temporary.replace(path)
        except OSError as exc:  # only a speed-up: carry on rendering
            self._write_failed = True
            log.warning("could not cache icons in %s: %s", self._folder, exc)
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)

    def _placeholder(self, size: int, ratio: float) -> QPixmap:
        key = f"placeholder-{size}-{round(ratio * 100)}"
        pixmap = self._memory.get(key)
        if pixmap is None:
            pixmap = QPixmap(round(size * ratio), round(size * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor("white"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(12, 12, size - 24, size - 24)
            painter.end()
            self._memory[key] = pixmap
        self._used.add(key)
        return pixmap


def is_intact_png(data: bytes) -> bool:
    """Whether `data` is a whole PNG file: the signature, chunks with matching CRCs, and IEND
    last. (It does not inflate the image data; a file we wrote and nobody edited passes.)"""
    if not data.startswith(PNG_SIGNATURE):
        return False
    position = len(PNG_SIGNATURE)
    while position + 12 <= len(data):
        end = position + 8 + int.from_bytes(data[position : position + 4], "big")
        if end + 4 > len(data):
            return False
        kind = data[position + 4 : position + 8]
        if zlib.crc32(data[position + 4 : end]) != int.from_bytes(data[end : end + 4], "big"):
            return False
        if kind == b"IEND":
            return end + 4 == len(data)
        position = end + 4
    return False


def _read(icon: Path) -> bytes | None:
    try:
        return icon.read_bytes()
    except OSError:
        return None


def _device_pixel_ratio() -> float:
    app = QGuiApplication.instance()
    return app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
