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

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import i18n
from kiosk.sync.helpdesk import FreeSlot
from kiosk.ui.steps import summary as summary_step
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import FakeBooking, current_screen, flow_of
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


def test_free_times_are_named_with_their_day(make_kiosk: Any, qtbot: Any, monkeypatch: Any) -> None:
    """(6) The time buttons said "14:00" without their day: named "<day>, 14:00", the day in
    the resident's language and the time in the location's zone."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from kiosk.sync.helpdesk import FreeSlot
    from tests.ui.flows.helpdesk.test_appointment_step import make_step

    kiosk = make_kiosk(default_language="en")
    monkeypatch.setattr(i18n, "_zone", ZoneInfo("Europe/Brussels"))
    widget = make_step(qtbot, kiosk, None)
    start = datetime(2026, 12, 8, 13, 0, tzinfo=UTC)  # 14:00 in Brussels (CET)
    slots = [
        FreeSlot(f"s{i}", "help", start + timedelta(days=i), start + timedelta(days=i, minutes=30))
        for i in range(2)
    ]
    widget.show_slots(slots)
    days = [label.text() for label, _day in widget.day_labels]
    names = [widget.slot_buttons[slot.id].accessibleName() for slot in slots]
    assert [widget.slot_buttons[slot.id].text() for slot in slots] == ["14:00", "14:00"]
    assert names == [f"{days[0]}, 14:00", f"{days[1]}, 14:00"]
    assert "Tuesday" in names[0]
    assert "8 December" in names[0]


def test_a_phone_number_that_is_not_one_is_refused_at_the_kiosk(
    make_kiosk: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """(6) "abc" in the phone field went to the hub, which refused the booking: now the field
    says why at once (translated, announced, in its description), and nothing is sent."""
    from kiosk.ui.steps import appointment
    from tests.ui.flows.helpdesk.test_appointment_step import make_step

    said: list[tuple[QWidget, str]] = []
    monkeypatch.setattr(appointment, "announce", lambda widget, text: said.append((widget, text)))
    kiosk = make_kiosk(default_language="en")
    start = datetime(2026, 12, 8, 13, 0, tzinfo=UTC)
    # records what reaches the hub (nothing should, for "abc"), answers at once, never books
    slot = FreeSlot("s1", "help", start, start + timedelta(minutes=30))
    booking = FakeBooking([slot], later=False)
    widget = make_step(qtbot, kiosk, booking)
    qtbot.waitUntil(lambda: bool(widget.slot_buttons))
    widget.slot_buttons["s1"].click()
    widget.first_name.setText("Mina")
    widget.phone.setText("abc")
    widget.book_button.click()
    assert booking.booked == []
    message = "Type a phone number, for example 0470 12 34 56."
    assert widget.details_error.text() == message
    assert widget.phone.accessibleDescription() == message
    assert widget.window().focusWidget() is widget.phone
    assert said == [(widget.phone, message)]
    widget.phone.setText("0470 12 34 56")  # a real number goes through, as typed
    widget.book_button.click()
    assert booking.booked == [("s1", "Mina", "0470 12 34 56")]
    assert widget.phone.accessibleDescription() == ""


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "contrast"])
def test_a_focused_button_changes_its_ring_only(
    a11y_kiosk: Any, qtbot: Any, high_contrast: bool
) -> None:
    """(6) A focused button showed a grey box behind its text in high contrast (the style's
    own focus rectangle, under the ring): inside the ring it looks as it does unfocused."""
    kiosk = a11y_kiosk(high_contrast=high_contrast)
    window = kiosk.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is window.windowHandle())
    button = window.header.help_button
    press(kiosk, qtbot, Qt.Key.Key_Tab)  # the focus moved by keys, as Qt then draws it
    before = button.grab().toImage()
    for _ in range(10):
        if button.hasFocus():
            break
        press(kiosk, qtbot, Qt.Key.Key_Tab)
    assert button.hasFocus()
    after = button.grab().toImage()
    inner = button.rect().adjusted(10, 10, -10, -10)  # inside the 6 px ring and its margin
    changed = [
        (x, y)
        for y in range(inner.top(), inner.bottom() + 1)
        for x in range(inner.left(), inner.right() + 1)
        if before.pixel(x, y) != after.pixel(x, y)
    ]
    assert not changed, f"{len(changed)} pixels changed inside the ring, first {changed[:3]}"


def test_the_scroll_bars_of_the_qr_result_and_the_step_are_named(
    make_kiosk: Any, qtbot: Any
) -> None:
    """(6) The QR result's scroll bar had no name; the step's was named "Step 2 of 6", the
    very words of the label beside it (read twice). Both say what they scroll."""
    from kiosk.i18n import _

    kiosk = make_kiosk()
    put_file(with_reader(kiosk), "wifi.png", "WIFI:T:WPA;S:Bibliotheek Gast;P:lezen2025;;")
    screen, widget = to_scan_step(kiosk, qtbot)
    pick(qtbot, widget, "wifi.png")
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)
    scroll = _("Scroll: {what}")
    result_bar = widget.result._scroll.verticalScrollBar()
    assert result_bar.accessibleName() == scroll.format(what=_("What the code says"))
    step_bar = screen.scroll_area.verticalScrollBar()
    assert step_bar.accessibleName() == scroll.format(what=screen.step_label.text())


def test_a_redraw_does_not_announce_the_ean_error_again(
    make_kiosk: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """(6) The first EAN error was announced twice, about a second apart, with no key
    pressed: a redraw of the screen (`retranslate_ui`, as when the location's settings or a
    language arrive) said the shown error again. Now the redraw only re-renders it."""
    from kiosk.ui.steps import input as input_step

    said: list[str] = []
    monkeypatch.setattr(input_step, "announce", lambda _widget, text: said.append(text))
    kiosk = make_kiosk()
    flow = flow_of(kiosk)
    guide = flow.load_guide("meter-reading")
    assert guide is not None
    screen = flow.start_guide(guide)
    screen.run.follow(("start", "ready", "meter-type", "read-digital", "ask-ean"), {})
    screen.show_step()
    step = screen.step_widget
    step.edit.setText("541448")
    step.show_error(force=True)  # Enter: said once
    assert len(said) == 1
    shown = step.error_text
    screen.retranslate_ui()  # the whole guide screen redrawn
    step.retranslate_ui()
    assert len(said) == 1, said
    assert step.error_text == shown  # still shown, and in the field's description
    assert shown in step.edit.accessibleDescription()


def test_only_the_focused_control_says_it_is_focused(make_kiosk: Any, qtbot: Any) -> None:
    """(6) The list of scans kept its chosen item "focused" for a screen reader while the
    focus was on "Read this file", and after the list was hidden: two focused nodes."""
    from PySide6.QtGui import QAccessible

    kiosk = make_kiosk()
    kiosk.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is kiosk.window.windowHandle())
    scans = with_reader(kiosk)
    put_file(scans, "letter.png", "Afspraak dinsdag 10 uur")
    _screen, widget = to_scan_step(kiosk, qtbot)
    files = widget.scanner.file_list
    files.setFocus(Qt.FocusReason.TabFocusReason)
    files.setCurrentRow(0)
    face = QAccessible.queryAccessibleInterface(files)

    def focused_items() -> list[str]:
        return [
            face.child(i).text(QAccessible.Text.Name)
            for i in range(face.childCount())
            if face.child(i).state().focused
        ]

    assert focused_items()  # the chosen file, while the list has the focus
    widget.scanner.pick_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: focused_items() == [])
    qtbot.keyClick(widget.scanner.pick_button, Qt.Key.Key_Space)  # "Read this file"
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)
    qtbot.wait(50)  # nothing brings it back
    assert focused_items() == []
