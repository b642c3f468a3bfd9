"""Staff accounts: adding a user who may log in to the staff pages, with a role
(`hub_admin`, `coordinator` or `staff`, kiosk.hub.scope) and a scope (organisations and
locations they see). Used by `kiosk hub add-user`, the demo and the tests."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError

from kiosk.clock import utc_now
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import User
from kiosk.hub.errors import HubError
from kiosk.hub.organisations import set_grants
from kiosk.hub.scope import ROLE_ALIASES, ROLES
from kiosk.hub.security import hash_password

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
MIN_PASSWORD = 10


def check_role(role: str) -> str:
    """`role` (or its old name: admin = hub_admin), or HubError."""
    role = ROLE_ALIASES.get(role, role)
    if role not in ROLES:
        raise HubError(f"role must be one of {', '.join(ROLES)}")
    return role


def add_user(
    db: HubDatabase,
    email: str,
    role: str,
    password: str,
    *,
    organisations: Iterable[str] = (),
    locations: Iterable[str] = (),
) -> int:
    """A new user with `role` and a scope of these organisation and location ids."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise HubError(f"{email!r} is not an e-mail address")
    role = check_role(role)
    if len(password) < MIN_PASSWORD:
        raise HubError(f"the password must have at least {MIN_PASSWORD} characters")
    user = User(email=email, role=role, password_hash=hash_password(password), created_at=utc_now())
    with db.sessions() as session:
        session.add(user)
        try:
            session.commit()
        except IntegrityError:
            raise HubError(f"a user {email} exists already") from None
        user_id = user.id
    set_grants(db, user_id, organisations, locations)
    return user_id
