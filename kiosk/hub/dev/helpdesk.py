"""Sample help-point data for `kiosk demo` (issue #8): volunteers, services and openings.

Added once (when the hub has no services yet), so seeding the demo again changes nothing.
Openings are on weekdays, so the appointment step always has free slots to show.
"""

from __future__ import annotations

from sqlalchemy import func, select

from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.helpdesk import openings, volunteers
from kiosk.hub.helpdesk.models import Service, Volunteer

#: Names in Dutch: the demo is a Belgian (Flemish) help point (#19); residents read them on
#: the screen, the ticket and the .ics (#23). The ids are what guides name
#: (`service: digital-help` in the shipped help-appointment guide), never translated.
SERVICES = (
    ("digital-help", "Digitale hulp", 30),
    ("tax-help", "Hulp bij uw belastingaangifte", 45),
)
#: Weekly openings per service: (weekday, 0 = Monday; first start; end; minutes between starts).
OPENINGS = {
    "digital-help": ((1, "14:00", "16:30", 30), (3, "14:00", "16:30", 30)),  # Tue, Thu
    "tax-help": ((0, "09:30", "12:00", 45),),  # Monday morning
}
VOLUNTEERS = (
    ("Ann Peeters", "coordinator"),
    ("Bram Janssens", "volunteer"),
    ("Chaima El Amrani", "volunteer"),
)


def seed_helpdesk(db: HubDatabase, location_ids: list[str]) -> bool:
    """Add the sample services with their openings, and the volunteers; False when everything
    was there already. A service missing from an older demo hub is added with its openings."""
    with db.sessions() as session:
        present = set(session.scalars(select(Service.id)))
        had_volunteers = bool(session.scalar(select(func.count()).select_from(Volunteer)))
    added = False
    for service_id, name, minutes in SERVICES:
        if service_id in present:
            continue
        openings.add_service(db, service_id, name, minutes)
        for index, location_id in enumerate(location_ids):
            for weekday, start, end, every in OPENINGS[service_id]:
                openings.add_opening(
                    db,
                    location_id,
                    service_id,
                    weekday=weekday,
                    start_time=start,
                    end_time=end,
                    every_minutes=every,
                    capacity=2 if index == 0 and service_id == "digital-help" else 1,
                )
        added = True
    if not had_volunteers:
        for index, location_id in enumerate(location_ids):
            for name, role in VOLUNTEERS[: 3 if index == 0 else 1]:
                volunteers.add_volunteer(db, location_id, name, role)
        added = True
    return added
