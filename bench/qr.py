"""Benchmark of the QR reader (issue #4), on the same 1280×720 frames in one run.

1. Our decode path for a camera frame (`kiosk.qr.frames.decode_frame`: map the NV12 frame's
   Y plane, zxing-cpp, interpretation) against a bare `zxingcpp.read_barcodes` call on the same
   greyscale pixels as a numpy array. Median of 50 each; the ratio must be <= 1.3.
2. Frames per second through the camera path (QVideoSink -> FrameDecoder worker thread ->
   `frame_decoded` on the GUI thread) with synthetic frames fed as fast as possible. Must be >= 30.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/qr.py
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import segno
import zxingcpp
from PIL import Image
from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat, QVideoSink

from kiosk.qr.camera import FrameDecoder
from kiosk.qr.frames import decode_frame

WIDTH, HEIGHT = 1280, 720
RUNS = 50
FPS_SECONDS = 3.0
PAYLOADS = {
    "url": "https://www.fluvius.be/nl/meterstand-doorgeven",
    "epc": "BCD\n002\n1\nSCT\n\nFluvius System Operator\nBE71096123456769\nEUR45.2\n\n090933755493",
    "none": None,
}


def grey_frame(text: str | None) -> np.ndarray:
    page = Image.new("L", (WIDTH, HEIGHT), 235)  # paper, not pure white
    if text is not None:
        buffer = io.BytesIO()
        segno.make_qr(text, error="m").save(buffer, kind="png", scale=6)
        buffer.seek(0)
        page.paste(Image.open(buffer).convert("L"), (500, 180))
    return np.ascontiguousarray(np.asarray(page, dtype=np.uint8))


def nv12_frame(grey: np.ndarray) -> QVideoFrame:
    size = QSize(grey.shape[1], grey.shape[0])
    frame = QVideoFrame(QVideoFrameFormat(size, QVideoFrameFormat.PixelFormat.Format_NV12))
    frame.map(QVideoFrame.MapMode.WriteOnly)
    stride = frame.bytesPerLine(0)
    plane = np.frombuffer(frame.bits(0), np.uint8, count=stride * HEIGHT).reshape(HEIGHT, stride)
    plane[:, :WIDTH] = grey
    np.frombuffer(frame.bits(1), np.uint8)[:] = 128
    frame.unmap()
    return frame


def median_ms(fn: Callable[[], object]) -> float:
    fn()  # warm up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def camera_fps(frames: list[QVideoFrame]) -> tuple[float, int, int]:
    sink = QVideoSink()
    decoder = FrameDecoder(sink)
    decoded = 0

    def count(_codes: list[object]) -> None:
        nonlocal decoded
        decoded += 1

    decoder.frame_decoded.connect(count)
    decoder.start()
    start = time.perf_counter()
    fed = 0
    while time.perf_counter() - start < FPS_SECONDS:
        sink.setVideoFrame(frames[fed % len(frames)])
        fed += 1
        QCoreApplication.processEvents()
        time.sleep(1 / 240)  # a fast camera: 240 frames a second offered
    seconds = time.perf_counter() - start
    decoder.stop()
    QCoreApplication.processEvents()
    return decoded / seconds, fed, decoded


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv)
    print(f"QR decoding, {WIDTH}x{HEIGHT} frames, median of {RUNS} runs")
    print(f"{'frame':<6} {'bare zxing-cpp':>15} {'our path':>10} {'ratio':>7}  codes")
    worst = 0.0
    frames = []
    for name, text in PAYLOADS.items():
        grey = grey_frame(text)
        frame = nv12_frame(grey)
        frames.append(frame)
        bare = median_ms(lambda g=grey: zxingcpp.read_barcodes(g))
        ours = median_ms(lambda f=frame: decode_frame(f))
        codes, _ = decode_frame(frame)
        expected = 0 if text is None else 1
        assert len(codes) == expected, f"{name}: found {len(codes)} codes"
        ratio = ours / bare
        worst = max(worst, ratio)
        kinds = ",".join(code.payload.kind for code in codes) or "-"
        print(f"{name:<6} {bare:>12.2f} ms {ours:>7.2f} ms {ratio:>7.2f}  {kinds}")
    print(f"worst ratio: {worst:.2f} (must be <= 1.3)")
    fps, fed, decoded = camera_fps(frames)
    print(
        f"camera path: {fps:.1f} frames decoded per second "
        f"({decoded} decoded of {fed} offered in {FPS_SECONDS:.0f} s; the rest dropped) "
        "(must be >= 30)"
    )
    return 0 if worst <= 1.3 and fps >= 30 else 1


if __name__ == "__main__":
    sys.exit(main())
