"""The "Users" page for admins (add, change role, disable, enable, remove, force a password
reset) and /account/password, where every user changes their own password.

The work is done by kiosk.hub.staff.accounts, which audits each change with the admin as actor.
An admin cannot disable, remove or demote themselves here (the CLI can, as `cli`), so nobody
locks themselves out by a slip of the mouse.
"""

from __future__ import annotations

import contextlib
import logging

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiosk.hub.audit import by_user
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.deps import AdminDep, DbDep, FormDep, PageDep, RowId, StaffDep
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.i18n import N_
from kiosk.hub.locations import find_location, list_locations
from kiosk.hub.organisations import find_organisation, grants_of, list_organisations
from kiosk.hub.scope import HUB_ADMIN, ROLES
from kiosk.hub.staff import accounts
from kiosk.hub.staff.auth import StaffUser
from kiosk.hub.staff.passwords import MIN_LENGTH, verify_blocking
from kiosk.hub.staff.rendering import Page

log = logging.getLogger("kiosk.hub.web")
router = APIRouter(include_in_schema=False)


def _users(
    db: HubDatabase,
    page: Page,
    status_code: int = 200,
    error: str | None = None,
    one_time: tuple[str, str] | None = None,
) -> HTMLResponse:
    users = accounts.list_users(db)
    org_names = {org.id: org.name for org in list_organisations(db)}
    location_names = {loc.id: loc.name for loc in list_locations(db)}
    sees: dict[int, list[str]] = {}
    for account in users:
        grants = grants_of(db, account.id)
        sees[account.id] = [f"{ORG_PREFIX} {org_names.get(i, i)}" for i in grants.organisations] + [
            location_names.get(i, i) for i in grants.locations
        ]
    return page.render(
        "users.html",
        status_code=status_code,
        users=users,
        sees=sees,
        roles=ROLES,
        min_length=MIN_LENGTH,
        error=error,
        one_time=one_time,
    )


@router.get("/users", response_class=HTMLResponse)
def users_page(db: DbDep, _user: AdminDep, page: PageDep) -> HTMLResponse:
    return _users(db, page)


@router.post("/users", response_class=HTMLResponse)
def user_add(db: DbDep, user: AdminDep, values: FormDep, page: PageDep) -> Response:
    try:
        accounts.add_user(
            db,
            values.get("email", ""),
            values.get("role", ""),
            values.get("password", ""),
            by_user(user.id),
        )
    except HubError as exc:
        return _users(db, page, status_code=400, error=page.t.error(exc))
    return RedirectResponse("/users", status_code=303)


ORG_PREFIX = "organisation:"
LOCATION_PREFIX = "location:"


def parse_scope(db: HubDatabase, text: str) -> tuple[list[str], list[str]]:
    """Organisation and location ids from names (or ids), one per line.

    `organisation: NAME` is every location of that organisation, `location: NAME` one location;
    a bare name is whichever of the two exists, and a name that is both is refused (an admin
    who means one location must not grant a whole organisation by accident). HubError for an
    unknown or ambiguous name."""
    organisations: list[str] = []
    locations: list[str] = []
    for line in text.splitlines():
        name = line.strip()
        if not name:
            continue
        kind = ""
        for prefix in (ORG_PREFIX, LOCATION_PREFIX):
            if name.lower().startswith(prefix):
                kind, name = prefix, name[len(prefix) :].strip()
        org = location = None
        if kind != LOCATION_PREFIX:
            with contextlib.suppress(NotFoundError):
                org = find_organisation(db, name).id
        if kind != ORG_PREFIX:
            with contextlib.suppress(NotFoundError):
                location = find_location(db, name).id
        if org and location:
            raise HubError(
                N_(
                    "{quoted} is both an organisation and a location; write "
                    "'organisation: {name}' or 'location: {name}'"
                ),
                quoted=repr(name[:80]),
                name=name[:80],
            )
        if org:
            organisations.append(org)
        elif location:
            locations.append(location)
        else:
            raise HubError(
                N_("{name} is neither an organisation nor a location"), name=repr(name[:80])
            )
    return organisations, locations


def _not_yourself(user: StaffUser, user_id: int) -> None:
    if user.id == user_id:
        raise HubError(N_("you cannot do this to your own account here; ask another admin"))


@router.post("/users/{user_id}/{action}", response_class=HTMLResponse)
def user_change(
    user_id: RowId, action: str, db: DbDep, user: AdminDep, values: FormDep, page: PageDep
) -> Response:
    actor = by_user(user.id)
    try:
        if action == "role":
            if accounts.check_role(values.get("role", "")) != HUB_ADMIN:
                _not_yourself(user, user_id)
            accounts.set_role(db, user_id, values.get("role", ""), actor)
        elif action == "scope":
            organisations, locations = parse_scope(db, values.get("scope", ""))
            accounts.set_locations(db, user_id, organisations, locations, actor)
        elif action == "disable":
            _not_yourself(user, user_id)
            accounts.disable_user(db, user_id, actor)
        elif action == "enable":
            accounts.enable_user(db, user_id, actor)
        elif action == "remove":
            _not_yourself(user, user_id)
            accounts.remove_user(db, user_id, actor)
        elif action == "reset":
            _not_yourself(user, user_id)
            one_time = accounts.force_reset(db, user_id, actor)
            email = accounts.get_user(db, user_id).email
            return _users(db, page, one_time=(email, one_time))
        else:
            return _users(db, page, status_code=404, error=page.t._("unknown action"))
    except HubError as exc:
        return _users(db, page, status_code=400, error=page.t.error(exc))
    log.info("user %d: %s by %s", user_id, action, user.email)
    return RedirectResponse("/users", status_code=303)


@router.get("/account/password", response_class=HTMLResponse)
def password_page(page: PageDep) -> HTMLResponse:
    return page.render("password.html", error=None, done=False, min_length=MIN_LENGTH)


@router.post("/account/language", response_class=HTMLResponse)
def language_change(db: DbDep, user: StaffDep, values: FormDep, page: PageDep) -> Response:
    """The user's language for the hub's pages; empty follows the browser again."""
    language = values.get("language", "") or None
    try:
        accounts.set_language(db, user.id, language, by_user(user.id))
    except HubError as exc:
        return page.render(
            "password.html",
            status_code=400,
            error=page.t.error(exc),
            done=False,
            min_length=MIN_LENGTH,
        )
    return RedirectResponse("/account/password", status_code=303)


@router.post("/account/password", response_class=HTMLResponse)
def password_change(
    request: Request, db: DbDep, user: StaffDep, values: FormDep, page: PageDep
) -> Response:
    def refused(message: str) -> HTMLResponse:
        return page.render(
            "password.html", status_code=400, error=message, done=False, min_length=MIN_LENGTH
        )

    current, new = values.get("current", ""), values.get("new", "")
    if new != values.get("again", ""):
        return refused(page.t._("The two new passwords differ."))
    stored = accounts.stored_hash(db, user.id)
    if stored is None or not verify_blocking(stored, current):
        return refused(page.t._("The current password is not right."))
    try:
        accounts.set_password(db, user.id, new, by_user(user.id), keep_session=user.session_id)
    except HubError as exc:
        return refused(page.t.error(exc))
    if user.must_change_password:
        return RedirectResponse("/dashboard", status_code=303)
    return page.render("password.html", error=None, done=True, min_length=MIN_LENGTH)
