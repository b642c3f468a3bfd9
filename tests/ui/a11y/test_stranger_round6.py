"""What a stranger found with Orca's AT-SPI view and xdotool (#24, round 6), in the process.

Each test failed on the code before its fix (the AT-SPI walk checks the same on a real X server,
tests/e2e/real_clients/atspi_walk.py):
(2) "Show bigger" in the QR step's side panel put the big view's "Back" below the screen;
(3) "Print" with no printer said its result on screen only, to no screen reader;
(4) opening the language picker or the "Aa" overlay gave the first home tile behind it the focus
for a moment (Orca read the tile), and "Back to the start" gave it to the language button before
the first tile; closing an overlay did the same on the way back;
(5) after the window was re-created (the first web view, under X11) nothing had the focus, and
the first Tab went to the header.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.steps import summary as summary_step
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import current_screen, flow_of
from tests.ui.flows.guides.test_qr_step import pick, put_file, to_scan_step, with_reader

pytestmark = PLATFORM_NOISE

GOOD_EAN = "541448820000000008"


class FocusLog:
    """Every widget that got the focus, in order (what AT-SPI turns into focus events)."""

    def __init__(self) -> None:
        self.got: list[QWidget] = []
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_changed)

    def _on_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            self.got.append(new)

    def stop(self) -> list[QWidget]:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.disconnect(self._on_changed)
        return self.got


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)], ids=["1366x768", "1280x720"])
def test_show_bigger_keeps_back_on_screen_with_the_focus(
    make_kiosk: Any, qtbot: Any, size: tuple[int, int]
) -> None:
    kiosk = make_kiosk()
    kiosk.window.resize(*size)
    put_file(with_reader(kiosk), "wifi.png", "WIFI:T:WPA;S:Bibliotheek Gast;P:lezen2025;;")
    _screen, widget = to_scan_step(kiosk, qtbot)
    pick(qtbot, widget, "wifi.png")
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)
    result = widget.result
    bigger = result.bigger_buttons[0]
    bigger.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(bigger, Qt.Key.Key_Space)
    back = result._big_back
    qtbot.waitUntil(lambda: kiosk.window.focusWidget() is back)
    qtbot.wait(50)  # the code is fitted once more when laid out
    # all of Back shows: not below the window, not clipped by the side panel that scrolls
    top = back.mapTo(kiosk.window, QPoint(0, 0)).y()
    assert top + back.height() <= kiosk.window.height()
    assert back.visibleRegion().boundingRect() == back.rect()
    assert widget.panel.verticalScrollBar().value() == 0


def test_print_without_a_printer_is_announced(
    make_kiosk: Any, qtbot: Any, monkeypatch: Any
) -> None:
    said: list[tuple[QWidget, str]] = []
    monkeypatch.setattr(summary_step, "announce", lambda widget, text: said.append((widget, text)))
    kiosk = make_kiosk()
    flow = flow_of(kiosk)
    guide = flow.load_guide("meter-reading")
    assert guide is not None
    screen = flow.start_guide(guide)
    path = ("start", "ready", "meter-type", "read-digital", "ask-ean", "ask-reading", "check")
    screen.run.follow((*path, "website", "proof"), {"ean": GOOD_EAN, "reading": 12345})
    screen.show_step()
    proof = screen.step_widget
    proof.print_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(proof.print_button, Qt.Key.Key_Space)
    assert proof.last_print is not None
    assert proof.last_print.pdf is not None  # no printer here: a PDF for a volunteer
    assert said == [(proof.print_status, proof.print_status.text())]
    assert "printer" in said[0][1].lower()


def press(kiosk: Any, qtbot: Any, key: Qt.Key) -> None:
    """A key to the kiosk's window, as a USB keyboard sends it (its filters see it)."""
    qtbot.keyClick(kiosk.window.windowHandle(), key)


def names(widgets: list[QWidget]) -> list[str]:
    return [w.accessibleName() or w.objectName() or type(w).__name__ for w in widgets]


@pytest.mark.parametrize("which", ["language", "display"])
def test_opening_an_overlay_focuses_inside_it_at_once(
    make_kiosk: Any, qtbot: Any, which: str
) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    opener = window.header.language_button if which == "language" else window.header.display_button
    window.activateWindow()
    press(kiosk, qtbot, Qt.Key.Key_Tab)
    while QApplication.focusWidget() is not opener:
        press(kiosk, qtbot, Qt.Key.Key_Tab)
    log = FocusLog()
    press(kiosk, qtbot, Qt.Key.Key_Return)
    overlay = window.language_overlay if which == "language" else window.display_overlay
    qtbot.waitUntil(lambda: overlay.is_open and overlay.isAncestorOf(QApplication.focusWidget()))
    got = log.stop()
    assert got, "nothing got the focus"
    assert all(overlay.isAncestorOf(widget) for widget in got), names(got)
    # and back: Escape gives the focus to the opener, and to nothing else on the way
    log = FocusLog()
    press(kiosk, qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not overlay.is_open)
    got = log.stop()
    assert got == [opener], names(got)


def test_back_to_the_start_focuses_the_first_tile_and_nothing_before(
    make_kiosk: Any, qtbot: Any
) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    window.activateWindow()
    tile = kiosk.home.first_tile()
    assert tile is not None
    while QApplication.focusWidget() is not tile:
        press(kiosk, qtbot, Qt.Key.Key_Tab)
    press(kiosk, qtbot, Qt.Key.Key_Return)  # a keyboard user opens the guide
    qtbot.waitUntil(lambda: flow_of(kiosk).screen is not None)
    screen = current_screen(kiosk)
    screen.hand_off()  # to the end page: "Back to the start" has the focus
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.end.leave)
    log = FocusLog()
    press(kiosk, qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_screen_name == "home")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    got = log.stop()
    assert got == [kiosk.home.first_tile()], names(got)
