"""Staff accounts: who may log in to the staff pages, with a role (`hub_admin`,
`coordinator` or `staff`, kiosk.hub.scope) and a scope (the organisations and locations they
see, kiosk.hub.organisations).

Used by `kiosk hub user ...` (actor `cli`), the admin "Users" page (actor: that admin), the demo
and the tests. Every change is audited in the same transaction (kiosk.hub.audit).

- Disabling a user ends their sessions and deletes their publishing tokens in that same
  transaction, so their next request, in a browser or with `kiosk admin`, is refused.
- Removing a user disables them, anonymises the e-mail (`removed-<id>@removed.invalid`) and
  forgets the password hash; the row stays so the audit log keeps its actor.
- A forced reset gives the account a one-time password to hand over in person; at the next
  login the user must choose their own before any other page opens.
- The hub keeps at least one enabled hub_admin: the last one cannot be disabled, removed or
  demoted (a locked-out hub would need SQL).
- New passwords follow kiosk.hub.staff.passwords.check_password (12 characters, not common,
  not the e-mail); existing hashes stay valid until the next change.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.clock import utc_now
from kiosk.domain.jsontypes import JsonValue
from kiosk.hub.audit import CLI, Actor, audit
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import User
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.guides.admin_tokens import revoke_all_for
from kiosk.hub.i18n import HUB_LANGUAGES, N_
from kiosk.hub.names import check_email
from kiosk.hub.organisations import set_grants
from kiosk.hub.scope import HUB_ADMIN, ROLE_ALIASES, ROLES
from kiosk.hub.security import hash_password, verify_password
from kiosk.hub.staff.auth import end_sessions
from kiosk.hub.staff.passwords import check_password

REMOVED_DOMAIN = "removed.invalid"


@dataclass(frozen=True)
class UserInfo:
    id: int
    email: str
    role: str
    created_at: datetime
    disabled_at: datetime | None
    removed_at: datetime | None
    password_changed_at: datetime | None
    must_change_password: bool
    #: The language of the hub's pages for this user (kiosk.hub.i18n); None follows the browser.
    language: str | None = None

    @property
    def status(self) -> str:
        if self.removed_at is not None:
            return "removed"
        return "disabled" if self.disabled_at is not None else "active"


def clean_email(email: str) -> str:
    """The e-mail as stored (trimmed, lower case), or HubError."""
    email = check_email(email)
    if email.endswith("@" + REMOVED_DOMAIN):
        raise HubError(
            N_("addresses at {domain} are kept for removed accounts"), domain=REMOVED_DOMAIN
        )
    return email


def check_role(role: str) -> str:
    """`role` (or its old name: admin = hub_admin), or HubError."""
    role = ROLE_ALIASES.get(role, role)
    if role not in ROLES:
        raise HubError(N_("role must be one of {roles}"), roles=", ".join(ROLES))
    return role


def _info(user: User) -> UserInfo:
    return UserInfo(
        user.id,
        user.email,
        user.role,
        user.created_at,
        user.disabled_at,
        user.removed_at,
        user.password_changed_at,
        user.must_change_password,
        user.language,
    )


def add_user(
    db: HubDatabase,
    email: str,
    role: str,
    password: str,
    actor: Actor = CLI,
    *,
    organisations: Iterable[str] = (),
    locations: Iterable[str] = (),
) -> int:
    """A new user with `role` and a scope of these organisation and location ids."""
    email = clean_email(email)
    role = check_role(role)
    check_password(password, email)
    now = utc_now()
    user = User(
        email=email,
        role=role,
        password_hash=hash_password(password),
        created_at=now,
        password_changed_at=now,
        must_change_password=False,
    )
    with db.sessions() as session:
        session.add(user)
        try:
            session.flush()
        except IntegrityError:
            raise HubError(N_("a user {email} exists already"), email=email) from None
        audit(session, "user.added", actor, target=f"user:{user.id}", details={"role": role})
        session.commit()
        user_id = user.id
    org_ids, location_ids = list(organisations), list(locations)
    if org_ids or location_ids:
        set_locations(db, user_id, org_ids, location_ids, actor)
    return user_id


def set_locations(
    db: HubDatabase,
    ref: str | int,
    organisations: Iterable[str] = (),
    locations: Iterable[str] = (),
    actor: Actor = CLI,
) -> UserInfo:
    """Replace a user's scope with these organisation and location ids; audited."""
    org_ids, location_ids = sorted(set(organisations)), sorted(set(locations))
    with db.sessions() as session:
        info = _info(_find(session, ref))
    set_grants(db, info.id, org_ids, location_ids)
    granted: dict[str, JsonValue] = {
        "organisations": list[JsonValue](org_ids),
        "locations": list[JsonValue](location_ids),
    }
    with db.sessions.begin() as session:
        audit(
            session,
            "user.scope_changed",
            actor,
            target=f"user:{info.id}",
            details=granted,
        )
    return info


def list_users(db: HubDatabase, include_removed: bool = False) -> list[UserInfo]:
    with db.sessions() as session:
        query = select(User).order_by(User.email)
        if not include_removed:
            query = query.where(User.removed_at.is_(None))
        return [_info(user) for user in session.scalars(query)]


def get_user(db: HubDatabase, ref: str | int) -> UserInfo:
    with db.sessions() as session:
        return _info(_find(session, ref))


def _find(session: Session, ref: str | int) -> User:
    """A user by id or e-mail; removed users only by id."""
    user: User | None
    if isinstance(ref, int) or (ref.isascii() and ref.isdigit() and len(ref) < 10):
        user = session.get(User, int(ref))
    else:
        user = session.scalar(select(User).where(User.email == ref.strip().lower()))
    if user is None:
        raise NotFoundError(N_("no user {ref}"), ref=repr(ref))
    return user


def _other_enabled_admins(session: Session, user: User) -> int:
    count = session.scalar(
        select(func.count()).where(
            User.role == HUB_ADMIN, User.disabled_at.is_(None), User.id != user.id
        )
    )
    return int(count or 0)


def _keep_an_admin(session: Session, user: User) -> None:
    if (
        user.role == HUB_ADMIN
        and user.disabled_at is None
        and not _other_enabled_admins(session, user)
    ):
        raise HubError(
            N_(
                "{email} is the last enabled admin (hub_admin); make another hub_admin first, "
                "or the hub would have nobody to manage it"
            ),
            email=user.email,
        )


def _shut_out(session: Session, user: User) -> int:
    """End the user's sessions and delete their publishing tokens; how many tokens."""
    end_sessions(session, user.id)
    return revoke_all_for(session, user.id)


def set_role(db: HubDatabase, ref: str | int, role: str, actor: Actor = CLI) -> UserInfo:
    role = check_role(role)
    with db.sessions.begin() as session:
        user = _find(session, ref)
        if user.removed_at is not None:
            raise HubError(N_("that account was removed"))
        if user.role != role:
            if role != HUB_ADMIN:
                _keep_an_admin(session, user)
            audit(
                session,
                "user.role_changed",
                actor,
                target=f"user:{user.id}",
                details={"from": user.role, "to": role},
            )
            user.role = role
        return _info(user)


def disable_user(db: HubDatabase, ref: str | int, actor: Actor = CLI) -> UserInfo:
    """Disable an account: its sessions end and its publishing tokens go, at once."""
    with db.sessions.begin() as session:
        user = _find(session, ref)
        if user.disabled_at is None:
            _keep_an_admin(session, user)
            user.disabled_at = utc_now()
        tokens = _shut_out(session, user)
        audit(
            session,
            "user.disabled",
            actor,
            target=f"user:{user.id}",
            details={"tokens_revoked": tokens},
        )
        return _info(user)


def enable_user(db: HubDatabase, ref: str | int, actor: Actor = CLI) -> UserInfo:
    with db.sessions.begin() as session:
        user = _find(session, ref)
        if user.removed_at is not None:
            raise HubError(N_("a removed account cannot be enabled; add the person again"))
        if user.disabled_at is not None:
            user.disabled_at = None
            audit(session, "user.enabled", actor, target=f"user:{user.id}")
        return _info(user)


def remove_user(db: HubDatabase, ref: str | int, actor: Actor = CLI) -> UserInfo:
    """Disable, anonymise the e-mail, forget the password; the row stays for the audit log."""
    with db.sessions.begin() as session:
        user = _find(session, ref)
        if user.removed_at is not None:
            return _info(user)
        if user.disabled_at is None:
            _keep_an_admin(session, user)
        now = utc_now()
        user.disabled_at = user.disabled_at or now
        user.removed_at = now
        user.email = f"removed-{user.id}@{REMOVED_DOMAIN}"
        user.password_hash = "!"
        tokens = _shut_out(session, user)
        audit(
            session,
            "user.removed",
            actor,
            target=f"user:{user.id}",
            details={"tokens_revoked": tokens},
        )
        return _info(user)


def set_password(
    db: HubDatabase,
    ref: str | int,
    password: str,
    actor: Actor = CLI,
    keep_session: str | None = None,
    must_change: bool = False,
) -> UserInfo:
    """Set a new password (checked against the rule). Other sessions of the user end, and
    their publishing tokens go: a changed password often means the old one leaked."""
    with db.sessions.begin() as session:
        user = _find(session, ref)
        if user.removed_at is not None:
            raise HubError(N_("that account was removed"))
        check_password(password, user.email)
        if not must_change and user.password_hash and verify_password(user.password_hash, password):
            # After a forced reset the admin knows the one-time password: it must not stay.
            raise HubError(N_("choose a password different from the current one"))
        user.password_hash = hash_password(password)
        user.password_changed_at = utc_now()
        user.must_change_password = must_change
        end_sessions(session, user.id, keep=keep_session)
        tokens = revoke_all_for(session, user.id)
        audit(
            session,
            "user.password_reset" if must_change else "user.password_changed",
            actor,
            target=f"user:{user.id}",
            details={"tokens_revoked": tokens},
        )
        return _info(user)


def force_reset(db: HubDatabase, ref: str | int, actor: Actor = CLI) -> str:
    """Replace the password by a one-time one (returned, to hand over in person); the user
    must choose a new one at the next login. Sessions end and tokens go at once."""
    one_time = "-".join(secrets.token_urlsafe(6) for _ in range(3))
    with db.sessions.begin() as session:
        user = _find(session, ref)
        if user.removed_at is not None:
            raise HubError(N_("that account was removed"))
        user.password_hash = hash_password(one_time)
        user.must_change_password = True
        tokens = _shut_out(session, user)
        audit(
            session,
            "user.password_reset",
            actor,
            target=f"user:{user.id}",
            details={"tokens_revoked": tokens},
        )
    return one_time


def set_language(
    db: HubDatabase, ref: str | int, language: str | None, actor: Actor = CLI
) -> UserInfo:
    """The language of the hub's pages for a user (nl, fr, en), or None to follow the browser."""
    if language is not None and language not in HUB_LANGUAGES:
        raise HubError(
            N_("The language must be one of {languages}."), languages=", ".join(HUB_LANGUAGES)
        )
    with db.sessions.begin() as session:
        user = _find(session, ref)
        if user.language != language:
            audit(
                session,
                "user.language_changed",
                actor,
                target=f"user:{user.id}",
                details={"from": user.language, "to": language},
            )
            user.language = language
        return _info(user)


def stored_hash(db: HubDatabase, user_id: int) -> str | None:
    """The password hash of an enabled user, to check their current password."""
    with db.sessions() as session:
        user = session.get(User, user_id)
        return None if user is None or user.disabled_at is not None else user.password_hash
