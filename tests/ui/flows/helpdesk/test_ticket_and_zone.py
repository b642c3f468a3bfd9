"""#23: the appointment ticket and the location's hour, against a live hub on 127.0.0.1.

The kiosk side runs with `TZ=UTC` (the PC's zone) against a location in Europe/Brussels whose
service opens 14:00-16:30: the kiosk offers 14:00-16:30, a slot booked as 14:00 is 14:00 on the
hub, and the ticket says 14:00. The ticket is titled in the resident's language (Dutch here,
never the hub's English service name as title), names the service, the place, its address, the
hour and the help point's phone number, carries the .ics as a QR code, and without a printer it
is shown large on screen.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk import i18n
from kiosk.hub.helpdesk import appointments
from kiosk.hub.locations import set_contact
from kiosk.paths import home_paths
from kiosk.qr.decode import read_qimage
from kiosk.sync.enrollment import enroll
from kiosk.ui.steps.appointment import AppointmentStepWidget
from tests.support.screens import screens_dir
from tests.sync.livehub import live_hub

BRUSSELS = ZoneInfo("Europe/Brussels")
ADDRESS = "Kerkstraat 1, 1000 Brussel"
PHONE = "+32 2 123 45 67"
HOURS = ["14:00", "14:30", "15:00", "15:30", "16:00"]
SHOTS = Path("/work/notes/shots/23")


@pytest.fixture
def pc_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The PC's zone is UTC, not the location's."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
    i18n.set_time_zone(None)


def test_slots_and_ticket_in_the_locations_hour_with_address_and_phone(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, tmp_path: Path, pc_in_utc: None
) -> None:
    """ "a kiosk whose PC clock zone is UTC offered 13:00-15:00, and a slot booked as 14:00 on
    screen and ticket is 15:00 on the hub"; ""Call the help point" has no phone number
    anywhere; the ticket PDF is small, titled "Digital help" in English, without address or QR
    code." """
    assert time.localtime().tm_gmtoff == 0
    with live_hub(tmp_path / "hub") as hub:
        set_contact(
            hub.db, hub.location_id, timezone="Europe/Brussels", address=ADDRESS, phone=PHONE
        )
        appointments.add_service(hub.db, "digital-help", "Digital help", 30)
        for weekday in range(7):
            appointments.add_opening(
                hub.db,
                hub.location_id,
                "digital-help",
                weekday=weekday,
                start_time="14:00",
                end_time="16:30",
                every_minutes=30,
            )
        enroll(home_paths(kiosk_home).database, hub.url, hub.code(), name="kiosk")
        kiosk = make_kiosk(default_language="nl")
        kiosk.open_store()
        qtbot.waitUntil(lambda: kiosk.store.store is not None, timeout=20_000)
        with qtbot.waitSignal(kiosk.flows.sync.synced, timeout=20_000) as synced:
            kiosk.flows.sync.sync_now()
        assert synced.args[0].config_ok
        flow = kiosk.flows.guides
        guide = flow.load_guide("help-appointment")
        assert guide is not None
        screen = flow.start_guide(guide)
        screen.run.follow(("intro", "bring", "pick-slot"), {})
        assert screen.run.current.id == "pick-slot"
        screen.show_step()
        widget = screen.step_widget
        assert isinstance(widget, AppointmentStepWidget)
        qtbot.waitUntil(lambda: bool(widget.slots), timeout=20_000)
        qtbot.waitUntil(lambda: flow.location is not None and flow.location.phone == PHONE)

        # Every whole day offers the hub's 14:00-16:30, not 13:00-15:00 (UTC).
        tomorrow = sorted({i18n.local(s.start).date() for s in widget.slots})[1]
        day = [s for s in widget.slots if i18n.local(s.start).date() == tomorrow]
        assert [widget.slot_buttons[s.id].text() for s in day] == HOURS
        first = day[0]
        assert first.start.astimezone(BRUSSELS).strftime("%H:%M") == "14:00"
        assert first.start.astimezone(ZoneInfo("UTC")).hour in (12, 13)

        qtbot.mouseClick(widget.slot_buttons[first.id], Qt.MouseButton.LeftButton)
        widget.first_name.setText("Fatima")
        with qtbot.waitSignal(widget.booked, timeout=20_000) as booked:
            qtbot.mouseClick(widget.book_button, Qt.MouseButton.LeftButton)
        ticket = booked.args[0]

        # On the hub, the booking is at 14:00 in Brussels.
        from kiosk.hub.helpdesk.models import Appointment

        with hub.db.sessions() as session:
            starts = session.scalars(select(Appointment.starts_at)).all()
        assert len(starts) == 1
        stored = starts[0]
        if stored.tzinfo is None:
            stored = stored.replace(tzinfo=ZoneInfo("UTC"))
        assert stored.astimezone(BRUSSELS).strftime("%H:%M") == "14:00"
        assert stored == ticket.start

    # On screen: the hour, the address and the phone number to call.
    assert "14:00" in widget.ticket_when.text()
    assert ADDRESS in widget.ticket_where.text()
    assert widget.ticket_call.text() == f"Kan u niet komen? Bel het hulppunt: {PHONE}"
    assert "DTSTART:" in widget.ics
    assert ADDRESS.replace(",", "\\,") in widget.ics

    # No printer here: a large PDF in the session folder, and the ticket large on screen.
    outcome = widget.print_ticket()
    assert outcome is not None
    assert outcome.pdf is not None
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(outcome.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert text.count("\x0c") == 1  # one page
    text = " ".join(text.split())
    for wanted in (
        "Uw afspraak bij het hulppunt",
        "Digital help",
        "14:00",
        ADDRESS,
        PHONE,
        ticket.code,
    ):
        assert wanted in text, wanted
    assert not text.lstrip().startswith("Digital help")  # the title is the resident's language
    images = subprocess.run(
        ["/usr/bin/pdfimages", "-list", str(outcome.pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert len(images) == 3  # the header, the rule, and one image: the QR code
    for folder in (screens_dir(), SHOTS if SHOTS.is_dir() else None):
        if folder is not None:  # the printed page, as a picture
            subprocess.run(
                [
                    "/usr/bin/pdftoppm",
                    "-png",
                    "-r",
                    "40",
                    "-singlefile",
                    str(outcome.pdf),
                    str(folder / "ticket-printed"),
                ],
                check=True,
            )

    overlay = widget.big_ticket
    assert overlay is not None
    assert overlay.is_open
    assert overlay.title.text() == "Uw afspraak bij het hulppunt"
    values = [value.text() for _label, value in overlay.rows]
    assert any("14:00" in v for v in values)
    assert any(ADDRESS in v for v in values)
    assert any(PHONE in v for v in values)
    qr = overlay.qr.pixmap().toImage()
    assert [c.text for c in read_qimage(qr)] == [widget.ics.replace("\r\n", "\n")] or [
        c.text for c in read_qimage(qr)
    ] == [widget.ics]
    # the whole card fits the window
    card = overlay.card.geometry()
    assert card.top() >= 0
    assert card.bottom() <= kiosk.window.root_widget.height()
    for folder in (screens_dir(), SHOTS if SHOTS.is_dir() else None):
        if folder is not None:
            kiosk.window.grab().save(str(folder / "ticket-on-screen.png"))

    # A reset closes it and forgets the first name.
    kiosk.start_over("idle")
    assert not overlay.is_open or not overlay.isVisible()
    assert datetime.now().astimezone().utcoffset() is not None
