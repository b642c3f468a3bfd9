"""Migration 0004 (issue #18) upgrades a hub database made by the release before it.

The old database is built by Alembic up to revision 0002 (the head of that release) and filled
with SQL as that release wrote it: an admin and a staff user, two locations (one with openings
in Europe/Amsterdam), volunteers, an opening and a booking. After `open_hub_db` (which migrates
to the head) every location is in "Default", the admin is a hub_admin, the staff user sees the
whole "Default" organisation, both are listed for review, the time zones follow the openings,
and nothing that hangs on a location was lost.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from alembic import command
from alembic.config import Config
from sqlalchemy import select, text

from kiosk.hub.db import engine as hub_engine
from kiosk.hub.db.engine import make_engine, open_hub_db
from kiosk.hub.db.models import Location, Meta, Organisation, User
from kiosk.hub.helpdesk.models import Appointment, Opening, Volunteer
from kiosk.hub.organisations import users_to_review
from kiosk.hub.scope import resolve_scope

NOW = datetime(2026, 11, 2, 9, 0)


def _old_release_database(url: str) -> None:
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(hub_engine.MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0002")
        with engine.begin() as connection:
            run = connection.execute
            for user_id, email, role in (
                (1, "boss@example.org", "admin"),
                (2, "ann@example.org", "staff"),
            ):
                run(
                    text(
                        "INSERT INTO users (id, email, role, password_hash, created_at) "
                        "VALUES (:id, :email, :role, 'x', :at)"
                    ),
                    {"id": user_id, "email": email, "role": role, "at": NOW},
                )
            for location_id, name in (("loc-gent", "Gent Centrum"), ("loc-breda", "Breda Noord")):
                run(
                    text(
                        "INSERT INTO locations (id, name, idle_timeout, allowed_sites, referrals, "
                        "created_at) VALUES (:id, :name, 180, '[]', '[]', :at)"
                    ),
                    {"id": location_id, "name": name, "at": NOW},
                )
                run(
                    text(
                        "INSERT INTO volunteers (id, location_id, name, role, created_at) "
                        "VALUES (:id, :loc, 'Ann', 'volunteer', :at)"
                    ),
                    {"id": f"vol-{location_id}", "loc": location_id, "at": NOW},
                )
            run(
                text(
                    "INSERT INTO services (id, name, minutes, created_at) "
                    "VALUES ('digital-help', 'Digital help', 30, :at)"
                ),
                {"at": NOW},
            )
            run(
                text(
                    "INSERT INTO openings (id, location_id, service_id, weekday, start_time, "
                    "end_time, every_minutes, capacity, timezone, created_at) VALUES "
                    "(1, 'loc-breda', 'digital-help', 1, '14:00', '16:00', 30, 1, "
                    "'Europe/Amsterdam', :at)"
                ),
                {"at": NOW},
            )
            run(
                text(
                    "INSERT INTO appointments (opening_id, seat, location_id, service_id, "
                    "starts_at, ends_at, local_date, code_hash, first_name, phone, created_at) "
                    "VALUES (1, 1, 'loc-breda', 'digital-help', :at, :at, :day, 'h', 'Eva', "
                    "NULL, :at)"
                ),
                {"at": NOW, "day": date(2026, 11, 3)},
            )
    finally:
        engine.dispose()


def test_an_old_hub_database_is_upgraded(db_url: str) -> None:
    _old_release_database(db_url)
    db = open_hub_db(db_url)
    try:
        with db.sessions() as session:
            organisations = session.scalars(select(Organisation)).all()
            assert [org.name for org in organisations] == ["Default"]
            default = organisations[0].id
            locations = {loc.id: loc for loc in session.scalars(select(Location))}
            assert {loc.organisation_id for loc in locations.values()} == {default}
            assert locations["loc-breda"].timezone == "Europe/Amsterdam"
            assert locations["loc-gent"].timezone == "Europe/Brussels"
            assert locations["loc-gent"].address == ""
            assert locations["loc-gent"].phone == ""
            roles = {row[0]: row[1] for row in session.execute(select(User.email, User.role))}
            assert roles == {"boss@example.org": "hub_admin", "ann@example.org": "staff"}
            assert resolve_scope(session, 2, "staff").location_ids == {"loc-gent", "loc-breda"}
            assert resolve_scope(session, 1, "hub_admin").is_all
            # nothing that hangs on a location went with the upgrade
            assert len(session.scalars(select(Volunteer)).all()) == 2
            assert len(session.scalars(select(Opening)).all()) == 1
            booking = session.scalars(select(Appointment)).one()
            assert booking.first_name == "Eva"
            review = session.scalar(select(Meta.value).where(Meta.key == "scope_review"))
            assert review is not None
            assert json.loads(review) == [1, 2]
        listed = {(user.email, user.role, user.organisations) for user in users_to_review(db)}
        assert listed == {
            ("boss@example.org", "hub_admin", ()),
            ("ann@example.org", "staff", ("Default",)),
        }
    finally:
        db.close()


def test_a_new_hub_has_no_review_and_a_default_organisation_on_first_location(
    sqlite_db_url: str,
) -> None:
    from kiosk.hub.locations import add_location

    db = open_hub_db(sqlite_db_url)
    try:
        assert users_to_review(db) == []
        location_id = add_location(db, "Bib")
        with db.sessions() as session:
            location = session.get(Location, location_id)
            assert location is not None
            organisation = session.get(Organisation, location.organisation_id)
            assert organisation is not None
            assert organisation.name == "Default"
            assert location.timezone == "Europe/Brussels"
    finally:
        db.close()
