"""What a stranger found with Orca's AT-SPI view and xdotool (#24, round 5), in the process.

Each test failed on the code before its fix:
(1) "Show bigger" on a QR result left the focus on a hidden control, and the big code had no
name; (2) the EAN field announced its error after every digit; (3) a closed combo box's items
said "focused" and "visible"; (4) "Stop this task" left no focus; (5) the home screen kept its
scroll position across a reset; (6) the first Tab after the window was activated skipped the
language button; (7) the volunteer panel started on the admin button and read it before the
names; (8) the picture behind an overlay showed the screen as it was when it opened; (9) texts
were read twice (tiles, wrapped buttons, check-box items, the step counter, the picture's
description); and the home scroll bar was 28 px wide.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAccessible, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.domain.location import Volunteer
from kiosk.i18n import _
from kiosk.ui.screens.session_form import SessionForm
from kiosk.ui.screens.volunteer import VolunteerPanel
from kiosk.ui.steps import input as input_step
from kiosk.ui.widgets.quiet_combo import QuietComboBox
from kiosk.ui.widgets.wrap_button import WrapButton
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import click, current_screen, flow_of
from tests.ui.flows.guides.test_qr_step import put_file, to_scan_step, with_reader

pytestmark = PLATFORM_NOISE


def _names(widget: QWidget) -> list[str]:
    """The accessible names of `widget`'s children, in the order a screen reader gets them."""
    face = QAccessible.queryAccessibleInterface(widget)
    return [face.child(i).text(QAccessible.Text.Name) for i in range(face.childCount())]


def test_show_bigger_moves_the_focus_to_a_shown_back_and_names_the_code(
    make_kiosk: Any, qtbot: Any
) -> None:
    kiosk = make_kiosk()
    scans = with_reader(kiosk)
    put_file(scans, "letter.png", "Afspraak dinsdag 10 uur")
    _screen, widget = to_scan_step(kiosk, qtbot)
    files = widget.scanner.file_list
    files.setCurrentRow(0)
    click(qtbot, widget.scanner.pick_button)
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)
    result = widget.result
    bigger = result.bigger_buttons[0]
    bigger.setFocus(Qt.FocusReason.TabFocusReason)
    bigger.click()
    focused = kiosk.window.focusWidget()
    assert focused is result._big_back
    assert focused.isVisible()
    prefix = _("QR code: {what}").format(what="")
    assert result.big_code.accessibleName().startswith(prefix)
    assert "Afspraak dinsdag 10 uur" in result.big_code.accessibleName()
    focused.click()  # back to the cards: the focus returns to "Show bigger"
    assert kiosk.window.focusWidget() is bigger


def test_the_ean_error_is_announced_once_per_reason(
    make_kiosk: Any, qtbot: Any, monkeypatch: Any
) -> None:
    said: list[str] = []
    monkeypatch.setattr(input_step, "announce", lambda _widget, text: said.append(text))
    kiosk = make_kiosk()
    flow_of(kiosk).start("meter-reading")
    screen = current_screen(kiosk)
    screen.next_button.click()
    screen.next_button.click()
    for box in screen.step_widget.boxes:
        box.setChecked(True)
    screen.next_button.click()
    screen.step_widget.buttons[0].click()
    screen.next_button.click()
    qtbot.waitUntil(lambda: screen.run.current.id == "ask-ean")
    step = screen.step_widget
    step.edit.setText("54")
    step.show_error(force=True)  # Enter: the reason is said
    assert len(said) == 1
    for digits in range(3, 18):  # every digit changes the count shown, not the reason
        step.edit.setText("54" + "1" * (digits - 2))
    assert len(said) == 1, said
    assert step.error_text  # the text under the field still follows the typing
    step.edit.setText("541448820000000009")  # all 18: now the check digit is the reason
    assert len(said) == 2, said
    step.show_error(force=True)  # Enter again: said again, on purpose
    assert len(said) == 3


def test_a_closed_combo_box_has_no_focused_or_visible_item(qtbot: Any) -> None:
    form = SessionForm(["nl", "fr", "en"])
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    combo = form.language
    assert isinstance(combo, QuietComboBox)
    combo.setCurrentIndex(2)
    form.hide()
    face = QAccessible.queryAccessibleInterface(combo)
    items = face.child(0)
    for index in range(items.childCount()):
        state = items.child(index).state()
        assert not state.focused
        assert state.invisible


def test_stop_this_task_puts_a_keyboard_user_on_the_first_tile(make_kiosk: Any, qtbot: Any) -> None:
    kiosk = make_kiosk()
    kiosk.keyboard.active = True  # the last input was a key
    flow_of(kiosk).start("meter-reading")
    screen = current_screen(kiosk)
    screen.stop_button.click()
    qtbot.waitUntil(lambda: kiosk.window.current_screen_name == "home")
    assert kiosk.window.focusWidget() is kiosk.home.first_tile()
    kiosk.keyboard.active = False  # a touch user: no focus ring appears anywhere
    flow_of(kiosk).start("meter-reading")
    current_screen(kiosk).stop_button.click()
    qtbot.waitUntil(lambda: kiosk.window.current_screen_name == "home")
    assert kiosk.window.focusWidget() is None


def test_a_reset_scrolls_the_home_screen_back_to_its_top(make_kiosk: Any, qtbot: Any) -> None:
    kiosk = make_kiosk()
    kiosk.window.resize(900, 420)  # the tiles do not fit: the home screen scrolls
    bar = kiosk.home.scroll_bar
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    kiosk.start_over("test")
    assert bar.value() == 0


def test_the_home_scroll_bar_is_named_and_a_touch_target(make_kiosk: Any, qtbot: Any) -> None:
    kiosk = make_kiosk()
    kiosk.window.resize(900, 420)
    bar = kiosk.home.scroll_bar
    qtbot.waitUntil(lambda: bar.isVisible())
    assert bar.width() >= 48
    assert bar.accessibleName() == _("Scroll the tasks")
    assert bar.accessibleName() != kiosk.home._title.text()


def test_the_first_tab_after_the_window_is_activated_reaches_the_language_button(
    make_kiosk: Any, qtbot: Any
) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    window.show_home()
    assert window.focusWidget() is None
    # What Qt does when a window without a focus widget becomes active: it focuses the first
    # control itself, right after the activation event.
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    window.header.language_button.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
    qtbot.waitUntil(lambda: window.focusWidget() is None)
    QApplication.sendEvent(
        window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    )
    assert window.focusWidget() is window.header.language_button


def test_the_volunteer_panel_starts_on_the_first_name_and_reads_names_first(
    qtbot: Any,
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1366, 768)
    host.show()
    qtbot.waitExposed(host)
    panel = VolunteerPanel(host, ["nl", "en"])
    panel.show_who([Volunteer("v1", "An"), Volunteer("v2", "Bram")])
    assert host.focusWidget() is panel.who.buttons["v1"]
    content = panel.who.buttons["v1"].parentWidget()
    names = _names(content)
    assert names.index("An") < names.index("Bram") < names.index("Location admin")


def test_the_picture_behind_an_overlay_follows_the_aa_control(make_kiosk: Any, qtbot: Any) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    window.show_display()
    overlay = window.display_overlay
    page = window.stack.geometry().topLeft() + QPoint(4, 4)  # the home screen's background
    before = overlay._picture.toImage().pixelColor(page)
    overlay.high_contrast.click()  # high contrast: the page behind turns black
    qtbot.waitUntil(lambda: overlay._picture.toImage().pixelColor(page) != before)
    assert overlay._picture.toImage().pixelColor(page).lightness() < 40


def test_no_text_is_read_twice(make_kiosk: Any, qtbot: Any) -> None:
    kiosk = make_kiosk()
    tile = kiosk.home.first_tile()
    assert tile is not None
    assert _names(tile) == []  # its labels and icon only draw what the button says
    button = WrapButton()
    qtbot.addWidget(button)
    button.setText("Deze taak stoppen")
    assert _names(button) == []
    flow_of(kiosk).start("meter-reading")
    screen = current_screen(kiosk)
    screen.next_button.click()
    qtbot.waitUntil(lambda: screen.run.current.id == "start")
    picture = QAccessible.queryAccessibleInterface(screen.picture)
    assert picture.text(QAccessible.Text.Name)
    assert picture.text(QAccessible.Text.Description) != picture.text(QAccessible.Text.Name)
    counter = screen.step_label.text()
    assert screen.progress.accessibleName() == counter
    assert _names(screen.step_label.parentWidget()).count(counter) == 1  # the bar only
    screen.next_button.click()
    qtbot.waitUntil(lambda: screen.run.current.id == "ready")
    checklist = screen.step_widget
    for box, label in zip(checklist.boxes, checklist.labels, strict=True):
        assert _names(label.parentWidget()).count(box.accessibleName()) == 1  # the box only
