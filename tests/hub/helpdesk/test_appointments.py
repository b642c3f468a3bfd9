"""Help appointments on a live hub (SQLite and PostgreSQL): free slots, booking, "taken",
cancelling with the ticket's code, seats, made-up slots, and contacts gone the day after."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from kiosk.hub.helpdesk import appointments
from kiosk.hub.helpdesk.models import Appointment
from kiosk.hub.helpdesk.slots import parse_slot_id
from kiosk.hub.records.retention import purge
from tests.hub.conftest import LiveHub
from tests.hub.helpdesk.conftest import SERVICE, Desk, make_desk, other_location_token


def test_free_slots_follow_the_weekly_opening(desk: Desk) -> None:
    slots = desk.slots()
    # tomorrow and a week later, 14:00 14:30 15:00 15:30 (a 30-minute service ends by 16:00)
    assert len(slots) == 8
    first = slots[0]
    start, end = datetime.fromisoformat(first["start"]), datetime.fromisoformat(first["end"])
    assert start.utcoffset() is not None
    assert (start.hour, start.minute) == (14, 0)
    assert end - start == timedelta(minutes=30)
    assert first["service"] == SERVICE
    assert [datetime.fromisoformat(s["start"]) for s in slots] == sorted(
        datetime.fromisoformat(s["start"]) for s in slots
    )
    assert len(desk.slots(days=1)) == 0  # only today: the opening is tomorrow


def test_booking_gives_a_ticket_and_the_slot_is_gone(desk: Desk) -> None:
    slot = desk.slots()[0]
    response = desk.book(slot["id"], "Anna", "0470 12 34 56")
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert set(ticket) == {"code", "service", "service_name", "start", "end", "location"}
    assert len(ticket["code"]) == 14  # was 9 (ABCD-1234) before #17: 60 bits now
    assert ticket["code"][4] == ticket["code"][9] == "-"
    assert ticket["service"] == SERVICE
    assert ticket["service_name"] == "Digital help"
    assert ticket["location"] == "Bibliotheek Test"
    assert datetime.fromisoformat(ticket["start"]) == datetime.fromisoformat(slot["start"])
    assert slot["id"] not in [s["id"] for s in desk.slots()]

    again = desk.book(slot["id"], "Bert")
    assert again.status_code == 409
    assert again.json()["reason"] == "taken"

    day = datetime.fromisoformat(slot["start"]).date()
    [booking] = appointments.bookings_on(desk.hub.db, day)
    assert (booking.first_name, booking.phone) == ("Anna", "0470 12 34 56")


def test_cancel_with_the_ticket_code_frees_the_slot(desk: Desk) -> None:
    slot = desk.slots()[0]
    code = desk.book(slot["id"]).json()["code"]

    typed = code.lower().replace("-", " ")  # as a resident might type it
    cancelled = desk.call("POST", "/api/v1/appointments/cancel", {"code": typed})
    assert cancelled.status_code == 200
    assert cancelled.json() == {"cancelled": True}
    assert slot["id"] in [s["id"] for s in desk.slots()]
    gone = desk.call("POST", "/api/v1/appointments/cancel", {"code": code})
    assert gone.status_code == 404
    assert desk.book(slot["id"], "Carla").status_code == 201


def test_each_seat_books_once(hub: LiveHub) -> None:
    desk = make_desk(hub, capacity=2)
    slot = desk.slots()[0]
    assert desk.book(slot["id"], "Anna").status_code == 201
    assert slot["id"] in [s["id"] for s in desk.slots()]  # one seat left
    assert desk.book(slot["id"], "Bert").status_code == 201
    assert slot["id"] not in [s["id"] for s in desk.slots()]
    assert desk.book(slot["id"], "Carla").status_code == 409


def test_made_up_or_foreign_slots_are_refused(desk: Desk) -> None:
    slot = desk.slots()[0]
    ref = parse_slot_id(slot["id"])
    assert ref is not None
    off_grid = slot["id"][:-4] + "1410"
    wrong_day = f"o{ref.opening_id}-{ref.local_date + timedelta(days=1):%Y%m%d}T1400"
    past = f"o{ref.opening_id}-{ref.local_date - timedelta(days=7):%Y%m%d}T1400"
    for made_up in ("nonsense", off_grid, wrong_day, past, "o999-20300101T1400"):
        response = desk.book(made_up)
        assert response.status_code == 404, made_up
    elsewhere = other_location_token(desk.hub)
    foreign = desk.call(
        "POST",
        "/api/v1/appointments",
        {"slot_id": slot["id"], "first_name": "Dirk", "phone": None},
        token=elsewhere,
    )
    assert foreign.status_code == 404
    unknown_service = desk.call("GET", "/api/v1/appointments/slots?service=nope")
    assert unknown_service.status_code == 404


def test_bad_names_and_phones_are_refused(desk: Desk) -> None:
    slot = desk.slots()[0]["id"]
    assert desk.book(slot, "   ").status_code == 422
    assert desk.book(slot, "Anna", "call me").status_code == 422
    assert desk.book(slot, "Anna\x07").status_code == 422
    assert desk.book(slot, "Anna", "").status_code == 201  # an empty phone is no phone


def test_contacts_are_deleted_the_day_after(desk: Desk) -> None:
    slot = desk.slots()[0]
    assert desk.book(slot["id"], "Anna", "0470123456").status_code == 201
    start = datetime.fromisoformat(slot["start"])

    purge(desk.hub.db, 24, start + timedelta(hours=2))  # the same day: kept for the volunteers
    with desk.hub.db.sessions() as session:
        row = session.scalars(select(Appointment)).one()
    assert (row.first_name, row.phone) == ("Anna", "0470123456")

    next_morning = start.replace(hour=7) + timedelta(days=1)
    result = purge(desk.hub.db, 24, next_morning)
    assert result.contacts_deleted == 1
    with desk.hub.db.sessions() as session:
        row = session.scalars(select(Appointment)).one()
    assert (row.first_name, row.phone) == (None, None)
    assert row.starts_at == start  # the booking itself stays (counts), without contacts
