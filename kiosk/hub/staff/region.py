"""The hub admin's pages of a shared hub (issue #18): organisations, which organisation each
location belongs to, and the upgrade's list of users whose scope is still broad.

Hub admins only (`AdminDep`); every form carries a CSRF token (`FormDep`). Users and their
scopes are managed on the Users page and with `kiosk hub user ...`.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiosk.hub.audit import by_user
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.deps import AdminDep, DbDep, FormDep, PageDep, not_found
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.i18n import N_
from kiosk.hub.locations import list_locations
from kiosk.hub.organisations import (
    add_organisation,
    dismiss_review,
    list_organisations,
    move_location,
)
from kiosk.hub.staff.rendering import Page

log = logging.getLogger("kiosk.hub.web")
router = APIRouter(include_in_schema=False)


def _organisations(
    db: HubDatabase, page: Page, status_code: int = 200, error: str | None = None
) -> HTMLResponse:
    organisations = list_organisations(db)
    locations = list_locations(db)
    return page.render(
        "organisations.html",
        status_code=status_code,
        organisations=organisations,
        locations_of={
            org.id: [loc for loc in locations if loc.organisation_id == org.id]
            for org in organisations
        },
        locations=locations,
        error=error,
    )


@router.get("/organisations", response_class=HTMLResponse)
def organisations_page(db: DbDep, _user: AdminDep, page: PageDep) -> HTMLResponse:
    return _organisations(db, page)


@router.post("/organisations")
def organisation_add(db: DbDep, user: AdminDep, values: FormDep, page: PageDep) -> Response:
    try:
        add_organisation(db, values.get("name", ""), by_user(user.id))
    except HubError as exc:
        return _organisations(db, page, 400, page.t.error(exc))
    log.info("organisation added by %s", user.email)
    return RedirectResponse("/organisations", status_code=303)


@router.post("/locations/{location_id}/organisation")
def location_move(
    location_id: str, db: DbDep, user: AdminDep, values: FormDep, page: PageDep
) -> Response:
    try:
        move_location(db, location_id, values.get("organisation", ""), by_user(user.id))
    except NotFoundError:
        raise not_found(N_("no such location or organisation")) from None
    log.info("location %s moved to another organisation by %s", location_id, user.email)
    return RedirectResponse("/organisations", status_code=303)


@router.post("/scope-review/dismiss")
def scope_review_dismiss(db: DbDep, user: AdminDep, _form: FormDep) -> Response:
    dismiss_review(db)
    log.info("the upgrade's scope review was dismissed by %s", user.email)
    return RedirectResponse("/dashboard", status_code=303)
