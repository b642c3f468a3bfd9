"""The help point's staff pages (issue #8): volunteers, services, openings, the day's bookings.

Same rules as kiosk.hub.web: a login to see, the admin role and a CSRF token to change. PINs
are never shown or typed here; staff only see whether a volunteer has set one, and can clear
it. The day's bookings show the resident's first name and phone until the retention job
empties them the day after.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiosk.clock import utc_now
from kiosk.hub import admin, appointments, openings, volunteers
from kiosk.hub.errors import HubError
from kiosk.hub.slots import DEFAULT_TIMEZONE, WEEKDAYS, local_today
from kiosk.hub.staff_auth import StaffUser
from kiosk.hub.web import _admin, _db, _form, _page, _user, templates

log = logging.getLogger("kiosk.hub.web")
router = APIRouter(include_in_schema=False)


def local_time(moment: datetime, timezone: str = DEFAULT_TIMEZONE) -> str:
    """An aware moment as local 'HH:MM'."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M")


templates.env.filters["local_time"] = local_time


def _number(values: dict[str, str], key: str, what: str) -> int:
    text = values.get(key, "").strip()
    if not text.isdigit():
        raise HubError(f"{what} must be a whole number")
    return int(text)


# -- volunteers ------------------------------------------------------------------------------


def _volunteers(
    request: Request, user: StaffUser, status_code: int = 200, error: str | None = None
) -> HTMLResponse:
    db = _db(request)
    return _page(
        request,
        "volunteers.html",
        user,
        status_code=status_code,
        volunteers=volunteers.volunteers(db),
        locations=admin.locations(db),
        roles=volunteers.ROLES,
        error=error,
    )


@router.get("/volunteers", response_class=HTMLResponse)
def volunteers_page(request: Request) -> HTMLResponse:
    return _volunteers(request, _user(request))


@router.post("/volunteers")
async def volunteer_add(request: Request) -> Response:
    user = _admin(request)
    values = await _form(request, user)
    try:
        volunteers.add_volunteer(
            _db(request),
            values.get("location", ""),
            values.get("name", ""),
            values.get("role", "volunteer"),
        )
    except HubError as exc:
        return _volunteers(request, user, 400, str(exc))
    log.info("volunteer added by %s", user.email)
    return RedirectResponse("/volunteers", status_code=303)


@router.post("/volunteers/{volunteer_id}/remove")
async def volunteer_remove(request: Request, volunteer_id: str) -> Response:
    user = _admin(request)
    await _form(request, user)
    try:
        volunteers.remove_volunteer(_db(request), volunteer_id)
    except HubError as exc:
        return _volunteers(request, user, 404, str(exc))
    log.info("volunteer %s removed by %s", volunteer_id, user.email)
    return RedirectResponse("/volunteers", status_code=303)


@router.post("/volunteers/{volunteer_id}/reset-pin")
async def volunteer_reset_pin(request: Request, volunteer_id: str) -> Response:
    user = _admin(request)
    await _form(request, user)
    try:
        volunteers.clear_pin(_db(request), volunteer_id)
    except HubError as exc:
        return _volunteers(request, user, 404, str(exc))
    log.info("PIN of volunteer %s cleared by %s", volunteer_id, user.email)
    return RedirectResponse("/volunteers", status_code=303)


# -- appointments ----------------------------------------------------------------------------


def _appointments(
    request: Request,
    user: StaffUser,
    status_code: int = 200,
    error: str | None = None,
    day: date | None = None,
) -> HTMLResponse:
    db = _db(request)
    shown = day or local_today(utc_now())
    context: dict[str, Any] = {
        "services": openings.services(db),
        "openings": openings.openings(db),
        "locations": admin.locations(db),
        "bookings": appointments.bookings_on(db, shown),
        "day": shown,
        "weekdays": WEEKDAYS,
        "error": error,
    }
    return _page(request, "appointments.html", user, status_code=status_code, **context)


@router.get("/appointments", response_class=HTMLResponse)
def appointments_page(request: Request, day: str | None = None) -> HTMLResponse:
    user = _user(request)
    try:
        shown = date.fromisoformat(day) if day else None
    except ValueError:
        return _appointments(request, user, 400, "the day is a date such as 2025-03-04")
    return _appointments(request, user, day=shown)


@router.post("/appointments/services")
async def service_add(request: Request) -> Response:
    user = _admin(request)
    values = await _form(request, user)
    try:
        minutes = _number(values, "minutes", "the length in minutes")
        openings.add_service(_db(request), values.get("id", ""), values.get("name", ""), minutes)
    except HubError as exc:
        return _appointments(request, user, 400, str(exc))
    return RedirectResponse("/appointments", status_code=303)


@router.post("/appointments/services/{service_id}/remove")
async def service_remove(request: Request, service_id: str) -> Response:
    user = _admin(request)
    await _form(request, user)
    try:
        openings.remove_service(_db(request), service_id)
    except HubError as exc:
        return _appointments(request, user, 404, str(exc))
    return RedirectResponse("/appointments", status_code=303)


@router.post("/appointments/openings")
async def opening_add(request: Request) -> Response:
    user = _admin(request)
    values = await _form(request, user)
    try:
        openings.add_opening(
            _db(request),
            values.get("location", ""),
            values.get("service", ""),
            weekday=_number(values, "weekday", "the weekday"),
            start_time=values.get("start_time", ""),
            end_time=values.get("end_time", ""),
            every_minutes=_number(values, "every_minutes", "the interval"),
            capacity=_number(values, "capacity", "the number of volunteers"),
        )
    except HubError as exc:
        return _appointments(request, user, 400, str(exc))
    return RedirectResponse("/appointments", status_code=303)


@router.post("/appointments/openings/{opening_id}/remove")
async def opening_remove(request: Request, opening_id: int) -> Response:
    user = _admin(request)
    await _form(request, user)
    try:
        openings.remove_opening(_db(request), opening_id)
    except HubError as exc:
        return _appointments(request, user, 404, str(exc))
    return RedirectResponse("/appointments", status_code=303)


@router.post("/appointments/bookings/{booking_id}/cancel")
async def booking_cancel(request: Request, booking_id: int) -> Response:
    user = _admin(request)
    values = await _form(request, user)
    try:
        appointments.cancel_by_id(_db(request), booking_id)
    except HubError as exc:
        return _appointments(request, user, 404, str(exc))
    log.info("booking %s cancelled by %s", booking_id, user.email)
    day = values.get("day", "")
    return RedirectResponse(f"/appointments?day={day}" if day else "/appointments", 303)
