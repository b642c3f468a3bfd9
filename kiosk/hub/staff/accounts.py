"""Staff accounts: adding a user who may log in to the staff pages, with the `admin` or
`staff` role. Used by `kiosk hub add-user`, the demo and the tests."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from kiosk.clock import utc_now
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import User
from kiosk.hub.errors import HubError
from kiosk.hub.names import check_email
from kiosk.hub.security import hash_password

ROLES = ("admin", "staff")
MIN_PASSWORD = 10


def add_user(db: HubDatabase, email: str, role: str, password: str) -> int:
    email = check_email(email)
    if role not in ROLES:
        raise HubError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise HubError(f"the password must have at least {MIN_PASSWORD} characters")
    user = User(email=email, role=role, password_hash=hash_password(password), created_at=utc_now())
    with db.sessions() as session:
        session.add(user)
        try:
            session.commit()
        except IntegrityError:
            raise HubError(f"a user {email} exists already") from None
        return user.id
