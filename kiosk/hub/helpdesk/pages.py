"""The help point's staff pages (issue #8): volunteers, services, openings, the day's bookings.

Same rules as kiosk.hub.staff.pages: a login to see (`PageDep`), only inside the user's scope
(`ScopeDep`; another location's volunteer, opening or booking is a 404), the coordinator role
(`CoordinatorDep`) and a CSRF token (`FormDep`) to change. Services are a hub-wide list (a name
and a length, no one's data), so only a hub admin (`AdminDep`) adds or removes one; removing a
service removes its openings at every location. Volunteers' PINs are never shown or typed here;
staff see whether a volunteer has set one, and the coordinator makes an invitation code for a
first PIN or resets a PIN (which makes a new code): the code is shown once, on a printable page
that is the answer of the POST itself (no URL holds it, and hub pages are never cached); the
forms send the volunteer's state they were made with (`replaces`), so a reload that re-posts one
does not silently make another code (409, the Volunteers page says why). The
coordinator also sets the location admin PIN here (kiosk.hub.helpdesk.invitations), typed twice
and kept as a hash. The day's bookings show the resident's first name and phone until the
retention job empties them the day after.
"""

from __future__ import annotations

import logging
from datetime import date

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiosk.clock import utc_now
from kiosk.hub.audit import by_user
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.deps import (
    AdminDep,
    CoordinatorDep,
    DbDep,
    Form,
    FormDep,
    PageDep,
    RowId,
    ScopeDep,
    not_found,
    whole_number,
)
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.helpdesk import appointments, invitations, openings, volunteers
from kiosk.hub.helpdesk.slots import DEFAULT_TIMEZONE, WEEKDAYS, local_today
from kiosk.hub.i18n import N_
from kiosk.hub.locations import list_locations
from kiosk.hub.scope import Scope
from kiosk.hub.staff.rendering import Page

log = logging.getLogger("kiosk.hub.web")
router = APIRouter(include_in_schema=False)


def _number(values: Form, key: str, what: str) -> int:
    number = whole_number(values.get(key, ""), maximum=1_000_000)
    if number is None:
        raise HubError(N_("{what} must be a whole number"), what=what)
    return number


# -- volunteers ------------------------------------------------------------------------------


def _volunteers(
    db: HubDatabase, page: Page, scope: Scope, status_code: int = 200, error: str | None = None
) -> HTMLResponse:
    people = volunteers.volunteers(db, scope)
    places = list_locations(db, scope)
    # times in the locations' zone when the page is about one zone, else UTC (docs/hub-pages.md)
    zones = {place.timezone for place in places if place.id in {v.location_id for v in people}}
    return page.render(
        "volunteers.html",
        status_code=status_code,
        volunteers=people,
        zone=next(iter(zones)) if len(zones) == 1 else None,
        locations=places,
        admin_pins=invitations.admin_pin_set(db, scope),
        roles=volunteers.ROLES,
        now=utc_now(),
        error=error,
    )


@router.get("/volunteers", response_class=HTMLResponse)
def volunteers_page(db: DbDep, scope: ScopeDep, page: PageDep) -> HTMLResponse:
    return _volunteers(db, page, scope)


@router.post("/volunteers")
def volunteer_add(
    db: DbDep, user: CoordinatorDep, scope: ScopeDep, values: FormDep, page: PageDep
) -> Response:
    location_id = values.get("location", "")
    if not scope.allows(location_id):
        raise not_found(N_("no such location"))
    try:
        volunteers.add_volunteer(
            db,
            location_id,
            values.get("name", ""),
            values.get("role", "volunteer"),
            by_user(user.id),
        )
    except NotFoundError:
        raise not_found(N_("no such location")) from None
    except HubError as exc:
        return _volunteers(db, page, scope, 400, page.t.error(exc))
    log.info("volunteer added by %s", user.email)
    return RedirectResponse("/volunteers", status_code=303)


@router.post("/volunteers/{volunteer_id}/remove")
def volunteer_remove(
    volunteer_id: str, db: DbDep, user: CoordinatorDep, scope: ScopeDep, _form: FormDep
) -> Response:
    try:
        volunteers.remove_volunteer(db, volunteer_id, scope, by_user(user.id))
    except NotFoundError:
        raise not_found(N_("no such volunteer")) from None
    log.info("volunteer %s removed by %s", volunteer_id, user.email)
    return RedirectResponse("/volunteers", status_code=303)


def _invitation(page: Page, invitation: invitations.Invitation) -> HTMLResponse:
    """The printable page with the code: the answer of the POST, shown this once."""
    return page.render("invitation.html", invitation=invitation)


@router.post("/volunteers/{volunteer_id}/reset-pin", response_class=HTMLResponse)
def volunteer_reset_pin(
    volunteer_id: str,
    db: DbDep,
    user: CoordinatorDep,
    scope: ScopeDep,
    values: FormDep,
    page: PageDep,
) -> HTMLResponse:
    try:
        made = invitations.reset_pin(
            db, volunteer_id, scope, by_user(user.id), replaces=values.get("replaces")
        )
    except NotFoundError:
        raise not_found(N_("no such volunteer")) from None
    except HubError as exc:
        return _volunteers(db, page, scope, 409, page.t.error(exc))
    log.info("PIN of volunteer %s reset by %s; new invitation code", volunteer_id, user.email)
    return _invitation(page, made)


@router.post("/volunteers/{volunteer_id}/invite", response_class=HTMLResponse)
def volunteer_invite(
    volunteer_id: str,
    db: DbDep,
    user: CoordinatorDep,
    scope: ScopeDep,
    values: FormDep,
    page: PageDep,
) -> HTMLResponse:
    try:
        made = invitations.invite(
            db, volunteer_id, scope, by_user(user.id), replaces=values.get("replaces")
        )
    except NotFoundError:
        raise not_found(N_("no such volunteer")) from None
    except HubError as exc:
        return _volunteers(db, page, scope, 409, page.t.error(exc))
    log.info("invitation code for volunteer %s made by %s", volunteer_id, user.email)
    return _invitation(page, made)


@router.post("/volunteers/admin-pin")
def location_admin_pin(
    db: DbDep, user: CoordinatorDep, scope: ScopeDep, values: FormDep, page: PageDep
) -> Response:
    location_id = values.get("location", "")
    if not scope.allows(location_id):
        raise not_found(N_("no such location"))
    pin = values.get("pin", "").strip()
    if pin != values.get("pin_again", "").strip():
        differ = page.t._(N_("The two PINs differ; type the same PIN twice."))
        return _volunteers(db, page, scope, 400, differ)
    try:
        invitations.set_admin_pin(db, location_id, pin, scope, by_user(user.id))
    except NotFoundError:
        raise not_found(N_("no such location")) from None
    except HubError as exc:
        return _volunteers(db, page, scope, 400, page.t.error(exc))
    log.info("admin PIN of location %s set by %s", location_id, user.email)
    return RedirectResponse("/volunteers", status_code=303)


# -- appointments ----------------------------------------------------------------------------


def _appointments(
    db: HubDatabase,
    page: Page,
    scope: Scope,
    status_code: int = 200,
    error: str | None = None,
    day: date | None = None,
) -> HTMLResponse:
    locations = list_locations(db, scope)
    zone = locations[0].timezone if locations else DEFAULT_TIMEZONE
    shown = day or local_today(utc_now(), zone)
    services = openings.services(db)
    return page.render(
        "appointments.html",
        status_code=status_code,
        services=services,
        service_names={service.id: service.name for service in services},
        openings=openings.openings(db, scope),
        locations=locations,
        bookings=appointments.bookings_on(db, shown, scope),
        day=shown,
        weekdays=WEEKDAYS,
        error=error,
    )


@router.get("/appointments", response_class=HTMLResponse)
def appointments_page(
    db: DbDep, scope: ScopeDep, page: PageDep, day: str | None = None
) -> HTMLResponse:
    try:
        shown = date.fromisoformat(day) if day else None
    except ValueError:
        return _appointments(
            db, page, scope, 400, page.t._("The day is a date such as 2025-03-04.")
        )
    return _appointments(db, page, scope, day=shown)


@router.post("/appointments/services")
def service_add(
    db: DbDep, _user: AdminDep, scope: ScopeDep, values: FormDep, page: PageDep
) -> Response:
    try:
        minutes = _number(values, "minutes", N_("the length in minutes"))
        openings.add_service(db, values.get("id", ""), values.get("name", ""), minutes)
    except HubError as exc:
        return _appointments(db, page, scope, 400, page.t.error(exc))
    return RedirectResponse("/appointments", status_code=303)


@router.post("/appointments/services/{service_id}/remove")
def service_remove(service_id: str, db: DbDep, _user: AdminDep, _form: FormDep) -> Response:
    try:
        openings.remove_service(db, service_id)
    except NotFoundError:
        raise not_found(N_("no such service")) from None
    return RedirectResponse("/appointments", status_code=303)


@router.post("/appointments/openings")
def opening_add(
    db: DbDep, _user: CoordinatorDep, scope: ScopeDep, values: FormDep, page: PageDep
) -> Response:
    location_id = values.get("location", "")
    if not scope.allows(location_id):
        raise not_found(N_("no such location"))
    try:
        openings.add_opening(
            db,
            location_id,
            values.get("service", ""),
            weekday=_number(values, "weekday", N_("the weekday")),
            start_time=values.get("start_time", ""),
            end_time=values.get("end_time", ""),
            every_minutes=_number(values, "every_minutes", N_("the interval")),
            capacity=_number(values, "capacity", N_("the number of volunteers")),
            scope=scope,
        )
    except HubError as exc:
        return _appointments(db, page, scope, 400, page.t.error(exc))
    return RedirectResponse("/appointments", status_code=303)


@router.post("/appointments/openings/{opening_id}/remove")
def opening_remove(
    opening_id: RowId, db: DbDep, _user: CoordinatorDep, scope: ScopeDep, _form: FormDep
) -> Response:
    try:
        openings.remove_opening(db, opening_id, scope)
    except NotFoundError:
        raise not_found(N_("no such opening")) from None
    return RedirectResponse("/appointments", status_code=303)


@router.post("/appointments/bookings/{booking_id}/cancel")
def booking_cancel(
    booking_id: RowId, db: DbDep, user: CoordinatorDep, scope: ScopeDep, values: FormDep
) -> Response:
    try:
        appointments.cancel_by_id(db, booking_id, scope)
    except NotFoundError:
        raise not_found(N_("no such booking")) from None
    log.info("booking %s cancelled by %s", booking_id, user.email)
    day = values.get("day", "")
    return RedirectResponse(f"/appointments?day={day}" if day else "/appointments", 303)
