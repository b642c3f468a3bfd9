"""The appointment step tells the truth (#23, stranger round 6): a greyed Next names what is
really missing once a time is chosen, and "Start over" after a booking says the appointment
stays booked instead of "the task is not finished"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QWidget

from kiosk.sync.helpdesk import FreeSlot, Ticket
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import FakeBooking, click, flow_of
from tests.ui.flows.guides.test_truthful import _tap

pytestmark = PLATFORM_NOISE

SHOTS = Path("/work/notes/shots/s6-23")


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / name))


START = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)
SLOT = FreeSlot("s-1", "help", START, START + timedelta(minutes=30))


def _to_appointment(kiosk):  # type: ignore[no-untyped-def]
    kiosk.window.apply_language("en")
    flow = flow_of(kiosk)
    flow.booking = FakeBooking(  # answers at once, on the GUI thread
        [SLOT], Ticket("K7Q2", "help", "Digital help", SLOT.start, SLOT.end, "Bib"), later=False
    )
    guide = flow.load_guide("help-appointment")
    assert guide is not None
    screen = flow.start_guide(guide)
    screen.run.follow(("intro", "bring", "pick-slot"), {})
    screen.show_step()
    assert screen.run.current.id == "pick-slot"
    return screen


def test_a_greyed_next_names_what_is_missing_after_a_time_is_chosen(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    screen = _to_appointment(kiosk)
    step = screen.step_widget
    _tap(qtbot, kiosk, screen.next_button)
    assert screen.next_hint.text() == "Choose a time and press Book first."
    click(qtbot, step.slot_buttons[SLOT.id])
    _tap(qtbot, kiosk, screen.next_button)
    assert screen.next_hint.text() == "Type your first name, then press Book."
    step.first_name.setText("Fatima")
    _tap(qtbot, kiosk, screen.next_button)
    assert screen.next_hint.text() == "Press Book first: the time is not booked yet."
    _shot(kiosk.window, "appointment-next-says-press-book.png")


def test_start_over_after_a_booking_says_it_stays_booked(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    screen = _to_appointment(kiosk)
    step = screen.step_widget
    click(qtbot, step.slot_buttons[SLOT.id])
    step.first_name.setText("Fatima")
    click(qtbot, step.book_button)
    assert step.is_complete()
    click(qtbot, kiosk.window.header.start_over_button)
    question = kiosk.window.start_over_question
    assert question.is_open
    text = question.text.text()
    assert "not finished" not in text
    assert "appointment is booked and stays booked" in text
    assert "ticket" in text
    _shot(kiosk.window, "start-over-after-booking.png")
    click(qtbot, question.go_on)
    click(qtbot, screen.next_button)  # on to the step after the booking: still booked
    click(qtbot, kiosk.window.header.start_over_button)
    assert "stays booked" in question.text.text()
    click(qtbot, question.yes)
    assert len(kiosk.resets) == 1
    # a new task without a booking is "not finished" again
    kiosk.window.receipt.close_overlay()
    screen = _to_appointment(kiosk)
    click(qtbot, kiosk.window.header.start_over_button)
    assert "The task is not finished." in question.text.text()


def test_the_ticket_step_names_the_locations_phone(make_kiosk, kiosk_home, qtbot) -> None:  # type: ignore[no-untyped-def]
    """ "The guide's own 'call the help point' step has no phone number" (round 6)."""
    from kiosk.paths import home_paths
    from kiosk.store import RecordStore, open_database

    db = open_database(home_paths(kiosk_home).database)
    config = {"location": "Bib", "phone": "+32 2 555 01 23", "timezone": "Europe/Brussels"}
    RecordStore(db).set_state("location_config", {"config": config})
    db.close()
    kiosk = make_kiosk()
    screen = _to_appointment(kiosk)
    click(qtbot, screen.step_widget.slot_buttons[SLOT.id])
    screen.step_widget.first_name.setText("Fatima")
    click(qtbot, screen.step_widget.book_button)
    click(qtbot, screen.next_button)
    assert screen.run.current.id == "ticket"
    qtbot.waitUntil(lambda: "+32 2 555 01 23" in screen.text.text(), timeout=10_000)
    assert "call the help point: " in screen.text.text()
    _shot(kiosk.window, "ticket-step-location-phone.png")
