"""A live hub on 127.0.0.1 with a help point: two volunteers, a service with daily openings, and
the location admin PIN set by the coordinator."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.clock import utc_now
from kiosk.domain import invitations, pins
from kiosk.hub.db.models import Location
from kiosk.hub.helpdesk import appointments, volunteers
from kiosk.hub.helpdesk.models import Volunteer
from kiosk.hub.locations import update_location
from tests.sync.livehub import LiveHub, live_hub
from tests.ui.flows.helpdesk.conftest import ADMIN_PIN, AN_PIN, BRAM_CODE, REFERRALS

__all__ = ["BRAM_CODE", "help_point_hub"]


@contextmanager
def help_point_hub(folder: Path) -> Iterator[tuple[LiveHub, dict[str, str]]]:
    """(hub, {"an": id, "bram": id}); An has a PIN hash on the hub, Bram none yet but an open
    invitation code (BRAM_CODE); the location's admin PIN is ADMIN_PIN."""
    with live_hub(folder) as hub:
        update_location(
            hub.db, hub.location_id, idle_timeout=300, allowed_sites=[], referrals=REFERRALS
        )
        an = volunteers.add_volunteer(hub.db, hub.location_id, "An")
        bram = volunteers.add_volunteer(hub.db, hub.location_id, "Bram", "coordinator")
        with hub.db.sessions.begin() as session:  # as if set long ago, and a known code
            session.get_one(Volunteer, an).pin_hash = pins.hash_pin(AN_PIN)
            row = session.get_one(Volunteer, bram)
            row.invitation_hash = invitations.hash_code(BRAM_CODE)
            row.invitation_expires_at = utc_now() + invitations.VALID_FOR
            session.get_one(Location, hub.location_id).admin_pin_hash = pins.hash_pin(ADMIN_PIN)
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
