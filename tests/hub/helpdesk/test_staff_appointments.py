"""The staff's Appointments page: services and weekly openings made on the page give free slots
to the kiosks, and the day's bookings are listed with first name and phone, and can be
cancelled."""

from __future__ import annotations

from datetime import datetime

import httpx

from kiosk.hub.helpdesk import appointments, openings
from kiosk.hub.locations import list_locations
from tests.hub.conftest import LiveHub
from tests.hub.helpdesk.conftest import SERVICE, Desk, new_client, tomorrow_weekday
from tests.hub.helpdesk.test_volunteers import _csrf, _login


def _post(client: httpx.Client, path: str, data: dict[str, str]) -> httpx.Response:
    token = _csrf(client.get("/appointments").text)
    return client.post(path, data={"csrf_token": token, **data})


def test_services_and_openings_made_on_the_page_give_slots(sqlite_hub: LiveHub) -> None:
    with new_client(sqlite_hub) as client:
        _login(sqlite_hub, client, "admin")
        made = _post(
            client,
            "/appointments/services",
            {"id": SERVICE, "name": "Digital help", "minutes": "30"},
        )
        assert made.status_code == 303
        opened = _post(
            client,
            "/appointments/openings",
            {
                "location": sqlite_hub.location_id,
                "service": SERVICE,
                "weekday": str(tomorrow_weekday()),
                "start_time": "14:00",
                "end_time": "16:00",
                "every_minutes": "30",
                "capacity": "2",
            },
        )
        assert opened.status_code == 303
        bad = _post(
            client,
            "/appointments/openings",
            {
                "location": sqlite_hub.location_id,
                "service": SERVICE,
                "weekday": "1",
                "start_time": "16:00",
                "end_time": "14:00",
                "every_minutes": "30",
                "capacity": "1",
            },
        )
        assert bad.status_code == 400
        assert "ends after it starts" in bad.text
        page = client.get("/appointments").text
        assert "14:00–16:00" in page
        assert "Digital help" in page
    [opening] = openings.openings(sqlite_hub.db)
    assert (opening.capacity, opening.every_minutes) == (2, 30)
    desk = Desk(sqlite_hub, sqlite_hub.enroll(), opening.id)
    assert len(desk.slots()) == 8


def test_the_days_bookings_are_listed_and_can_be_cancelled(sqlite_desk: Desk) -> None:
    live = sqlite_desk.hub
    slot = sqlite_desk.slots()[0]
    assert sqlite_desk.book(slot["id"], "Anna", "0470 12 34 56").status_code == 201
    day = datetime.fromisoformat(slot["start"]).date().isoformat()
    with new_client(live) as client:
        _login(live, client, "admin")
        page = client.get(f"/appointments?day={day}")
        assert page.status_code == 200
        assert "Anna" in page.text
        assert "0470 12 34 56" in page.text
        assert "14:00" in page.text
        assert "Anna" not in client.get("/appointments?day=2001-01-01").text
        assert client.get("/appointments?day=yesterday").status_code == 400
        [booking] = appointments.bookings_on(live.db, datetime.fromisoformat(slot["start"]).date())
        cancelled = client.post(
            f"/appointments/bookings/{booking.id}/cancel",
            data={"csrf_token": _csrf(page.text), "day": day},
        )
        assert cancelled.status_code == 303
        assert "Anna" not in client.get(f"/appointments?day={day}").text
    assert slot["id"] in [s["id"] for s in sqlite_desk.slots()]


def test_removing_an_opening_removes_its_slots(sqlite_desk: Desk) -> None:
    live = sqlite_desk.hub
    with new_client(live) as client:
        _login(live, client, "admin")
        removed = _post(client, f"/appointments/openings/{sqlite_desk.opening_id}/remove", {})
        assert removed.status_code == 303
    assert sqlite_desk.slots() == []
    assert list_locations(live.db)  # the location stays
