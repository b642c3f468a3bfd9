"""Fixtures for the help point's tests (the live hubs come from tests/hub/conftest.py):
plus a location with a service and one weekly opening, and helpers to call the kiosk API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from kiosk.hub.helpdesk import openings
from kiosk.hub.helpdesk.slots import local_today
from kiosk.hub.kiosks.enrollment import create_enroll_code
from kiosk.hub.locations import add_location
from tests.hub.conftest import LiveHub

SERVICE = "digital-help"
#: A hash in the format kiosk.domain.pins writes (the hub never sees a PIN).
PIN_HASH = "scrypt$16384$8$1$" + "A" * 22 + "$" + "B" * 43
OTHER_HASH = "scrypt$16384$8$1$" + "C" * 22 + "$" + "D" * 43


def invite(live: LiveHub, volunteer_id: str) -> str:
    """What the coordinator does first (#21): an invitation code for a first PIN."""
    from kiosk.hub.helpdesk.invitations import invite as make

    return make(live.db, volunteer_id).code


@dataclass
class Desk:
    """A live hub whose location offers `digital-help` tomorrow (local), 14:00-16:00."""

    hub: LiveHub
    token: str
    opening_id: int

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {token or self.token}"}
        return self.hub.client.request(method, path, json=body, headers=headers)

    def slots(self, service: str = SERVICE, days: int = 14) -> list[dict[str, Any]]:
        response = self.call("GET", f"/api/v1/appointments/slots?service={service}&days={days}")
        assert response.status_code == 200, response.text
        slots: list[dict[str, Any]] = response.json()["slots"]
        return slots

    def book(self, slot_id: str, first_name: str = "Anna", phone: str | None = None) -> Any:
        body = {"slot_id": slot_id, "first_name": first_name, "phone": phone}
        return self.call("POST", "/api/v1/appointments", body)


def tomorrow_weekday() -> int:
    return (local_today(datetime.now(UTC)) + timedelta(days=1)).weekday()


def make_desk(live: LiveHub, capacity: int = 1) -> Desk:
    openings.add_service(live.db, SERVICE, "Digital help", 30)
    opening = openings.add_opening(
        live.db,
        live.location_id,
        SERVICE,
        weekday=tomorrow_weekday(),
        start_time="14:00",
        end_time="16:00",
        every_minutes=30,
        capacity=capacity,
    )
    return Desk(live, live.enroll(), opening)


@pytest.fixture
def desk(hub: LiveHub) -> Desk:
    return make_desk(hub)


@pytest.fixture
def sqlite_desk(sqlite_hub: LiveHub) -> Desk:
    return make_desk(sqlite_hub)


def other_location_token(live: LiveHub) -> str:
    location_id = add_location(live.db, "Hulppunt Elders")
    code, _expires = create_enroll_code(live.db, location_id)
    response = live.client.post("/api/v1/enroll", json={"code": code, "name": "elsewhere"})
    assert response.status_code == 201, response.text
    token: str = response.json()["token"]
    return token


def new_client(live: LiveHub) -> httpx.Client:
    return httpx.Client(base_url=live.url, timeout=60)
