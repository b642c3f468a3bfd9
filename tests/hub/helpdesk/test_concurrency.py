"""50 kiosks press the same free slot at once, against a live hub on SQLite and on PostgreSQL:
exactly one gets a ticket, the 49 others a clear "taken" answer, and the database holds one
booking. The database's unique constraint decides, not a check before the insert."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select

from kiosk.hub.helpdesk.models import Appointment
from tests.hub.helpdesk.conftest import Desk

PARALLEL = 50


def test_fifty_parallel_bookings_of_one_slot_give_one_ticket(desk: Desk) -> None:
    slot = desk.slots()[0]["id"]
    tokens = [desk.hub.enroll(f"kiosk {n}") for n in range(5)]
    start = threading.Barrier(PARALLEL)
    limits = httpx.Limits(max_connections=PARALLEL, max_keepalive_connections=PARALLEL)

    with httpx.Client(base_url=desk.hub.url, timeout=120, limits=limits) as client:

        def attempt(n: int) -> tuple[int, dict[str, str]]:
            body = {"slot_id": slot, "first_name": f"Resident {n}", "phone": None}
            headers = {"Authorization": f"Bearer {tokens[n % len(tokens)]}"}
            start.wait()
            response = client.post("/api/v1/appointments", json=body, headers=headers)
            return response.status_code, response.json()

        with ThreadPoolExecutor(PARALLEL) as pool:
            answers = list(pool.map(attempt, range(PARALLEL)))

    statuses = sorted(status for status, _body in answers)
    assert statuses == [201] + [409] * (PARALLEL - 1), statuses
    assert all(body["reason"] == "taken" for status, body in answers if status == 409)
    [ticket] = [body for status, body in answers if status == 201]
    assert ticket["code"]
    with desk.hub.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Appointment)) == 1
    assert slot not in [s["id"] for s in desk.slots()]
