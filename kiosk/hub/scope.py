"""Who may see what: roles, and the `Scope` every query of the staff pages takes.

Roles, from most to least:

- `hub_admin`: everything, including organisations, users' scopes and the guide repository;
- `coordinator`: their locations' volunteers, openings, referrals, enrollment codes and kiosks,
  and everything a staff user sees;
- `staff`: the dashboard, exports and appointments of their locations.

A user's scope is a set of grants (`UserScope` rows): whole organisations (all their locations,
also those added later) and single locations. A hub_admin's scope is everything; a user without
grants sees nothing. `Scope` is the resolved form, a frozen set of location ids (or "all"),
made once per request by `kiosk.hub.deps.ScopeDep`; a query narrows itself with
`scope.where(column)`, and a route asks `scope.allows(location_id)` before it touches an object,
so an object of another location is a 404, the same as one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from kiosk.hub.db.models import Location, User, UserScope

HUB_ADMIN = "hub_admin"
COORDINATOR = "coordinator"
STAFF = "staff"
#: Most to least.
ROLES = (HUB_ADMIN, COORDINATOR, STAFF)
#: Old names still accepted where a role is typed (`kiosk hub add-user --role admin`).
ROLE_ALIASES = {"admin": HUB_ADMIN}


def role_at_least(role: str, needed: str) -> bool:
    """True when `role` may do what `needed` may (hub_admin > coordinator > staff)."""
    if role not in ROLES or needed not in ROLES:
        return False
    return ROLES.index(role) <= ROLES.index(needed)


@dataclass(frozen=True)
class Scope:
    """The locations a user may see: `location_ids`, or every location when it is None."""

    location_ids: frozenset[str] | None

    @classmethod
    def everything(cls) -> Scope:
        return cls(None)

    @classmethod
    def nothing(cls) -> Scope:
        return cls(frozenset())

    @property
    def is_all(self) -> bool:
        return self.location_ids is None

    def allows(self, location_id: str | None) -> bool:
        if location_id is None:
            return False
        return self.location_ids is None or location_id in self.location_ids

    def where(self, column: InstrumentedAttribute[str]) -> ColumnElement[bool]:
        """A WHERE clause keeping the rows of `column` (a location id) inside the scope."""
        if self.location_ids is None:
            return true()
        if not self.location_ids:
            return false()
        return column.in_(sorted(self.location_ids))


#: The CLI and the hub's own jobs act with full scope.
FULL = Scope.everything()


def resolve_scope(session: Session, user_id: int, role: str) -> Scope:
    """The scope of a user: everything for a hub_admin, else the locations of their grants."""
    if role == HUB_ADMIN:
        return Scope.everything()
    if role not in ROLES:
        return Scope.nothing()
    grants = session.execute(
        select(UserScope.organisation_id, UserScope.location_id).where(UserScope.user_id == user_id)
    ).all()
    organisations = {org for org, _loc in grants if org}
    ids = {loc for _org, loc in grants if loc}
    if organisations:
        ids.update(
            session.scalars(
                select(Location.id).where(Location.organisation_id.in_(sorted(organisations)))
            )
        )
    return Scope(frozenset(ids))


def user_scope(session: Session, user: User) -> Scope:
    return resolve_scope(session, user.id, user.role)
