"""What a stranger found with AT-SPI and xdotool on the merged kiosk (#24, round 5), in the
process, with a booking service that answers at once (no hub): where the focus lands when a
step's page changes, and which outcomes are announced.

Each test failed on the code before its fix.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.i18n import _
from kiosk.sync.helpdesk import FreeSlot, Ticket
from kiosk.ui.steps import appointment as appointment_step
from kiosk.ui.steps.appointment import AppointmentStepWidget
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import FakeBooking, current_screen, flow_of

pytestmark = PLATFORM_NOISE

START = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)


def fake_booking(refuse: bool = False) -> FakeBooking:
    """Six free times; a booking answered on the next turn of the event loop, or refused."""
    slots = [
        FreeSlot(f"s{i}", "help", START + timedelta(minutes=30 * i), START + timedelta(hours=1))
        for i in range(6)
    ]
    ticket = Ticket("K7Q2", "help", "Help", START, START + timedelta(minutes=30), "Desk")
    return FakeBooking(slots, ticket, refuse=refuse)


def to_times(kiosk: Any, qtbot: Any, booking: FakeBooking) -> AppointmentStepWidget:
    kiosk.keyboard.active = True  # the resident uses the keyboard
    flow = flow_of(kiosk)
    flow.booking = booking
    flow.start("help-appointment")
    screen = current_screen(kiosk)
    for _turn in range(8):
        if screen.run.current.type == "appointment" and not screen.on_intro:
            break
        widget = screen.step_widget
        for box in getattr(widget, "boxes", []):
            box.setChecked(True)
        screen.next_button.click()
    step = screen.step_widget
    assert isinstance(step, AppointmentStepWidget)
    qtbot.waitUntil(lambda: bool(step.slot_buttons))
    QApplication.processEvents()
    return step


def _shown(widget: QWidget | None) -> bool:
    return widget is not None and widget.isVisible() and not widget.visibleRegion().isEmpty()


def test_choose_a_time_puts_the_focus_on_the_first_time_and_tabs_in_reading_order(
    make_kiosk: Any, qtbot: Any
) -> None:
    kiosk = make_kiosk()
    step = to_times(kiosk, qtbot, fake_booking())
    window = kiosk.window
    focused = window.focusWidget()
    first = step.slot_buttons["s0"]
    assert focused is first, focused
    assert _shown(focused)
    # Tab goes through the times first, in order, then on to the bottom buttons
    for slot in ("s1", "s2", "s3", "s4", "s5"):
        window.focusNextChild()
        assert window.focusWidget() is step.slot_buttons[slot]
    window.focusNextChild()
    assert window.focusWidget() is current_screen(kiosk).back_button
    # "Other time" comes back to the time chosen
    step.slot_buttons["s2"].click()
    assert window.focusWidget() is step.first_name
    step.back_to_times.click()
    assert window.focusWidget() is step.slot_buttons["s2"]


def test_a_step_never_puts_the_focus_on_a_hidden_control(make_kiosk: Any, qtbot: Any) -> None:
    kiosk = make_kiosk()
    step = to_times(kiosk, qtbot, fake_booking())
    screen = current_screen(kiosk)
    screen._place_focus()  # the generic guard, with every page of the step built
    assert _shown(kiosk.window.focusWidget())
    assert kiosk.window.focusWidget() is not step.print_button


def test_booking_outcomes_are_announced_and_keep_the_focus_in_place(
    make_kiosk: Any, qtbot: Any, monkeypatch: Any
) -> None:
    said: list[str] = []
    monkeypatch.setattr(appointment_step, "announce", lambda _widget, text: said.append(text))
    kiosk = make_kiosk()
    booking = fake_booking(refuse=True)
    step = to_times(kiosk, qtbot, booking)
    window = kiosk.window
    back = current_screen(kiosk).back_button
    step.slot_buttons["s0"].click()
    step.first_name.setText("Fatima")
    # a number the hub refuses ("abc" is refused at the kiosk since round 6: test_stranger_round6)
    step.phone.setText("0470 99 99 99")
    step.book_button.setFocus()
    step.book_button.click()
    qtbot.waitUntil(lambda: step.book_button.isEnabled())
    refusal = step.details_error.text()
    assert refusal  # "The hub did not accept the name or phone number; ..."
    assert said == [refusal]  # the hub's refusal is said
    assert step.first_name.accessibleDescription() == refusal  # and tied to the fields
    assert step.phone.accessibleDescription() == refusal
    assert window.focusWidget() is step.first_name  # not the screen's "Back"
    booking.refuse = False
    step.phone.setText("0470 12 34 56")
    step.book_button.setFocus()
    step.book_button.click()
    qtbot.waitUntil(lambda: step.ticket is not None)
    assert window.focusWidget() is step.print_button
    assert window.focusWidget() is not back
    assert len(said) == 2
    assert step.ticket_when.text() in said[1]  # the booking is said
    step.print_ticket()
    assert said[-1] == step.print_status.text()  # "there is no printer..." is said too


def test_the_pin_confirmation_prompt_is_announced(qtbot: Any, monkeypatch: Any) -> None:
    from kiosk.ui.screens import volunteer_login

    said: list[str] = []
    monkeypatch.setattr(volunteer_login, "announce", lambda _widget, text: said.append(text))
    page = volunteer_login.PinPage()
    qtbot.addWidget(page)
    page.show()
    page.ask("An", mode=volunteer_login.SET)
    page.field.setText("482915")
    page._on_ok()
    assert _("Type the same PIN again to confirm it.") in said


def test_the_qr_result_is_announced(make_kiosk: Any, qtbot: Any, monkeypatch: Any) -> None:
    from kiosk.ui.steps import qr_scan
    from tests.ui.flows.guides.support import click
    from tests.ui.flows.guides.test_qr_step import put_file, to_scan_step, with_reader

    said: list[str] = []
    monkeypatch.setattr(qr_scan, "announce", lambda _widget, text: said.append(text))
    kiosk = make_kiosk()
    scans = with_reader(kiosk)
    put_file(scans, "letter.png", "Afspraak dinsdag 10 uur")
    _screen, widget = to_scan_step(kiosk, qtbot)
    widget.scanner.file_list.setCurrentRow(0)
    click(qtbot, widget.scanner.pick_button)
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)
    assert widget.result is not None
    assert said == [widget.result.spoken_text()]
    assert said[0]
