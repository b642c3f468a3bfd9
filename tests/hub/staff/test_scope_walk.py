"""Every route of the hub answers only within the caller's scope (issue #18).

The routes come from the app's router. Each must have a rule in `RULES`; a new route without
one fails `test_every_route_has_a_scope_rule`, and a staff route whose rule says "scoped" must
declare `ScopeDep` (one that says "hub_admin" `AdminDep`), checked on its dependency tree.

The walk logs in users of each role at two organisations and three locations
(tests/hub/staff/region_world.py) and calls every staff route: pages and exports must hold no
word of a location the user may not see (names, ids, records, a booking's first name), and a
change aimed at another location's object must be a 404 (403 for a role that may not change
anything) and change nothing. Kiosk API routes are walked with a kiosk token of one location.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy import func, select

from kiosk.hub import deps
from kiosk.hub.app import create_app
from kiosk.hub.audit import AuditFilters, entries
from kiosk.hub.db.models import Kiosk
from kiosk.hub.helpdesk.models import Appointment, Opening, Volunteer
from kiosk.hub.records.exports import FORMATS
from tests.hub.conftest import LiveHub, start_live_hub
from tests.hub.staff.region_world import PASSWORD, Person, Place, World, build_world

#: Who may call each route: public (no login), session (login only, no location data), kiosk
#: (a kiosk token; answers for its own location), admin_token (the guide repository's hub-admin
#: token), scoped (`ScopeDep`), hub_admin (`AdminDep`).
RULES: dict[tuple[str, str], str] = {
    ("GET", "/openapi.json"): "public",
    ("GET", "/healthz"): "public",
    ("GET", "/"): "public",
    ("GET", "/login"): "public",
    ("POST", "/login"): "public",
    ("POST", "/logout"): "session",
    ("POST", "/api/v1/enroll"): "public",
    ("GET", "/tuf/metadata/{name}"): "public",
    ("GET", "/tuf/targets/{name}"): "public",
    ("POST", "/api/v1/admin/tokens"): "public",
    ("GET", "/api/v1/kiosk/config"): "kiosk",
    ("POST", "/api/v1/records"): "kiosk",
    ("GET", "/api/v1/tuf/root"): "kiosk",
    ("POST", "/api/v1/volunteers/{volunteer_id}/pin"): "kiosk",
    ("GET", "/api/v1/appointments/slots"): "kiosk",
    ("POST", "/api/v1/appointments"): "kiosk",
    ("POST", "/api/v1/appointments/cancel"): "kiosk",
    ("DELETE", "/api/v1/admin/tokens/current"): "admin_token",
    ("GET", "/api/v1/tuf/admin/online-keys"): "admin_token",
    ("POST", "/api/v1/tuf/admin/online-keys/next"): "admin_token",
    ("GET", "/api/v1/tuf/admin/state"): "admin_token",
    ("POST", "/api/v1/tuf/admin/init"): "admin_token",
    ("POST", "/api/v1/tuf/admin/publish"): "admin_token",
    ("GET", "/dashboard"): "scoped",
    ("GET", "/exports/{fmt}"): "scoped",
    ("GET", "/kiosks"): "scoped",
    ("POST", "/kiosks/{kiosk_id}/revoke"): "scoped",
    ("GET", "/locations"): "scoped",
    ("POST", "/locations/{location_id}"): "scoped",
    ("GET", "/codes"): "scoped",
    ("POST", "/codes"): "scoped",
    ("GET", "/volunteers"): "scoped",
    ("POST", "/volunteers"): "scoped",
    ("POST", "/volunteers/{volunteer_id}/remove"): "scoped",
    ("POST", "/volunteers/{volunteer_id}/reset-pin"): "scoped",
    ("POST", "/volunteers/{volunteer_id}/invite"): "scoped",
    ("POST", "/volunteers/admin-pin"): "scoped",
    ("GET", "/appointments"): "scoped",
    ("POST", "/appointments/openings"): "scoped",
    ("POST", "/appointments/openings/{opening_id}/remove"): "scoped",
    ("POST", "/appointments/bookings/{booking_id}/cancel"): "scoped",
    ("POST", "/locations"): "hub_admin",
    ("POST", "/appointments/services"): "hub_admin",
    ("POST", "/appointments/services/{service_id}/remove"): "hub_admin",
    ("GET", "/organisations"): "hub_admin",
    ("POST", "/organisations"): "hub_admin",
    ("POST", "/locations/{location_id}/organisation"): "hub_admin",
    ("POST", "/scope-review/dismiss"): "hub_admin",
    ("GET", "/users"): "hub_admin",
    ("POST", "/users"): "hub_admin",
    ("POST", "/users/{user_id}/{action}"): "hub_admin",
    ("GET", "/audit"): "hub_admin",
    ("GET", "/audit.csv"): "hub_admin",
    ("GET", "/account/password"): "session",
    ("POST", "/account/password"): "session",
    ("POST", "/account/language"): "session",
}
#: The dependency each kind must declare.
NEEDS: dict[str, Callable[..., Any]] = {  # Any: FastAPI dependencies have any signature
    "session": deps.current_staff,
    "kiosk": deps.current_kiosk,
    "admin_token": deps.current_admin_token,
    "scoped": deps.current_scope,
    "hub_admin": deps.current_admin,
}


def app_routes(
    routes: list[Any],  # Any: Starlette's route objects of several kinds
    prefix: str = "",
) -> Iterator[tuple[str, str, Any]]:  # Any: the same route objects
    """(method, path, route) of every route of the app, through included routers."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from app_routes(inner.routes, prefix + route.include_context.prefix)
            continue
        for method in sorted(getattr(route, "methods", None) or {"MOUNT"}):
            if method != "HEAD":
                yield method, prefix + route.path, route


def dependency_calls(dependant: Dependant) -> set[object]:
    found: set[object] = set()
    for dep in dependant.dependencies:
        if dep.call is not None:
            found.add(dep.call)
        found |= dependency_calls(dep)
    return found


@pytest.fixture(scope="module")
def app_route_list(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, Any]]:
    from kiosk.hub.settings import HubSettings, sqlite_url

    folder = tmp_path_factory.mktemp("routes")
    app = create_app(
        HubSettings(db_url=sqlite_url(folder / "h.sqlite3"), hub_dir=folder, purge_job=False)
    )
    return [item for item in app_routes(app.routes) if item[0] != "MOUNT"]


def test_every_route_has_a_scope_rule(app_route_list: list[tuple[str, str, Any]]) -> None:
    found = {(method, path) for method, path, _route in app_route_list}
    assert found - RULES.keys() == set(), "routes without a scope rule in RULES"
    assert RULES.keys() - found == set(), "rules for routes that no longer exist"


def test_each_route_declares_the_dependency_of_its_rule(
    app_route_list: list[tuple[str, str, Any]],
) -> None:
    for method, path, route in app_route_list:
        kind = RULES[(method, path)]
        if not isinstance(route, APIRoute):  # FastAPI's own /openapi.json
            assert kind == "public", path
            continue
        calls = dependency_calls(route.dependant)
        if kind == "public":
            assert deps.current_scope not in calls, path
            continue
        assert NEEDS[kind] in calls, f"{method} {path} is {kind} but lacks {NEEDS[kind]}"


# -- the walk ------------------------------------------------------------------------------------


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:300]
    return match.group(1)


@contextlib.contextmanager
def logged_in(hub: LiveHub, email: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hub.url, timeout=30) as client:
        token = csrf_of(client.get("/login").text)
        answer = client.post(
            "/login",
            data={"csrf_token": token, "email": email, "password": PASSWORD, "next": "/"},
        )
        assert answer.status_code == 303, answer.text[:300]
        yield client


def assert_nothing_of(body: str, hidden: list[Place], where: str) -> None:
    for place in hidden:
        for word in place.words:
            assert word not in body, f"{where}: shows {word!r} of {place.marker}"


def page_paths(world: World) -> list[str]:
    today = datetime.now(UTC).date()
    period = f"from={today - timedelta(days=30)}&to={today + timedelta(days=1)}"
    days = sorted({place.booking_day for place in world.places.values()})
    paths = ["/dashboard", f"/dashboard?{period}", "/kiosks", "/locations", "/codes"]
    paths += ["/volunteers", "/appointments", *(f"/appointments?day={d}" for d in days)]
    paths += [f"/exports/{fmt}?{period}" for fmt in FORMATS if fmt != "ido"]
    paths += [f"/exports/ido?{world.ido_query}"]
    return paths


def changes_for(place: Place, world: World) -> list[tuple[str, dict[str, str]]]:
    """Every scoped change, aimed at `place`'s objects (path, form without the token)."""
    return [
        (f"/kiosks/{place.kiosk_id}/revoke", {}),
        (f"/locations/{place.id}", {"idle_timeout": "200", "timezone": "Europe/Paris"}),
        ("/codes", {"location": place.id, "valid_hours": "2"}),
        ("/volunteers", {"location": place.id, "name": "Intruder", "role": "volunteer"}),
        (f"/volunteers/{place.volunteer_id}/remove", {}),
        (f"/volunteers/{place.volunteer_id}/reset-pin", {}),
        (f"/volunteers/{place.volunteer_id}/invite", {}),
        ("/volunteers/admin-pin", {"location": place.id, "pin": "583920", "pin_again": "583920"}),
        (
            "/appointments/openings",
            {
                "location": place.id,
                "service": "digital-help",
                "weekday": "2",
                "start_time": "09:00",
                "end_time": "10:00",
                "every_minutes": "30",
                "capacity": "1",
            },
        ),
        (f"/appointments/openings/{place.opening_id}/remove", {}),
        (f"/appointments/bookings/{place.booking_id}/cancel", {}),
    ]


ADMIN_CHANGES = [
    ("/locations", {"name": "Sneaky"}),
    ("/appointments/services", {"id": "sneaky", "name": "Sneaky", "minutes": "30"}),
    ("/appointments/services/digital-help/remove", {}),
    ("/organisations", {"name": "Sneaky"}),
    ("/scope-review/dismiss", {}),
    ("/users", {"email": "sneak@example.org", "role": "hub_admin", "password": "x7#Lq!Vm2@Rp9z"}),
    ("/users/1/disable", {}),
]


def state(hub: LiveHub) -> tuple[int, ...]:
    with hub.db.sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(Volunteer)) or 0,
            session.scalar(select(func.count()).where(Kiosk.revoked_at.is_not(None))) or 0,
            session.scalar(select(func.count()).select_from(Opening)) or 0,
            session.scalar(select(func.count()).select_from(Appointment)) or 0,
        )


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveHub, World]]:
    """One live hub with the region world for the whole module (the walk changes nothing)."""
    from kiosk.hub.settings import HubSettings, sqlite_url

    folder = tmp_path_factory.mktemp("region")
    settings = HubSettings(
        db_url=sqlite_url(folder / "hub.sqlite3"), hub_dir=folder, purge_job=False
    )
    for hub in start_live_hub(settings):
        yield hub, build_world(hub.db)


@pytest.fixture
def sqlite_hub(region: tuple[LiveHub, World]) -> LiveHub:
    return region[0]


@pytest.fixture
def world(region: tuple[LiveHub, World]) -> World:
    return region[1]


def test_a_user_finds_nothing_outside_their_scope(sqlite_hub: LiveHub, world: World) -> None:
    before = state(sqlite_hub)
    for person in world.people:
        hidden = world.hidden_from(person)
        with logged_in(sqlite_hub, person.email) as client:
            for path in page_paths(world):
                answer = client.get(path)
                assert answer.status_code == 200, (person.email, path, answer.text[:200])
                assert_nothing_of(answer.text, hidden, f"{person.email} {path}")
            for place in world.places.values():
                filtered = client.get(f"/dashboard?location={place.id}")
                export = client.get(f"/exports/csv?location={place.id}")
                expected = 200 if place.marker in person.sees else 404
                assert filtered.status_code == expected, (person.email, place.marker)
                assert export.status_code == expected, (person.email, place.marker)
            _check_changes_refused(client, person, world)
    assert state(sqlite_hub) == before


def _check_changes_refused(client: httpx.Client, person: Person, world: World) -> None:
    token = csrf_of(client.get("/dashboard").text)
    for place in world.hidden_from(person):
        for path, form in changes_for(place, world):
            answer = client.post(path, data={"csrf_token": token, **form})
            wanted = 403 if person.role == "staff" else 404
            assert answer.status_code == wanted, (person.email, path, answer.status_code)
    if person.role == "staff":
        for place in world.visible_to(person):
            for path, form in changes_for(place, world):
                answer = client.post(path, data={"csrf_token": token, **form})
                assert answer.status_code == 403, (person.email, path)
    if person.role != "hub_admin":
        for path, form in ADMIN_CHANGES:
            answer = client.post(path, data={"csrf_token": token, **form})
            assert answer.status_code == 403, (person.email, path)
        assert client.get("/organisations").status_code == 403


def test_pages_show_what_is_in_scope(sqlite_hub: LiveHub, world: World) -> None:
    """The positive side: a user sees every place of their scope (so the walk is not vacuous)."""
    for person in world.people:
        with logged_in(sqlite_hub, person.email) as client:
            pages = {path: client.get(path).text for path in ("/kiosks", "/volunteers")}
            day = world.places["Xenon"].booking_day
            pages["appointments"] = client.get(f"/appointments?day={day}").text
            for place in world.visible_to(person):
                assert f"{place.marker} kiosk" in pages["/kiosks"]
                assert f"{place.marker} Volunteer" in pages["/volunteers"]
                if place.booking_day == day:
                    assert f"{place.marker}first" in pages["appointments"]


def test_exports_hold_only_the_scope(sqlite_hub: LiveHub, world: World) -> None:
    today = datetime.now(UTC).date()
    period = f"from={today - timedelta(days=30)}&to={today + timedelta(days=1)}"
    for person in world.people:
        with logged_in(sqlite_hub, person.email) as client:
            csv_text = client.get(f"/exports/csv?{period}").text
            ido = client.get(f"/exports/ido?{world.ido_query}").json()
        seen = world.visible_to(person)
        for place in seen:
            assert all(record in csv_text for record in place.record_ids)
        assert ido["sessions"] == sum(place.sessions for place in seen) or (
            not seen and ido["sessions"] == 0
        )


def test_a_kiosk_api_answers_only_for_its_own_location(sqlite_hub: LiveHub, world: World) -> None:
    xenon, zircon = world.places["Xenon"], world.places["Zircon"]
    token = sqlite_hub.enroll_at(xenon.id)
    headers = {"Authorization": f"Bearer {token}"}
    config = sqlite_hub.client.get("/api/v1/kiosk/config", headers=headers)
    assert config.status_code == 200
    assert_nothing_of(config.text, [world.places["Yarrow"], zircon], "config")
    slots = sqlite_hub.client.get(
        "/api/v1/appointments/slots", params={"service": "digital-help"}, headers=headers
    )
    assert all(slot["id"].startswith(f"o{xenon.opening_id}-") for slot in slots.json()["slots"])
    pin = sqlite_hub.client.post(
        f"/api/v1/volunteers/{zircon.volunteer_id}/pin",
        json={"pin_hash": "scrypt$16384$8$1$" + "A" * 22 + "$" + "B" * 43},
        headers=headers,
    )
    assert pin.status_code == 404
    foreign_slot = f"o{zircon.opening_id}-20300101T1000"
    booking = sqlite_hub.client.post(
        "/api/v1/appointments",
        json={"slot_id": foreign_slot, "first_name": "Eve", "phone": None},
        headers=headers,
    )
    assert booking.status_code == 404


def export_entries(hub: LiveHub, email: str) -> list[str]:
    """The details of `email`'s audited exports."""
    rows, _total = entries(hub.db, AuditFilters(action="export", actor=email))
    return [row.details for row in rows]


def test_each_role_exports_only_its_own_locations_and_each_export_is_audited(
    sqlite_hub: LiveHub, world: World
) -> None:
    """#19: every format, for one location at a time, as each role: a location outside the
    scope is a 404 and not audited; one inside holds its records and nothing else, audited."""
    today = datetime.now(UTC).date()
    period = f"from={today - timedelta(days=30)}&to={today + timedelta(days=1)}"
    periods = {fmt: period for fmt in FORMATS} | {"ido": world.ido_query}
    chosen = ("admin@region.example", "coord-alpha@region.example", "staff-bravo@region.example")
    for person in [p for p in world.people if p.email in (*chosen, "nobody@region.example")]:
        before = len(export_entries(sqlite_hub, person.email))
        allowed = 0
        with logged_in(sqlite_hub, person.email) as client:
            for place in world.places.values():
                for fmt in FORMATS:
                    answer = client.get(f"/exports/{fmt}?{periods[fmt]}&location={place.id}")
                    where = (person.email, place.marker, fmt)
                    if place.marker not in person.sees:
                        assert answer.status_code == 404, where
                        assert place.marker not in answer.text, where
                        continue
                    assert answer.status_code == 200, (where, answer.text[:300])
                    allowed += 1
                    others = [p for p in world.places.values() if p is not place]
                    assert_nothing_of(answer.text, others, str(where))
                    if fmt.startswith("csv"):
                        assert all(record in answer.text for record in place.record_ids)
                    elif fmt == "ido":
                        assert answer.json()["sessions"] == place.sessions
                        assert answer.json()["location"] == f"{place.marker} Library"
                    else:
                        assert len(answer.json()) == place.sessions
        audited = export_entries(sqlite_hub, person.email)
        assert len(audited) - before == allowed, person.email
        assert allowed == 4 * len(person.sees)


def test_an_ido_period_that_is_not_a_month_or_quarter_is_refused_with_a_sentence(
    sqlite_hub: LiveHub, world: World
) -> None:
    with logged_in(sqlite_hub, "admin@region.example") as client:
        answer = client.get("/exports/ido?from=2025-01-01&to=2025-02-15")
        month = client.get("/exports/ido?from=2025-02-01&to=2025-02-28")
    assert answer.status_code == 400
    assert "text/html" in answer.headers["content-type"]
    assert "one whole calendar month or quarter" in answer.text
    assert "1 Jan 2025 to 31 Jan 2025" in answer.text  # in the locale (#19)
    assert month.status_code == 200
    assert month.json()["period"]["name"] == "2025-02"
