"""A hub shared by two organisations and three locations, each with its own kiosk, records,
volunteer, opening, booking, enrollment code and referral, and users of every role.

Every thing of a location carries that location's marker word in its name (`Xenon`, `Yarrow`,
`Zircon`), so a page or an export that shows another location's data is caught by a plain
substring search; ids (location, kiosk, volunteer, records) are checked the same way.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.dev.demo import sample_records
from kiosk.hub.helpdesk import appointments, openings, volunteers
from kiosk.hub.kiosks.enrollment import KioskRef, create_enroll_code, enroll
from kiosk.hub.locations import add_location, set_contact, update_location
from kiosk.hub.organisations import add_organisation
from kiosk.hub.records.ingest import prepare_all, store_batch
from kiosk.hub.staff.accounts import add_user

PASSWORD = "correct horse battery"
SERVICE = "digital-help"


@dataclass
class Place:
    marker: str
    organisation: str
    id: str = ""
    kiosk_id: str = ""
    volunteer_id: str = ""
    opening_id: int = 0
    booking_id: int = 0
    booking_day: str = ""
    record_ids: list[str] = field(default_factory=list)
    sessions: int = 0

    @property
    def words(self) -> list[str]:
        """What must not appear on a page of someone who may not see this place."""
        return [self.marker, self.id, self.kiosk_id, self.volunteer_id, *self.record_ids]


@dataclass(frozen=True)
class Person:
    email: str
    role: str
    sees: frozenset[str]  # markers of the places this user may see


@dataclass
class World:
    places: dict[str, Place]
    people: list[Person]
    organisations: dict[str, str]
    #: The calendar quarter all the records fall in (the IDO export takes whole quarters).
    quarter: tuple[date, date] = (date.min, date.max)

    @property
    def ido_query(self) -> str:
        return f"from={self.quarter[0]}&to={self.quarter[1]}"

    def hidden_from(self, person: Person) -> list[Place]:
        return [p for m, p in self.places.items() if m not in person.sees]

    def visible_to(self, person: Person) -> list[Place]:
        return [p for m, p in self.places.items() if m in person.sees]


def _records(rng: random.Random, now: datetime, sessions: int) -> list[dict[str, object]]:
    raw = sample_records(rng, 2, now)
    chosen = [r for r in raw if r["kind"] == "assisted_session"][:sessions]
    chosen += [r for r in raw if r["kind"] == "guide_run"][:3]
    return chosen


def _quarter_of(day: date) -> tuple[date, date]:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    following = date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)
    return first, following - timedelta(days=1)


def records_anchor(now: datetime) -> datetime:
    """When the records are made up to: now, unless the quarter began less than 15 days ago,
    then the end of the last quarter; so the two weeks of records before it stay in one quarter,
    and within the last 30 days."""
    start = datetime.combine(_quarter_of(now.date())[0], datetime.min.time(), UTC)
    return now if now - timedelta(days=15) >= start else start - timedelta(minutes=1)


def build_world(db: HubDatabase) -> World:
    now = datetime.now(UTC)
    anchor = records_anchor(now)
    rng = random.Random(18)
    alpha = add_organisation(db, "Alpha Libraries")
    bravo = add_organisation(db, "Bravo City")
    places = {
        "Xenon": Place("Xenon", alpha, sessions=6),
        "Yarrow": Place("Yarrow", alpha, sessions=7),
        "Zircon": Place("Zircon", bravo, sessions=8),
    }
    openings.add_service(db, SERVICE, "Digital help", 30)
    tomorrow = now + timedelta(days=1)
    for marker, place in places.items():
        zone = "Europe/Amsterdam" if marker == "Zircon" else "Europe/Brussels"
        place.id = add_location(db, f"{marker} Library", place.organisation, zone)
        update_location(
            db,
            place.id,
            idle_timeout=180,
            allowed_sites=[],
            referrals=[{"id": f"ref-{marker.lower()}", "label": f"{marker} Referral"}],
        )
        set_contact(db, place.id, address=f"{marker}straat 1", phone="+32 9 123 45 67")
        code, _expires = create_enroll_code(db, place.id, 1, now)
        kiosk = enroll(db, code, f"{marker} kiosk", now)
        place.kiosk_id = kiosk.kiosk_id
        valid, rejected = prepare_all(_records(rng, anchor, place.sessions))
        assert not rejected
        store_batch(db.sessions, KioskRef(kiosk.kiosk_id, place.id), valid, now, 0)
        place.record_ids = [item.uuid for item in valid]
        create_enroll_code(db, place.id, 5, now)
        place.volunteer_id = volunteers.add_volunteer(db, place.id, f"{marker} Volunteer")
        place.opening_id = openings.add_opening(
            db,
            place.id,
            SERVICE,
            weekday=tomorrow.weekday(),
            start_time="10:00",
            end_time="12:00",
            every_minutes=30,
        )
        slot = appointments.free_slots(db, place.id, SERVICE, 3, now)[0]
        appointments.book(db, place.id, kiosk.kiosk_id, slot.id, f"{marker}first", None, now)
        booked = appointments.bookings_on(db, slot.local_date)
        place.booking_id = next(b.id for b in booked if b.first_name == f"{marker}first")
        place.booking_day = slot.local_date.isoformat()
    people = [
        Person("admin@region.example", "hub_admin", frozenset(places)),
        Person("coord-x@region.example", "coordinator", frozenset({"Xenon"})),
        Person("staff-x@region.example", "staff", frozenset({"Xenon"})),
        Person("coord-alpha@region.example", "coordinator", frozenset({"Xenon", "Yarrow"})),
        Person("staff-bravo@region.example", "staff", frozenset({"Zircon"})),
        Person("nobody@region.example", "staff", frozenset()),
    ]
    grants = {
        "coord-x@region.example": ([], [places["Xenon"].id]),
        "staff-x@region.example": ([], [places["Xenon"].id]),
        "coord-alpha@region.example": ([alpha], []),
        "staff-bravo@region.example": ([bravo], []),
    }
    for person in people:
        orgs, locs = grants.get(person.email, ([], []))
        add_user(db, person.email, person.role, PASSWORD, organisations=orgs, locations=locs)
    organisations = {"Alpha Libraries": alpha, "Bravo City": bravo}
    return World(places, people, organisations, _quarter_of(anchor.date()))
