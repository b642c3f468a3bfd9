"""Sample help-point data for `kiosk demo` (issue #8): volunteers, services and openings.

Added once (when the hub has no services yet), so seeding the demo again changes nothing.
Openings are on weekdays, so the appointment step always has free slots to show.
"""

from __future__ import annotations

from sqlalchemy import func, select

from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.helpdesk import openings, volunteers
from kiosk.hub.helpdesk.models import Service

#: In Dutch: the demo is a Belgian (Flemish) help point (#19); residents read these names on
#: the screen, the ticket and the .ics (#23).
SERVICES = (
    ("digitale-hulp", "Digitale hulp", 30),
    ("hulp-belastingaangifte", "Hulp bij uw belastingaangifte", 45),
)
VOLUNTEERS = (
    ("Ann Peeters", "coordinator"),
    ("Bram Janssens", "volunteer"),
    ("Chaima El Amrani", "volunteer"),
)


def seed_helpdesk(db: HubDatabase, location_ids: list[str]) -> bool:
    """Add the sample services, openings and volunteers; False when they were there already."""
    with db.sessions() as session:
        if session.scalar(select(func.count()).select_from(Service)):
            return False
    for service_id, name, minutes in SERVICES:
        openings.add_service(db, service_id, name, minutes)
    for index, location_id in enumerate(location_ids):
        for weekday in (1, 3):  # Tuesday and Thursday afternoons
            openings.add_opening(
                db,
                location_id,
                "digitale-hulp",
                weekday=weekday,
                start_time="14:00",
                end_time="16:30",
                every_minutes=30,
                capacity=2 if index == 0 else 1,
            )
        openings.add_opening(
            db,
            location_id,
            "hulp-belastingaangifte",
            weekday=0,
            start_time="09:30",
            end_time="12:00",
            every_minutes=45,
        )
        for name, role in VOLUNTEERS[: 3 if index == 0 else 1]:
            volunteers.add_volunteer(db, location_id, name, role)
    return True
