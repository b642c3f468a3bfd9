"""#23 "Truthful guides", what a resident sees: a greyed Next says why, "Start over" asks first
during a task, a late tap on the self-closing "Everything has been wiped" opens nothing, and a
code with a warning is never offered for scanning, nor called fine, when shown bigger.

Each test names the sentence of the issue's "What was seen" it covers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.domain.records import RunEnd
from kiosk.qr.decode import read_qimage
from kiosk.ui.shell.main_window import HOME
from kiosk.ui.steps.qr_scan import QrScanStepWidget
from tests.support.screens import screens_dir
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import click, current_screen, flow_of, stored_runs
from tests.ui.flows.guides.test_qr_step import pick, put_file, to_scan_step, with_reader

pytestmark = PLATFORM_NOISE

PHISHING = "http://bank.be@192.168.0.9/"
SHOTS = Path("/work/notes/shots/23")


def _shot(widget: QWidget, name: str) -> None:
    """Into KIOSK_TEST_SCREENS (docs/screens) when set, and the issue's shots folder if any."""
    if folder := screens_dir():
        widget.grab().save(str(folder / name))
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / name))


def _tap(qtbot, kiosk, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """A tap through the window, as a finger's comes (it lands on whatever is on top)."""
    centre = widget.mapTo(kiosk.window, widget.rect().center())
    qtbot.mouseClick(kiosk.window.windowHandle(), Qt.MouseButton.LeftButton, pos=centre)


def test_a_greyed_next_says_what_is_missing_when_tapped(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """ "a greyed "Next" gives no reason when tapped" """
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    click(qtbot, kiosk.home.tile_button("meter-reading"))
    screen = current_screen(kiosk)
    click(qtbot, screen.next_button)  # the scope limit
    click(qtbot, screen.next_button)  # start -> the checklist
    assert screen.run.current.id == "ready"
    assert not screen.next_button.isEnabled()
    assert screen.next_hint.isHidden()
    # Assistive technology reads the reason with the greyed button.
    assert screen.next_button.accessibleDescription() == "Tick every box on this page first."
    _tap(qtbot, kiosk, screen.next_button)
    assert screen.next_hint.isVisible()
    assert screen.next_hint.text() == "Tick every box on this page first."
    assert screen.run.current.id == "ready"
    # the hint sits beside Next, not over it, and inside the window
    hint = screen.next_hint.geometry()
    assert not hint.intersects(screen.next_button.geometry())
    _shot(kiosk.window, "greyed-next-says-why.png")
    for box in screen.step_widget.boxes:
        box.click()
    assert screen.next_button.isEnabled()
    assert screen.next_hint.isHidden()
    assert screen.next_button.accessibleDescription() == ""


def test_a_typed_answer_that_is_not_valid_is_the_reason(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    flow = flow_of(kiosk)
    guide = flow.load_guide("meter-reading")
    assert guide is not None
    screen = flow.start_guide(guide)
    screen.run.follow(("start", "ready", "meter-type", "read-digital", "ask-ean"), {})
    screen.show_step()
    assert screen.run.current.id == "ask-ean"
    _tap(qtbot, kiosk, screen.next_button)
    assert screen.next_hint.text() == "Type your answer in the box first."
    qtbot.keyClicks(screen.step_widget.edit, "541448820000000009")
    _tap(qtbot, kiosk, screen.next_button)
    assert "EAN code is not correct" in screen.next_hint.text()


def test_start_over_during_a_guide_asks_first(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """ ""Start over" wipes a guide in progress without asking" """
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    kiosk.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is kiosk.window.windowHandle())
    click(qtbot, kiosk.home.tile_button("meter-reading"))
    screen = current_screen(kiosk)
    click(qtbot, screen.next_button)
    click(qtbot, screen.next_button)
    screen.step_widget.boxes[0].click()  # something done in this task
    click(qtbot, kiosk.window.header.start_over_button)
    question = kiosk.window.start_over_question
    assert question.is_open
    assert kiosk.resets == []
    assert question.title.text() == "Start over?"
    assert QApplication.focusWidget() is question.go_on  # the safe answer first
    _shot(kiosk.window, "start-over-question.png")
    click(qtbot, question.go_on)
    assert not question.is_open
    assert kiosk.resets == []
    assert current_screen(kiosk) is screen
    assert screen.step_widget.boxes[0].isChecked()

    click(qtbot, kiosk.window.header.start_over_button)
    click(qtbot, question.yes)
    assert len(kiosk.resets) == 1
    assert kiosk.window.current_screen_name == HOME
    runs = stored_runs(kiosk, qtbot)
    assert [run.ended for run in runs] == [RunEnd.ABANDONED]


def test_a_reset_while_the_start_over_question_is_open(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The kiosk survives a reset at any moment, also inside the new question."""
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    click(qtbot, kiosk.home.tile_button("meter-reading"))
    click(qtbot, kiosk.window.header.start_over_button)
    question = kiosk.window.start_over_question
    assert question.is_open
    kiosk.start_over("idle")
    assert not question.is_open
    assert kiosk.window.current_screen_name == HOME
    assert not flow_of(kiosk).in_progress
    # at home, Start over wipes at once (nothing to lose)
    kiosk.window.receipt.close_overlay()
    kiosk.window.header.start_over_button.click()
    assert not question.is_open
    assert len(kiosk.resets) == 2


def test_a_late_tap_on_the_self_closing_receipt_opens_nothing(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """ "a late tap on the self-closing "Everything is wiped" notice opened the tile
    underneath" """
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    opened: list[str] = []
    kiosk.home.guide_chosen.connect(opened.append)
    kiosk.start_over("idle")
    receipt = kiosk.window.receipt
    assert receipt.is_open
    tile = kiosk.home.tile_button("meter-reading")
    receipt._timer.timeout.emit()  # it closes by itself, as the resident reaches for OK
    assert not receipt.is_open
    qtbot.wait(700)  # later than the other overlays' half second
    _tap(qtbot, kiosk, tile)
    assert opened == []
    qtbot.wait(1000)
    _tap(qtbot, kiosk, tile)
    qtbot.waitUntil(lambda: opened == ["meter-reading"])


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)], ids=["1366x768", "1280x720"])
def test_show_bigger_of_a_code_with_a_warning(make_kiosk, qtbot, size) -> None:  # type: ignore[no-untyped-def]
    """ "After a phishing warning, "Show bigger" shows the phishing link as a big QR titled
    "Scan this code with your phone", and the green "✔ the code is read… Next" stays beside
    the red warning; the enlarged code never fits on 1366×768." """
    kiosk = make_kiosk()
    kiosk.window.resize(*size)
    kiosk.window.apply_language("en")
    scans = with_reader(kiosk)
    put_file(scans, "letter.png", PHISHING)
    _screen, widget = to_scan_step(kiosk, qtbot)
    assert isinstance(widget, QrScanStepWidget)
    pick(qtbot, widget, "letter.png")
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)
    result = widget.result
    assert result.warning_labels
    assert widget.warned
    assert "✔" not in widget.status.text()
    assert "Press Next" not in widget.status.text()
    assert "warning" in widget.status.text()

    click(qtbot, result.bigger_buttons[0])
    assert result.showing_big_code
    qtbot.wait(50)
    assert result.big_warning.isVisible()
    assert "This link hides where it really goes" in result.big_warning.text()
    assert "Do not open it" in result.big_warning.accessibleName()
    assert "Scan this code" not in result.big_hint_text
    assert "Do not scan it" in result.big_hint_text
    _shot(kiosk.window, f"qr-warning-enlarged-{size[0]}x{size[1]}.png")
    # the whole code is on screen, inside the window, and still reads as the same code
    window = kiosk.window.rect()
    code = result.big_code
    pixmap = code.pixmap()
    assert pixmap.width() >= 120
    top_left = code.mapTo(kiosk.window, QPoint(0, 0))
    drawn_left = top_left.x() + (code.width() - pixmap.width()) // 2
    drawn_top = top_left.y() + (code.height() - pixmap.height()) // 2
    assert code.height() >= pixmap.height()
    assert drawn_top >= 0
    assert drawn_top + pixmap.height() <= window.height()
    assert drawn_left >= 0
    assert drawn_left + pixmap.width() <= window.width()
    back = result._big_back
    assert back.isVisible()
    # nothing of the code or of Back is clipped by the scrolling side panel
    assert code.visibleRegion().boundingRect() == code.rect()
    assert back.visibleRegion().boundingRect() == back.rect()
    assert result.big_warning.visibleRegion().boundingRect() == result.big_warning.rect()
    assert [c.text for c in read_qimage(pixmap.toImage())] == [PHISHING]


def test_show_bigger_of_a_safe_code_invites_scanning(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    put_file(with_reader(kiosk), "wifi.png", "WIFI:T:WPA;S:Bibliotheek Gast;P:lezen2025;;")
    _screen, widget = to_scan_step(kiosk, qtbot)
    pick(qtbot, widget, "wifi.png")
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)
    assert not widget.warned
    assert widget.status.text().startswith("✔")
    click(qtbot, widget.result.bigger_buttons[0])
    assert widget.result.big_hint_text == "Scan this code with your phone"
    assert widget.result.big_warning.isHidden()
