"""Times on pages about several locations (#19, a stranger's finding): /kiosks wrote each
kiosk's time in its own location's zone without naming it; /volunteers about one location said
UTC. As docs/hub-pages.md says: the location's zone where the page is about one zone, else UTC,
and then the page says "UTC"."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from kiosk.hub.db.models import Kiosk
from kiosk.hub.helpdesk.invitations import invite
from kiosk.hub.helpdesk.volunteers import add_volunteer
from kiosk.hub.i18n import translator_for
from kiosk.hub.locations import add_location
from kiosk.hub.staff import accounts
from tests.hub.conftest import LiveHub
from tests.hub.staff.test_web import PASSWORD, login, new_client

ADMIN = "tijd@example.org"
SYNCED = datetime(2026, 12, 3, 17, 24, tzinfo=UTC)


def _synced_all(hub: LiveHub) -> None:
    with hub.db.sessions() as session:
        session.execute(update(Kiosk).values(last_sync_at=SYNCED))
        session.commit()


def _kiosks_page(hub: LiveHub) -> str:
    with new_client(hub) as client:
        login(hub, client, ADMIN, PASSWORD)
        return client.get("/kiosks").text


def test_kiosks_of_one_zone_in_that_zone_of_several_in_utc(sqlite_hub: LiveHub) -> None:
    accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    accounts.set_language(sqlite_hub.db, ADMIN, "nl")
    sqlite_hub.enroll("kiosk Brussel")
    _synced_all(sqlite_hub)
    one_zone = _kiosks_page(sqlite_hub)
    assert "3 dec 2026 18:24" in one_zone  # Europe/Brussels
    assert "UTC" not in one_zone

    curacao = add_location(sqlite_hub.db, "Bib Willemstad", timezone="America/Curacao")
    sqlite_hub.enroll_at(curacao, "kiosk Willemstad")
    _synced_all(sqlite_hub)
    mixed = _kiosks_page(sqlite_hub)
    assert mixed.count("3 dec 2026 17:24 UTC") == 2
    assert "18:24" not in mixed
    assert "13:24" not in mixed


def test_volunteers_of_one_location_in_its_zone(sqlite_hub: LiveHub) -> None:
    accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    accounts.set_language(sqlite_hub.db, ADMIN, "nl")
    add_location(sqlite_hub.db, "Bib Willemstad", timezone="America/Curacao")
    volunteer = add_volunteer(sqlite_hub.db, "Bib Willemstad", "Noor")
    invitation = invite(sqlite_hub.db, volunteer)
    with new_client(sqlite_hub) as client:
        login(sqlite_hub, client, ADMIN, PASSWORD)
        page = client.get("/volunteers").text
    local = translator_for("nl").moment(invitation.expires_at, "America/Curacao")
    assert local in page
    assert "UTC" not in page.split("<table", 1)[1].split("</table>", 1)[0]
