"""The camera path end to end: synthetic frames through a QVideoSink reach the result screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoSink
from pytestqt.qtbot import QtBot

from kiosk.qr.camera import FrameDecoder
from kiosk.qr.scan import ScanSources
from kiosk.ui.screens.qr_result import QrResultScreen
from kiosk.ui.screens.qr_scan import QrScanScreen
from kiosk.ui.shell.theme import Theme
from tests.ui.screens.qr.frames import FLUVIUS_TEXT, letter_frame


@pytest.fixture
def camera(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    sink = QVideoSink()
    decoder = FrameDecoder(sink, preview=True)
    sources = ScanSources(decoder=decoder, scans=tmp_path / "scans", usb_roots=())
    yield sink, decoder, sources
    decoder.stop()


def test_frames_reach_the_result_screen(qtbot: QtBot, camera) -> None:  # type: ignore[no-untyped-def]
    sink, decoder, sources = camera
    theme = Theme.create()
    scan = QrScanScreen(theme, sources)
    qtbot.addWidget(scan)
    scan.show()  # starts the decoder
    assert decoder.is_running()
    assert "20 cm" in scan.guidance.text()

    results: list[QrResultScreen] = []

    def show_result(codes: list) -> None:  # what the app's wiring does
        result = QrResultScreen(theme, codes)
        qtbot.addWidget(result)
        result.show()
        results.append(result)

    scan.codes_read.connect(show_result)
    for _ in range(3):  # frames without a code are decoded and dropped quietly
        with qtbot.waitSignal(decoder.frame_decoded, timeout=5000):
            sink.setVideoFrame(letter_frame(None))
    assert not results
    with qtbot.waitSignal(scan.codes_read, timeout=5000):
        sink.setVideoFrame(letter_frame(FLUVIUS_TEXT))
        qtbot.waitUntil(lambda: "Code found" in scan.status.text(), timeout=5000)
        assert not decoder.is_running()  # scanning stops at the first code
    assert scan.viewfinder.pixmap() is not None
    assert not scan.viewfinder.pixmap().isNull()
    assert len(results) == 1
    assert (
        results[0]
        .summary_labels[0]
        .text()
        .startswith("This is a payment request: pay €45.20 to Fluvius System Operator")  # en_GB
    )


@pytest.mark.parametrize(
    "image_format",
    [QImage.Format.Format_RGB32, QImage.Format.Format_Grayscale8, QImage.Format.Format_RGBA8888],
)
def test_frame_formats(qtbot: QtBot, camera, image_format: QImage.Format) -> None:  # type: ignore[no-untyped-def]
    sink, decoder, _sources = camera
    decoder.start()
    with qtbot.waitSignal(decoder.codes_found, timeout=5000) as blocker:
        sink.setVideoFrame(letter_frame("https://www.kbc.be/", image_format))
    assert [code.text for code in blocker.args[0]] == ["https://www.kbc.be/"]


def test_a_burst_of_frames_keeps_only_the_newest(qtbot: QtBot, camera) -> None:  # type: ignore[no-untyped-def]
    sink, decoder, _sources = camera
    frames = [letter_frame(f"https://example.org/{n}") for n in range(30)]
    decoder.start()
    seen: list[str] = []
    decoder.codes_found.connect(lambda codes: seen.extend(code.text for code in codes))
    for frame in frames:  # far faster than they can be decoded
        sink.setVideoFrame(frame)
    qtbot.waitUntil(lambda: "https://example.org/29" in seen, timeout=10000)
    assert decoder.frames_seen == 30
    assert decoder.frames_decoded < 30  # the rest were dropped, not queued
    assert decoder.frames_dropped == 30 - decoder.frames_decoded
