"""A resident without a mouse completes the meter-reading guide with the keyboard alone.

Every key goes to the kiosk's window (`windowHandle()`), as a real keyboard's does, so the
window's filters (idle watcher, key guard, Enter-activates) see it. The test only presses Tab,
Shift+Tab, Space, Enter and types digits: it never clicks and never sets the focus itself. At
every step it checks that the focus is on a control the resident can see, that Tab reaches what
the step needs, and that a new step puts the focus where the resident acts first.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.domain.records import RunEnd
from kiosk.ui.shell.main_window import HOME
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import current_screen, flow_of, stored_runs

pytestmark = PLATFORM_NOISE

GOOD_EAN = "541448820000000008"
#: More Tab presses than any screen has stops: reaching a control takes fewer, or it is a trap.
MAX_TABS = 40


class Keyboard:
    """Keys sent to the kiosk window, the way a USB keyboard delivers them."""

    def __init__(self, qtbot, kiosk) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.kiosk = kiosk

    @property
    def focus(self) -> QWidget | None:
        return QApplication.focusWidget()

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        self.qtbot.keyClick(self.kiosk.window.windowHandle(), key, modifier)

    def type(self, text: str) -> None:
        for char in text:
            self.qtbot.keyClick(self.kiosk.window.windowHandle(), char)

    def tab_to(self, target: QWidget, *, backwards: bool = False) -> int:
        """Press Tab (or Shift+Tab) until `target` has the focus; the number of presses."""
        modifier = (
            Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
        )
        for presses in range(MAX_TABS + 1):
            if self.focus is target:
                return presses
            self.press(Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab, modifier)
        pytest.fail(f"Tab never reached {target!r}; the focus is on {self.focus!r}")

    def activate(self, target: QAbstractButton, key: Qt.Key = Qt.Key.Key_Return) -> None:
        """Tab to a button and press it with `key` (Enter or Space); returns once it clicked."""
        self.tab_to(target)
        assert target.isVisible()
        assert target.isEnabled()
        with self.qtbot.waitSignal(target.clicked, timeout=2000):
            self.press(key)


def test_meter_reading_with_the_keyboard_alone(make_kiosk, qtbot, proxy_requests) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    kiosk.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is kiosk.window.windowHandle())
    keys = Keyboard(qtbot, kiosk)
    recorded: list[object] = []
    flow_of(kiosk).run_recorded.connect(recorded.append)

    # Home: Tab reaches the tile, Enter opens it.
    keys.activate(kiosk.home.tile_button("meter-reading"))
    qtbot.waitUntil(lambda: kiosk.window.current_screen_name == "guide")
    screen = current_screen(kiosk)
    assert screen.on_intro
    keys.activate(screen.next_button)  # "Start"
    assert screen.run.current.id == "start"

    def on_step(step_id: str) -> None:
        qtbot.waitUntil(lambda: screen.run.current.id == step_id)
        focus = keys.focus
        assert focus is not None, f"no focus on step {step_id}"
        assert focus.isVisible(), f"the focus is on a hidden widget on step {step_id}"
        assert focus.window() is kiosk.window

    on_step("start")
    keys.activate(screen.next_button)

    # Checklist: Space ticks each box; Next comes after the boxes in the Tab order.
    on_step("ready")
    boxes = screen.step_widget.boxes
    assert keys.focus is boxes[0]  # a new step starts where the resident acts
    for box in boxes:
        keys.tab_to(box)
        keys.press(Qt.Key.Key_Space)
        assert box.isChecked()
    keys.activate(screen.next_button)

    # Choice: the options are buttons; Tab to the second, Space chooses it; Back with Enter.
    on_step("meter-type")
    options = screen.step_widget.buttons
    assert keys.focus is options[0]
    keys.activate(options[1], Qt.Key.Key_Space)
    on_step("read-analogue")
    keys.activate(screen.back_button)
    on_step("meter-type")
    keys.activate(screen.step_widget.buttons[0])
    on_step("read-digital")
    keys.activate(screen.next_button)

    # Input: the field has the focus at once; typing and Enter go on.
    on_step("ask-ean")
    field = screen.step_widget
    assert keys.focus is field.edit
    keys.type(GOOD_EAN)
    keys.press(Qt.Key.Key_Return)
    on_step("ask-reading")
    assert keys.focus is screen.step_widget.edit
    keys.type("12345")
    keys.press(Qt.Key.Key_Return)

    on_step("check")
    assert GOOD_EAN in screen.text.text()
    keys.activate(screen.next_button)

    # The website: Tab must not get stuck in the page; Next is reached backwards too.
    on_step("website")
    qtbot.waitUntil(lambda: screen.step_widget.browser.showing_offline_page, timeout=30_000)
    assert "www.fluvius.be:443" in proxy_requests
    keys.tab_to(screen.back_button)
    keys.tab_to(screen.next_button, backwards=True)
    keys.press(Qt.Key.Key_Return)

    # The site could not be reached (#23): the task ends "not done yet", never "done".
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.end)
    assert screen.end.heading.text() == "Not done yet"
    qtbot.waitUntil(lambda: bool(recorded), timeout=20_000)
    keys.activate(screen.end.leave)
    qtbot.waitUntil(lambda: kiosk.window.current_screen_name == HOME)

    runs = stored_runs(kiosk, qtbot)
    assert [run.ended for run in runs] == [RunEnd.NOT_DONE]
    assert runs[0].steps[:4] == ("start", "ready", "meter-type", "read-analogue")
