"""The password rule for staff accounts, and argon2 verification off the event loop.

A new password (added user, changed or reset password) must:
- have at least MIN_LENGTH (12) characters, and at most MAX_LENGTH;
- not be a common password: checked offline against the 30,000 most common passwords that
  the `zxcvbn` package ships (its `passwords` frequency list), also with digits and signs
  stripped from the ends ("password2024!" is "password"); nothing is looked up on a network;
- not use fewer than MIN_DISTINCT different characters ("aaaaaaaaaaaa");
- not contain the e-mail address's local part (when it has 3 characters or more).

`PasswordRefused` says which rule, in words for the person typing it. Hashes made under the
older rule (10 characters) stay valid: the rule is checked only when a password is set.

Verification runs argon2 on a small bounded pool of threads named `hub-password-N`
(`HubSettings.password_workers`), never on the event loop: `verify()` from async code,
`verify_blocking()` from a route that already runs on a worker thread.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from kiosk.hub.errors import HubError
from kiosk.hub.i18n import N_, Np_
from kiosk.hub.security import verify_password

MIN_LENGTH = 12
MAX_LENGTH = 256
MIN_DISTINCT = 5
POOL_PREFIX = "hub-password"


class PasswordRefused(HubError):
    """A new password that breaks the rule; the message says which rule, translated."""


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """zxcvbn's list of common passwords (loaded on first use, about 30,000 words)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def _is_common(password: str) -> bool:
    lowered = password.lower()
    common = common_passwords()
    if lowered in common:
        return True
    core = lowered.strip("0123456789!@#$%^&*()-_=+.,;:?~ ")
    return len(core) >= 4 and core in common


def check_password(password: str, email: str) -> None:
    """Raise PasswordRefused unless `password` may be set for the account `email`."""
    if len(password) < MIN_LENGTH:
        singular, plural = Np_(
            "The password is too short: use at least {n} character.",
            "The password is too short: use at least {n} characters.",
        )
        raise PasswordRefused(singular, plural=plural, n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        singular, plural = Np_(
            "The password is too long: use at most {n} character.",
            "The password is too long: use at most {n} characters.",
        )
        raise PasswordRefused(singular, plural=plural, n=MAX_LENGTH)
    if len(set(password)) < MIN_DISTINCT:
        raise PasswordRefused(
            N_("The password uses too few different characters; choose a longer mix.")
        )
    if _is_common(password):
        raise PasswordRefused(
            N_("This is one of the most common passwords, which are guessed first; choose another.")
        )
    local = email.strip().lower().partition("@")[0]
    if len(local) >= 3 and local in password.lower():
        raise PasswordRefused(N_("The password contains your e-mail address; choose another."))


# -- verification off the event loop -----------------------------------------------------------

_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_pool_lock = threading.Lock()


def configure_pool(workers: int) -> None:
    """Size the pool (`create_app` calls it with the settings); threads start on first use."""
    global _pool, _pool_size
    with _pool_lock:
        if _pool is None or _pool_size != workers:
            old, _pool = _pool, ThreadPoolExecutor(workers, thread_name_prefix=POOL_PREFIX)
            _pool_size = workers
            if old is not None:
                old.shutdown(wait=False)


def _executor() -> ThreadPoolExecutor:
    if _pool is None:
        configure_pool(2)
    assert _pool is not None
    return _pool


async def verify(stored_hash: str, password: str) -> bool:
    """Check `password` against an argon2 hash on the password pool, not on the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor(), verify_password, stored_hash, password)


def verify_blocking(stored_hash: str, password: str) -> bool:
    """The same for code that already runs on a worker thread (a sync route)."""
    return _executor().submit(verify_password, stored_hash, password).result()
