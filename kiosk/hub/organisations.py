"""Organisations (a library organisation, a municipality) and the grants that make a user's scope.

Every location belongs to one organisation. A user's scope is a list of grants: whole
organisations and single locations (kiosk.hub.scope). Hub admins manage both on the
Organisations page and with `kiosk hub` commands; the migration of issue #18 put every existing
location into "Default" and listed the users whose scope it set, for review (`scope_review`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from kiosk.clock import utc_now
from kiosk.domain.names import NameRefused, check_name
from kiosk.hub.audit import CLI, Actor, audit
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import Location, Meta, Organisation, User, UserScope
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.i18n import N_
from kiosk.hub.scope import HUB_ADMIN

DEFAULT_ORGANISATION = "Default"
REVIEW_KEY = "scope_review"


def add_organisation(db: HubDatabase, name: str, actor: Actor = CLI) -> str:
    """A new organisation; returns its id. The name follows the name rule."""
    try:
        clean = check_name(name, "organisation")
    except NameRefused as exc:
        raise HubError(exc.message) from None
    organisation = Organisation(id=str(uuid.uuid4()), name=clean, created_at=utc_now())
    with db.sessions() as session:
        session.add(organisation)
        try:
            session.flush()
        except IntegrityError:
            raise HubError(
                N_("an organisation named {name} exists already"), name=repr(clean)
            ) from None
        audit(session, "organisation.added", actor, target=f"organisation:{organisation.id}")
        session.commit()
        return organisation.id


def list_organisations(db: HubDatabase) -> list[Organisation]:
    with db.sessions() as session:
        return list(session.scalars(select(Organisation).order_by(Organisation.name)))


def find_organisation(db: HubDatabase, name_or_id: str) -> Organisation:
    wanted = " ".join(name_or_id.split()).lower()
    with db.sessions() as session:
        found = session.scalar(
            select(Organisation).where(
                (Organisation.id == name_or_id.strip()) | (func.lower(Organisation.name) == wanted)
            )
        )
    if found is None:
        raise NotFoundError(
            N_("no organisation {name}; add it with 'kiosk hub add-organisation NAME'"),
            name=repr(name_or_id),
        )
    return found


def default_organisation(db: HubDatabase) -> str:
    """The id of the "Default" organisation, made when missing (new hubs, the first location)."""
    try:
        return find_organisation(db, DEFAULT_ORGANISATION).id
    except NotFoundError:
        try:
            return add_organisation(db, DEFAULT_ORGANISATION)
        except HubError:  # another process made it first
            return find_organisation(db, DEFAULT_ORGANISATION).id


def move_location(
    db: HubDatabase, location_id: str, organisation_id: str, actor: Actor = CLI
) -> None:
    with db.sessions.begin() as session:
        location = session.get(Location, location_id)
        if location is None:
            raise NotFoundError(N_("no location {location}"), location=repr(location_id))
        if session.get(Organisation, organisation_id) is None:
            raise NotFoundError(
                N_("no organisation {organisation}"), organisation=repr(organisation_id)
            )
        audit(
            session,
            "location.moved",
            actor,
            target=f"organisation:{organisation_id}",
            location_id=location_id,
            details={"from": location.organisation_id},
        )
        location.organisation_id = organisation_id


@dataclass(frozen=True)
class Grants:
    """A user's scope as granted: organisation ids and location ids."""

    organisations: tuple[str, ...]
    locations: tuple[str, ...]


def set_grants(
    db: HubDatabase,
    user_id: int,
    organisations: Iterable[str] = (),
    locations: Iterable[str] = (),
) -> None:
    """Replace a user's scope with these organisations and locations (ids)."""
    org_ids = sorted(set(organisations))
    location_ids = sorted(set(locations))
    with db.sessions.begin() as session:
        if session.get(User, user_id) is None:
            raise NotFoundError(f"no user {user_id}")
        for org in org_ids:
            if session.get(Organisation, org) is None:
                raise NotFoundError(N_("no organisation {organisation}"), organisation=repr(org))
        for loc in location_ids:
            if session.get(Location, loc) is None:
                raise NotFoundError(N_("no location {location}"), location=repr(loc))
        session.execute(delete(UserScope).where(UserScope.user_id == user_id))
        session.add_all(UserScope(user_id=user_id, organisation_id=org) for org in org_ids)
        session.add_all(UserScope(user_id=user_id, location_id=loc) for loc in location_ids)


def grants_of(db: HubDatabase, user_id: int) -> Grants:
    with db.sessions() as session:
        rows = session.execute(
            select(UserScope.organisation_id, UserScope.location_id).where(
                UserScope.user_id == user_id
            )
        ).all()
    return Grants(
        tuple(sorted(org for org, _loc in rows if org)),
        tuple(sorted(loc for _org, loc in rows if loc)),
    )


@dataclass(frozen=True)
class BroadUser:
    """A user the upgrade gave a broad scope: hub admin, or a whole organisation."""

    email: str
    role: str
    organisations: tuple[str, ...]


def users_to_review(db: HubDatabase) -> list[BroadUser]:
    """The users the upgrade listed whose scope is still broad (the hub admins' banner)."""
    with db.sessions() as session:
        raw = session.scalar(select(Meta.value).where(Meta.key == REVIEW_KEY))
        if raw is None:
            return []
        ids = [int(item) for item in json.loads(raw) if isinstance(item, int)]
        users = session.scalars(select(User).where(User.id.in_(ids)).order_by(User.email)).all()
        found = []
        for user in users:
            names = tuple(
                session.scalars(
                    select(Organisation.name)
                    .join(UserScope, UserScope.organisation_id == Organisation.id)
                    .where(UserScope.user_id == user.id)
                    .order_by(Organisation.name)
                )
            )
            if user.role == HUB_ADMIN or names:
                found.append(BroadUser(user.email, user.role, names))
    return found


def dismiss_review(db: HubDatabase) -> None:
    """The hub admins have looked at the list: stop showing the banner."""
    with db.sessions.begin() as session:
        session.execute(delete(Meta).where(Meta.key == REVIEW_KEY))
