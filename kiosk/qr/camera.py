"""The camera path: frames from a `QVideoSink` are decoded on a worker thread, newest first.

`FrameDecoder` listens to a sink's `videoFrameChanged`. The slot only keeps the newest frame (a
cheap, implicitly shared handle) and wakes the worker; a frame that arrives while the worker is
busy replaces the one waiting, so a slow decode drops frames instead of queueing them. The worker
maps the frame's luminance plane (kiosk.qr.frames) and reports back through queued signals;
it never touches a widget.

`CameraFeed` connects the first camera (`QMediaDevices.videoInputs()`) to such a sink. Most
kiosks have no camera: `has_camera()` is then False and the scan screen offers files instead.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoSink,
)

from kiosk.domain.url_safety import UrlLists
from kiosk.qr.frames import decode_frame

log = logging.getLogger(__name__)


def has_camera() -> bool:
    return bool(QMediaDevices.videoInputs())


class FrameDecoder(QObject):
    """Decodes the newest frame of `sink` off the GUI thread; frames it cannot keep up with drop.

    Signals (delivered on the thread that owns the decoder, normally the GUI thread):
    `frame_decoded(codes)` after every decoded frame (codes may be empty), `codes_found(codes)`
    only when a frame held codes, `preview_updated(QImage)` with a small picture of the frame
    for a viewfinder (when `preview` is on).
    """

    frame_decoded = Signal(list)
    codes_found = Signal(list)
    preview_updated = Signal(QImage)

    def __init__(
        self,
        sink: QVideoSink,
        lists: UrlLists | None = None,
        *,
        preview: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sink = sink
        self._lists = lists
        self._preview = preview
        self._condition = threading.Condition()
        self._pending: QVideoFrame | None = None
        self._running = False
        self._thread: threading.Thread | None = None
        self.frames_seen = 0
        self.frames_decoded = 0

    @property
    def frames_dropped(self) -> int:
        with self._condition:
            return self.frames_seen - self.frames_decoded - (self._pending is not None)

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        self._thread = threading.Thread(target=self._work, name="qr-frame-decoder", daemon=True)
        self._thread.start()
        self._sink.videoFrameChanged.connect(self._on_frame)

    def stop(self) -> None:
        """Stop listening and wait for the worker to finish its frame."""
        if not self._running:
            return
        self._sink.videoFrameChanged.disconnect(self._on_frame)
        self._stop_worker()

    def is_running(self) -> bool:
        return self._running

    def _stop_worker(self) -> None:
        with self._condition:
            self._running = False
            self._pending = None
            self._condition.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._thread = None

    def _on_frame(self, frame: QVideoFrame) -> None:
        with self._condition:
            self.frames_seen += 1
            self._pending = QVideoFrame(frame)  # the newest frame replaces any waiting one
            self._condition.notify()

    def _work(self) -> None:
        while True:
            with self._condition:
                while self._running and self._pending is None:
                    self._condition.wait()
                if not self._running:
                    return
                frame, self._pending = self._pending, None
            if frame is None:
                continue
            try:
                codes, preview = decode_frame(frame, self._lists, preview=self._preview)
            except Exception:  # a bad frame must not end the scanning
                log.exception("could not decode a camera frame")
                continue
            with self._condition:
                self.frames_decoded += 1
                if not self._running:
                    return
            if preview is not None:
                self.preview_updated.emit(preview)
            self.frame_decoded.emit(codes)
            if codes:
                self.codes_found.emit(codes)


class CameraFeed(QObject):
    """The first (or a chosen) camera, feeding `sink`. `failed(message)` when it cannot run."""

    failed = Signal(str)

    def __init__(
        self, sink: QVideoSink, device: QCameraDevice | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._session = QMediaCaptureSession(self)
        self._camera = QCamera(device or QMediaDevices.defaultVideoInput(), self)
        self._camera.errorOccurred.connect(self._on_error)
        self._session.setCamera(self._camera)
        self._session.setVideoSink(sink)

    def start(self) -> None:
        self._camera.start()

    def stop(self) -> None:
        self._camera.stop()

    def _on_error(self, _error: QCamera.Error, message: str) -> None:
        log.warning("camera error: %s", message)
        self.failed.emit(message)
