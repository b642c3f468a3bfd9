"""Keeping the kiosk's hub token in the OS keyring, and only where the keyring is secure.

The token never goes into a file the kiosk writes. Before anything is stored (or an enrollment
code is spent), `require_secure_keyring()` refuses the backends that would keep the token in
the clear or not at all: keyring's `fail` and `null` backends, everything from `keyrings.alt`
(plaintext and "encrypted" files), and any backend whose priority says it is not viable. A
chainer backend is secure only when every backend it chains is.
"""

from __future__ import annotations

import logging

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from kiosk.i18n import _
from kiosk.sync.errors import InsecureKeyringError, NotEnrolledError

log = logging.getLogger(__name__)

SERVICE = "kiosk-hub-token"

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
    return backend


def save_token(kiosk_id: str, token: str) -> None:
    backend = require_secure_keyring()
    try:
        backend.set_password(SERVICE, kiosk_id, token)
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
        token = keyring.get_password(SERVICE, kiosk_id)
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
        keyring.delete_password(SERVICE, kiosk_id)
    except KeyringError:
        log.debug("no token to forget for %s", kiosk_id)
