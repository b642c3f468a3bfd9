"""The scan screen's model: the camera path when there is a camera, and the files it may offer.

Built once by the app (`ScanSources.build`); the screen gets it in its constructor and uses only
what is here, so it never opens files or threads of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtMultimedia import QVideoSink

from kiosk.domain.url_safety import UrlLists
from kiosk.paths import KioskPaths
from kiosk.qr.camera import CameraFeed, FrameDecoder, has_camera
from kiosk.qr.decode import DecodedCode, read_file
from kiosk.qr.errors import QrError
from kiosk.qr.sources import (
    MOUNT_ROOTS,
    PickableFile,
    is_pickable,
    pickable_files,
    scan_folder,
    usb_folders,
)


@dataclass
class ScanSources:
    """Decoder (None without a camera), optional camera feed, and the allowed file places."""

    decoder: FrameDecoder | None
    scans: Path
    lists: UrlLists | None = None
    feed: CameraFeed | None = None
    usb_roots: tuple[Path, ...] = MOUNT_ROOTS

    @classmethod
    def build(cls, paths: KioskPaths, lists: UrlLists | None = None) -> ScanSources:
        decoder = feed = None
        if has_camera():
            sink = QVideoSink()
            decoder = FrameDecoder(sink, lists, preview=True)
            sink.setParent(decoder)
            feed = CameraFeed(sink, parent=decoder)
        return cls(decoder=decoder, scans=scan_folder(paths), lists=lists, feed=feed)

    def start_camera(self) -> None:
        if self.decoder is not None:
            self.decoder.start()
        if self.feed is not None:
            self.feed.start()

    def stop_camera(self) -> None:
        if self.feed is not None:
            self.feed.stop()
        if self.decoder is not None:
            self.decoder.stop()

    def list_files(self) -> list[PickableFile]:
        return pickable_files(self.scans, usb_folders(self.usb_roots))

    def read_file(self, path: Path) -> list[DecodedCode]:
        """The codes in a file from the list; anything outside the allowed places is refused."""
        if not is_pickable(path, [self.scans, *usb_folders(self.usb_roots)]):
            raise QrError(f"{path.name}: only scans and USB sticks can be read here")
        return read_file(path, self.lists)
