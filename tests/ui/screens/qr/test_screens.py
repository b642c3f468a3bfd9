"""The scan screen without a camera (pick a file), and the result screen; screenshots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.qr_payload import interpret
from kiosk.i18n import set_language
from kiosk.qr.decode import DecodedCode, read_qimage
from kiosk.qr.scan import ScanSources
from kiosk.ui.screens.qr_result import QrResultScreen
from kiosk.ui.screens.qr_scan import QrScanScreen
from kiosk.ui.shell.theme import Theme
from tests.support.screens import screens_dir
from tests.ui.screens.qr.frames import FLUVIUS_TEXT, code_image


def code(text: str) -> DecodedCode:
    return DecodedCode("QRCode", text, interpret(text), text.encode())


def test_without_camera_the_screen_offers_scans_and_usb_files_only(
    qtbot: QtBot, tmp_path: Path
) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    usb_root = tmp_path / "media"
    (usb_root / "STICK").mkdir(parents=True)
    code_image("https://www.kbc.be/").save(str(scans / "letter.png"))
    (scans / "notes.txt").write_text("not offered", encoding="utf-8")
    outside = tmp_path / "elsewhere.png"
    code_image("https://example.org/").save(str(outside))
    os.symlink(outside, scans / "link.png")  # points out of the scan folder: not offered
    sources = ScanSources(decoder=None, scans=scans, usb_roots=(usb_root,))
    screen = QrScanScreen(Theme.create(), sources)
    qtbot.addWidget(screen)
    screen.show()
    assert not screen.has_camera
    assert screen.pick_button.text() == "Pick a scan or photo"
    screen.pick_button.click()
    names = [screen.file_list.item(i).text().split()[0] for i in range(screen.file_list.count())]
    assert names == ["letter.png"]
    with qtbot.waitSignal(screen.codes_read, timeout=5000) as blocker:
        screen.pick_button.click()  # "Read this file"
    assert [c.payload.details["host"] for c in blocker.args[0]] == ["www.kbc.be"]


def test_a_file_outside_the_allowed_places_is_refused(tmp_path: Path) -> None:
    from kiosk.qr.errors import QrError

    outside = tmp_path / "secret.png"
    code_image("x").save(str(outside))
    sources = ScanSources(decoder=None, scans=tmp_path / "scans", usb_roots=())
    with pytest.raises(QrError, match="only scans and USB sticks"):
        sources.read_file(outside)


def test_result_screen_warnings_and_url_gate(qtbot: QtBot) -> None:
    allowed: list[str] = []
    screen = QrResultScreen(
        Theme.create(),
        [code("http://bank.be@192.168.0.9/"), code("https://www.kbc.be/login")],
        url_allowed=lambda host: allowed.append(host) is None and host == "www.kbc.be",
    )
    qtbot.addWidget(screen)
    names = [label.property("warning_name") for label in screen.warning_labels]
    assert names == ["userinfo_in_url", "ip_host", "not_https"]
    assert "Do not open it" in screen.warning_labels[0].text()
    assert len(screen.open_buttons) == 1  # only the allowed host gets a button
    with qtbot.waitSignal(screen.open_url_requested) as blocker:
        screen.open_buttons[0].click()
    assert blocker.args == ["https://www.kbc.be/login"]


def test_show_bigger_redraws_the_same_code(qtbot: QtBot) -> None:
    raw = FLUVIUS_TEXT.replace("Fluvius System Operator", "Société Générale").encode("iso8859-1")
    raw = raw.replace(b"\n002\n1\n", b"\n002\n2\n")
    item = DecodedCode("QRCode", raw.decode("iso8859-1"), interpret(raw.decode("iso8859-1")), raw)
    screen = QrResultScreen(Theme.create(), [item])
    qtbot.addWidget(screen)
    screen.bigger_buttons[0].click()
    assert screen.showing_big_code
    image = screen.big_code.pixmap().toImage()
    assert image.width() >= 400
    assert [c.payload.details["name"] for c in read_qimage(image)] == ["Société Générale"]


SAMPLES = {
    "payment": FLUVIUS_TEXT,
    "suspicious-url": "http://kbc.be.secure-login.com/verify",
    "wifi": "WIFI:T:WPA;S:Bibliotheek Gast;P:lezen2025;;",
}


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_screenshots(qtbot: QtBot, tmp_path: Path, language: str, sample: str) -> None:
    """The result screen of each sample, saved to KIOSK_TEST_SCREENS (docs/screens to refresh
    the docs) when set, else to the test's own folder."""
    screens = screens_dir(tmp_path)
    assert screens is not None
    set_language(language)
    try:
        theme = Theme.create()
        root = QWidget()
        root.setObjectName("KioskRoot")
        root.setStyleSheet(theme.stylesheet())
        screen = QrResultScreen(
            theme, [code(SAMPLES[sample])], url_allowed=lambda host: True, parent=root
        )
        qtbot.addWidget(root)
        root.resize(1280, 800)
        screen.resize(1280, 800)
        root.show()
        qtbot.waitExposed(root)
        assert screen.summary_labels[0].text()
        assert screen.grab().save(str(screens / f"qr-{sample}-{language}.png"))
    finally:
        set_language("en")
