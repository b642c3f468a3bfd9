"""Checking a staff password at login (the staff pages and `kiosk admin login`).

`check_credentials()` is async and keeps argon2 off the event loop: the database work runs on
anyio's worker threads, the password check on the bounded password pool
(kiosk.hub.staff.passwords.verify).

Guessing is slowed in two separate ways, both counted in the database (`login_attempts`), so
every hub process sees the same counts:

- **per account**: after `login_attempts` failures for one e-mail within the window, each
  further attempt first waits (`login_backoff_seconds`, doubling per failure, at most
  `login_backoff_cap_seconds`, 30 s) and is then checked as usual, so the right password still
  logs in: nobody can lock someone else out by typing wrong passwords for them;
- **per client address** (a keyed hash of the address uvicorn resolved through the trusted
  proxies): after `login_address_attempts` failures within the window the address gets 429
  until the window has passed. The limit is high because one address can be a whole library
  behind a NAT.

Every attempt is audited (kiosk.hub.audit): `login.ok`, or `login.failed` with the user id when
the account exists, else a keyed hash of what was typed.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

import anyio
from fastapi import Request
from sqlalchemy import delete, func, select

from kiosk.clock import utc_now
from kiosk.hub.audit import audit, by_user, client_of, unknown_email
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import LoginAttempt, User
from kiosk.hub.security import DUMMY_HASH, client_key
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff import passwords


class Outcome(Enum):
    OK = "ok"
    FAILED = "failed"
    ADDRESS_BLOCKED = "address_blocked"


@dataclass(frozen=True)
class Checked:
    outcome: Outcome
    user_id: int | None = None
    role: str = ""
    must_change_password: bool = False
    #: seconds this attempt waited before the check (the per-account back-off)
    waited: float = 0.0


@dataclass(frozen=True)
class _Prepared:
    user_id: int | None
    role: str
    stored_hash: str
    disabled: bool
    must_change_password: bool
    account_failures: int
    address_failures: int


def _account_key(db: HubDatabase, email: str) -> str:
    """A keyed hash of the typed e-mail: what was typed for an account that does not exist is
    never stored (docs/deploy.md), and failures still count per account."""
    return "email:" + hmac.new(db.secret, email[:254].encode(), hashlib.sha256).hexdigest()[:32]


def _address_key(request: Request, db: HubDatabase) -> str | None:
    return None if request.client is None else client_key(db.secret, request.client.host)


def backoff_seconds(failures: int, settings: HubSettings) -> float:
    """How long an attempt waits after `failures` recent failures for its account."""
    over = failures - settings.login_attempts
    if over < 0:
        return 0.0
    return float(
        min(settings.login_backoff_cap_seconds, settings.login_backoff_seconds * 2 ** min(over, 20))
    )


def _prepare(request: Request, db: HubDatabase, settings: HubSettings, email: str) -> _Prepared:
    since = utc_now() - timedelta(minutes=settings.login_window_minutes)
    address = _address_key(request, db)
    with db.sessions() as session:
        user = session.scalar(select(User).where(User.email == email))

        def failures(key: str) -> int:
            count = session.scalar(
                select(func.count()).where(LoginAttempt.key == key, LoginAttempt.at > since)
            )
            return int(count or 0)

        account = failures(_account_key(db, email))
        by_address = failures(address) if address else 0
        if user is None:
            return _Prepared(None, "", DUMMY_HASH, False, False, account, by_address)
        return _Prepared(
            user.id,
            user.role,
            user.password_hash,
            user.disabled_at is not None,
            user.must_change_password,
            account,
            by_address,
        )


def _record(
    request: Request,
    db: HubDatabase,
    email: str,
    prepared: _Prepared,
    ok: bool,
    waited: float,
) -> None:
    now = utc_now()
    client = client_of(request, db)
    details = {"waited_s": round(waited, 3)} if waited else {}
    with db.sessions.begin() as session:
        if ok:
            assert prepared.user_id is not None
            session.execute(delete(LoginAttempt).where(LoginAttempt.key == _account_key(db, email)))
            audit(session, "login.ok", by_user(prepared.user_id), client=client, details=details)
            return
        for key in (_account_key(db, email), _address_key(request, db)):
            if key is not None:
                session.add(LoginAttempt(key=key, at=now))
        if prepared.user_id is None:
            actor, reason = unknown_email(db.secret, email), "unknown"
        else:
            actor = by_user(prepared.user_id)
            reason = "disabled" if prepared.disabled else "wrong_password"
        audit(
            session,
            "login.failed",
            actor,
            client=client,
            details={"reason": reason, **details},
        )


async def check_credentials(
    request: Request, db: HubDatabase, settings: HubSettings, email: str, password: str
) -> Checked:
    """Check an e-mail and password as described in the module docstring."""
    email = email.strip().lower()
    prepared = await anyio.to_thread.run_sync(_prepare, request, db, settings, email)
    if prepared.address_failures >= settings.login_address_attempts:
        return Checked(Outcome.ADDRESS_BLOCKED)
    waited = backoff_seconds(prepared.account_failures, settings)
    if waited:
        await asyncio.sleep(waited)
    ok = await passwords.verify(prepared.stored_hash, password)
    ok = ok and prepared.user_id is not None and not prepared.disabled
    await anyio.to_thread.run_sync(_record, request, db, email, prepared, ok, waited)
    if not ok:
        return Checked(Outcome.FAILED, waited=waited)
    return Checked(
        Outcome.OK,
        prepared.user_id,
        prepared.role,
        prepared.must_change_password,
        waited,
    )
