"""The `appointment` step against a live hub: slots by day, booking, the ticket (.ics in a QR
code, a PDF when there is no printer), "taken", and a hub that cannot be reached."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk import resources
from kiosk.domain.run import GuideRunState
from kiosk.guides.catalog import load_catalog
from kiosk.paths import home_paths
from kiosk.sync import helpdesk
from kiosk.sync.enrollment import enroll
from kiosk.sync.token_store import load_token
from kiosk.ui.flows.booking import Booking
from kiosk.ui.steps import GuideServices, StepMemory
from kiosk.ui.steps.appointment import AppointmentStepWidget
from tests.support.screens import screens_dir
from tests.ui.flows.helpdesk.hub import help_point_hub


@pytest.fixture
def pc_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The PC's zone (UTC) is not the location's (Europe/Brussels, the hub's openings)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def make_step(qtbot: Any, kiosk: Any, booking: Any) -> AppointmentStepWidget:
    guide = load_catalog([resources.builtin_guides_dir()]).guides["help-appointment"]
    step = next(s for s in guide.steps if s.type == "appointment")
    run = GuideRunState(guide, "en", "en_GB")
    services = GuideServices(
        session_dir=kiosk.paths.session_dir, web_session=lambda: None, booking=booking
    )
    widget = AppointmentStepWidget(step, run, kiosk.window.theme, services, StepMemory())
    qtbot.addWidget(widget)
    widget.resize(900, 520)
    widget.show()
    return widget


def test_book_a_slot_and_get_a_ticket(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, tmp_path: Path, pc_in_utc: None
) -> None:
    with help_point_hub(tmp_path / "hub") as (hub, _ids):
        enrollment = enroll(home_paths(kiosk_home).database, hub.url, hub.code(), name="kiosk")
        kiosk = make_kiosk(default_language="en")
        widget = make_step(qtbot, kiosk, Booking(kiosk))
        with qtbot.waitSignal(widget.slots_shown, timeout=10000) as shown:
            pass
        count = shown.args[0]
        assert count > 0
        assert not widget.is_complete()
        days = [label.text() for label, _day in widget.day_labels]
        assert len(days) >= 13  # openings every day, two weeks ahead (today may be over)
        weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
        assert all(any(name in day for name in weekdays) for day in days)
        first = widget.slots[0]
        brussels = ZoneInfo("Europe/Brussels")
        assert widget.slot_buttons[first.id].text() == first.start.astimezone(brussels).strftime(
            "%H:%M"
        )
        # the hub's openings are 09:00-11:00 in Brussels: so are the buttons on a UTC PC
        assert {b.text() for b in widget.slot_buttons.values()} <= {
            "09:00",
            "09:30",
            "10:00",
            "10:30",
        }

        # someone else books the first slot meanwhile: the resident is told, and picks again
        access = (hub.url, load_token(enrollment.kiosk_id))
        helpdesk.book(*access, first.id, "Other")
        qtbot.mouseClick(widget.slot_buttons[first.id], Qt.MouseButton.LeftButton)
        assert not widget.book_button.isEnabled()  # a first name is needed
        widget.first_name.setText("Fatima")
        with qtbot.waitSignal(widget.slots_shown, timeout=10000):
            qtbot.mouseClick(widget.book_button, Qt.MouseButton.LeftButton)
        assert first.id not in widget.slot_buttons
        assert "someone else just booked" in widget.none_free.text().lower()

        second = widget.slots[0]
        qtbot.mouseClick(widget.slot_buttons[second.id], Qt.MouseButton.LeftButton)
        widget.first_name.setText("Fatima")
        widget.phone.setText("+32 470 12 34 56")
        if shots := screens_dir():
            widget.grab().save(str(shots / "step-appointment-details.png"))
        with qtbot.waitSignal(widget.booked, timeout=10000) as booked:
            qtbot.mouseClick(widget.book_button, Qt.MouseButton.LeftButton)
        ticket = booked.args[0]
        assert widget.is_complete()
        assert widget.ticket_code.text() == f"Code: {ticket.code}"
        assert widget.phone.text() == ""
        assert ticket.start == second.start
        assert "BEGIN:VEVENT" in widget.ics
        assert f"DTSTART:{second.start.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}" in widget.ics
        assert "Fatima" not in widget.ics
        assert "470" not in widget.ics
        assert not widget.qr.pixmap().isNull()
        if shots := screens_dir():
            widget.grab().save(str(shots / "step-appointment.png"))

        outcome = widget.print_ticket()
        assert outcome is not None
        assert outcome.pdf is not None
        assert outcome.pdf.exists()
        assert outcome.pdf.parent == kiosk.paths.session_dir  # wiped at the reset
        assert "volunteer" in widget.print_status.text()
        assert second.start.astimezone(brussels).strftime("%H:%M") in widget.ticket_when.text()

        # the hub has the booking with the ticket's code, and it can be cancelled
        from kiosk.hub.helpdesk.models import Appointment

        with hub.db.sessions() as session:
            names = session.scalars(select(Appointment.first_name)).all()
        assert sorted(names) == ["Fatima", "Other"]
        helpdesk.cancel(*access, ticket.code)


def test_the_step_says_plainly_when_the_hub_is_offline(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, tmp_path: Path
) -> None:
    with help_point_hub(tmp_path / "hub") as (hub, _ids):
        enroll(home_paths(kiosk_home).database, hub.url, hub.code(), name="kiosk")
    # the hub is gone now
    kiosk = make_kiosk(default_language="en")
    widget = make_step(qtbot, kiosk, Booking(kiosk))
    with qtbot.waitSignal(widget.failed, timeout=20000):
        pass
    assert widget.pages.currentWidget() is widget.problem_page
    assert widget.problem.text() == (
        "Booking needs the internet; try again later or ask at the desk."
    )
    assert widget.retry.isVisible()
    assert widget.skip.isVisible()
    assert widget.volunteer.isVisible()
    if shots := screens_dir():
        widget.grab().save(str(shots / "step-appointment-offline.png"))
    with qtbot.waitSignal(widget.advance_requested, timeout=1000):
        qtbot.mouseClick(widget.skip, Qt.MouseButton.LeftButton)


def test_without_a_booking_service_the_step_offers_a_volunteer(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(default_language="en")
    widget = make_step(qtbot, kiosk, None)
    assert widget.pages.currentWidget() is widget.problem_page
    assert not widget.retry.isVisible()
    with qtbot.waitSignal(widget.handed_off, timeout=1000):
        qtbot.mouseClick(widget.volunteer, Qt.MouseButton.LeftButton)
