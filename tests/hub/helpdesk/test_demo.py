"""The demo hub has volunteers, services and openings, once, however often it is seeded."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kiosk.hub.db.engine import open_hub_db
from kiosk.hub.dev.demo import REFERRALS, seed_demo
from kiosk.hub.dev.helpdesk import SERVICES
from kiosk.hub.helpdesk import appointments, openings, volunteers


def test_demo_has_a_help_point_and_seeding_again_adds_nothing(tmp_path: Path) -> None:
    now = datetime(2025, 3, 3, 12, tzinfo=UTC)
    info = seed_demo(tmp_path / "hub", weeks=1, now=now)
    seed_demo(tmp_path / "hub", weeks=1, now=now)
    db = open_hub_db(info.settings.db_url)
    try:
        assert [s.id for s in openings.services(db)] == sorted(s[0] for s in SERVICES)
        assert len(volunteers.volunteers(db)) == 4
        slots = appointments.free_slots(db, info.location_id, "digital-help", 14, now)
        assert len(slots) == 4 * 5  # Tuesday and Thursday, 14:00-16:00 starts, two weeks
    finally:
        db.close()


def test_demo_location_has_an_address_a_phone_and_dutch_service_names(tmp_path: Path) -> None:
    """Stranger #23: the demo ticket said "Zeg het aan de balie" (no phone, no address) and
    named the service "Digital help" in English on a Dutch screen."""
    from kiosk.hub.locations import find_location

    now = datetime(2025, 3, 3, 12, tzinfo=UTC)
    info = seed_demo(tmp_path / "hub", weeks=1, now=now)
    db = open_hub_db(info.settings.db_url)
    try:
        location = find_location(db, info.location_id)
        assert location.address
        assert location.phone
        names = {s.id: s.name for s in openings.services(db)}
        assert names["digital-help"] == "Digitale hulp"
    finally:
        db.close()


def test_the_demo_is_in_dutch(tmp_path: Path) -> None:
    """The demo is a Belgian help point: services and referrals are named in Dutch (#19, a
    stranger's finding: "Digital help", "Tax office" on the French and Dutch pages)."""
    info = seed_demo(tmp_path / "hub", weeks=1, now=datetime(2025, 3, 3, 12, tzinfo=UTC))
    db = open_hub_db(info.settings.db_url)
    try:
        names = {s.id: s.name for s in openings.services(db)}
    finally:
        db.close()
    assert names == {
        "digital-help": "Digitale hulp",
        "tax-help": "Hulp bij uw belastingaangifte",
    }
    assert [r["label"] for r in REFERRALS] == [
        "Sociale dienst (OCMW)",
        "Belastingkantoor (FOD Financiën)",
        "Computercursus in de bibliotheek",
        "Juridisch advies (justitiehuis)",
    ]


def test_the_demo_offers_the_service_every_shipped_guide_books(tmp_path: Path) -> None:
    """The real-key walk found `kiosk demo`'s help-appointment guide saying "appointments for
    this service cannot be booked here": #19 had translated the demo's service ids with their
    names. A guide names a service by id; the demo must offer it, with free times."""
    from kiosk.domain.guide import AppointmentStep
    from kiosk.guides.loader import load_folder

    now = datetime(2025, 3, 3, 12, tzinfo=UTC)
    info = seed_demo(tmp_path / "hub", weeks=1, now=now)
    booked = {
        step.service
        for folder in sorted((Path(__file__).parents[3] / "resources" / "guides").iterdir())
        for step in load_folder(folder).steps
        if isinstance(step, AppointmentStep)
    }
    assert booked == {"digital-help"}
    db = open_hub_db(info.settings.db_url)
    try:
        for service in booked:
            assert appointments.free_slots(db, info.location_id, service, 14, now)
    finally:
        db.close()


def test_an_older_demo_hub_gets_the_missing_service(tmp_path: Path) -> None:
    """A demo hub seeded before the fix has services under other ids: seeding again adds the
    guide's service with its openings, and leaves what was there."""
    now = datetime(2025, 3, 3, 12, tzinfo=UTC)
    info = seed_demo(tmp_path / "hub", weeks=1, now=now)
    db = open_hub_db(info.settings.db_url)
    try:
        openings.remove_service(db, "digital-help")
        openings.add_service(db, "digitale-hulp", "Digitale hulp", 30)
    finally:
        db.close()
    seed_demo(tmp_path / "hub", weeks=1, now=now)
    db = open_hub_db(info.settings.db_url)
    try:
        assert [s.id for s in openings.services(db)] == [
            "digital-help",
            "digitale-hulp",
            "tax-help",
        ]
        assert appointments.free_slots(db, info.location_id, "digital-help", 14, now)
        assert len(volunteers.volunteers(db)) == 4
    finally:
        db.close()
