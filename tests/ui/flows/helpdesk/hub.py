"""A live hub on 127.0.0.1 with a help point: two volunteers, a service with daily openings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.domain import pins
from kiosk.hub.helpdesk import appointments, volunteers
from kiosk.hub.locations import update_location
from tests.sync.livehub import LiveHub, live_hub
from tests.ui.flows.helpdesk.conftest import AN_PIN, REFERRALS


@contextmanager
def help_point_hub(folder: Path) -> Iterator[tuple[LiveHub, dict[str, str]]]:
    """(hub, {"an": id, "bram": id}); An has a PIN hash on the hub, Bram none yet."""
    with live_hub(folder) as hub:
        update_location(
            hub.db, hub.location_id, idle_timeout=300, allowed_sites=[], referrals=REFERRALS
        )
        an = volunteers.add_volunteer(hub.db, hub.location_id, "An")
        bram = volunteers.add_volunteer(hub.db, hub.location_id, "Bram", "coordinator")
        volunteers.set_pin_hash(hub.db, hub.location_id, an, pins.hash_pin(AN_PIN))
        appointments.add_service(hub.db, "digital-help", "Digital help", 30)
        for weekday in range(7):
            appointments.add_opening(
                hub.db,
                hub.location_id,
                "digital-help",
                weekday=weekday,
                start_time="09:00",
                end_time="11:00",
                every_minutes=30,
            )
        yield hub, {"an": an, "bram": bram}
