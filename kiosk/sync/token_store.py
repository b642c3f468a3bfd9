"""Keeping the kiosk's hub token in the OS keyring, and only where the keyring is secure.

The token never goes into a file the kiosk writes. Before anything is stored (or an enrollment
code is spent), `require_secure_keyring()` refuses the backends that would keep the token in
the clear or not at all: keyring's `fail` and `null` backends, everything from `keyrings.alt`
(plaintext and "encrypted" files), and any backend whose priority says it is not viable. A
chainer backend is secure only when every backend it chains is.

Every keyring call has a deadline (`KEYRING_TIMEOUT`): a Secret Service that is running but
locked asks for its password in a prompt window and waits for it for ever, which on a kiosk
screen (or under Xvfb) nobody answers. Past the deadline the call is given up with a sentence
that says to unlock the keyring; while the stuck call is still waiting, further calls are
refused at once instead of piling up behind it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from kiosk.i18n import _
from kiosk.sync.errors import InsecureKeyringError, NotEnrolledError

log = logging.getLogger(__name__)

SERVICE = "kiosk-hub-token"
#: Seconds a keyring call may take (unlocking a keyring by its own prompt takes a person
#: longer, but nobody answers that prompt on a kiosk).
KEYRING_TIMEOUT = 15.0

T = TypeVar("T")
_stuck: threading.Thread | None = None


class KeyringTimeout(Exception):
    """The keyring did not answer in time (internal: callers turn it into a sentence)."""


def _within_deadline(call: Callable[[], T], timeout: float | None = None) -> T:
    """`call()` on a daemon thread, or KeyringTimeout when it takes longer than the deadline
    or an earlier call is still stuck."""
    global _stuck
    if _stuck is not None and _stuck.is_alive():
        raise KeyringTimeout("an earlier keyring call is still waiting")
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc

    thread = threading.Thread(target=work, name="keyring-call", daemon=True)
    thread.start()
    thread.join(KEYRING_TIMEOUT if timeout is None else timeout)
    if thread.is_alive():
        _stuck = thread
        log.warning("the keyring did not answer in %.0f s; is it locked?", KEYRING_TIMEOUT)
        raise KeyringTimeout("the keyring did not answer")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def keyring_answers(backend: KeyringBackend | None = None, timeout: float | None = None) -> bool:
    """True when the keyring can be read now (a locked Secret Service waiting for its prompt,
    or one that fails, cannot)."""
    chosen = backend or keyring.get_keyring()
    try:
        _within_deadline(lambda: chosen.get_password(SERVICE, "probe"), timeout)
    except KeyringTimeout:
        return False
    except Exception as exc:  # any backend's failure means: not usable now
        log.info("the keyring cannot be read: %s", exc)
        return False
    return True


def _locked_message() -> str:
    return _(
        "The keyring did not answer: it is probably locked and waiting for someone to unlock "
        "it. Log in so that the keyring is unlocked (or unlock it), then try again."
    )


#: Module prefixes of backends that must never hold the token.
DENIED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _priority(backend: KeyringBackend) -> float:
    try:
        return float(backend.priority)
    except Exception:  # a backend's priority raises when it cannot work here
        return -1.0


def insecure_reason(backend: KeyringBackend) -> str | None:
    """Why `backend` must not hold the token, or None when it may."""
    module = type(backend).__module__
    name = f"{module}.{type(backend).__name__}"
    children = getattr(backend, "backends", None)
    if module == "keyring.backends.chainer" and isinstance(children, list):
        if not children:
            return f"{name} has no backends"
        for child in children:
            reason = insecure_reason(child)
            if reason is not None:
                return reason
        return None
    if any(module == denied or module.startswith(denied + ".") for denied in DENIED_MODULES):
        return f"{name} does not keep secrets safe"
    if _priority(backend) < 1:
        return f"{name} is not usable on this machine"
    return None


def require_secure_keyring() -> KeyringBackend:
    """The active keyring backend, or InsecureKeyringError with what to set up."""
    backend = keyring.get_keyring()
    reason = insecure_reason(backend)
    if reason is not None:
        raise InsecureKeyringError(
            _(
                "there is no secure keyring to keep the hub token ({reason}); install and unlock "
                "a Secret Service such as gnome-keyring (or use the Windows Credential Manager), "
                "then enroll again — nothing was stored"
            ).format(reason=reason)
        )
    if not keyring_answers(backend):
        raise InsecureKeyringError(_locked_message() + " " + _("Nothing was stored."))
    return backend


def save_token(kiosk_id: str, token: str) -> None:
    backend = require_secure_keyring()
    try:
        _within_deadline(lambda: backend.set_password(SERVICE, kiosk_id, token))
    except KeyringTimeout:
        raise InsecureKeyringError(_locked_message()) from None
    except KeyringError as exc:
        raise InsecureKeyringError(
            _(
                "the keyring refused to store the hub token ({reason}); unlock it and try again"
            ).format(reason=exc)
        ) from None


def load_token(kiosk_id: str) -> str:
    """The hub token of `kiosk_id`; NotEnrolledError (a plain sentence, no library text) when
    the keyring cannot be read or does not have it. The library's reason goes to the log."""
    try:
        token = _within_deadline(lambda: keyring.get_password(SERVICE, kiosk_id))
    except KeyringTimeout:
        raise NotEnrolledError(_locked_message()) from None
    except KeyringError as exc:
        reason = insecure_reason(keyring.get_keyring())
        log.info("the keyring cannot be read: %s", reason or exc)
        if reason is not None:
            raise NotEnrolledError(
                _(
                    "This computer has no keyring that works, so the hub token cannot be read. "
                    "Start and unlock its Secret Service (such as gnome-keyring), then try again."
                )
            ) from None
        raise NotEnrolledError(
            _("The keyring could not be read. Unlock it, then try again.")
        ) from None
    if not token:
        raise NotEnrolledError(
            _("the hub token of this kiosk is not in the keyring; enroll the kiosk again")
        )
    return token


def forget_token(kiosk_id: str) -> None:
    try:
        _within_deadline(lambda: keyring.delete_password(SERVICE, kiosk_id))
    except KeyringTimeout:
        log.warning("the token of %s could not be forgotten: the keyring did not answer", kiosk_id)
    except KeyringError:
        log.debug("no token to forget for %s", kiosk_id)
