"""Enrolling this kiosk with a hub: `kiosk enroll HUB_URL CODE` and the admin screen.

The order matters. The hub address is checked and the keyring is checked *before* the one-time
code is spent or anything is written: with no secure keyring the kiosk refuses and writes
nothing. Then the hub trades the code for a token, the token goes into the keyring (never a
file), and the enrollment facts (kiosk id, hub address, location; no secret) go into the
store's state under `enrollment`, which `kiosk status` shows.
"""

from __future__ import annotations

import json
import logging
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.i18n import _
from kiosk.store import RecordStore, open_database
from kiosk.sync.errors import EnrollError, NotEnrolledError
from kiosk.sync.protocol import HubFailure, Unauthorized, call, expect_json
from kiosk.sync.token_store import forget_token, require_secure_keyring, save_token
from kiosk.sync.transport import Timeouts, make_client, normalize_hub_url

log = logging.getLogger(__name__)

ENROLL_PATH = "api/v1/enroll"
STATE_KEY = "enrollment"


@dataclass(frozen=True)
class Enrollment:
    """What the kiosk knows about its enrollment (the token stays in the keyring)."""

    kiosk_id: str
    hub_url: str
    location: str
    location_id: str | None
    enrolled_at: str


def default_kiosk_name() -> str:
    name = " ".join(socket.gethostname().split())
    return (name or "kiosk")[:120]


def _refusal(detail: object) -> str:
    reasons = {
        "code_used": _("this enrollment code was used already; ask the hub's admin for a new one"),
        "code_expired": _("this enrollment code has expired; ask the hub's admin for a new one"),
        "code_unknown": _("the hub does not know this enrollment code; check it for typing errors"),
    }
    return reasons.get(str(detail), _("the hub refused the enrollment code"))


def enroll(
    database_path: Path,
    hub_url: str,
    code: str,
    *,
    name: str | None = None,
    ca_bundle: str = "",
    timeouts: Timeouts | None = None,
) -> Enrollment:
    """Enroll with the hub at `hub_url`; raises a SyncError subclass saying what to do."""
    base = normalize_hub_url(hub_url)
    require_secure_keyring()
    code = code.strip()
    if not code:
        raise EnrollError(_("give the enrollment code from the hub's admin"))
    with make_client(base, ca_bundle, timeouts) as client:
        try:
            answer = call(
                client,
                "POST",
                ENROLL_PATH,
                body={"code": code, "name": name or default_kiosk_name()},
            )
            if answer.status == 401:
                try:
                    detail = json.loads(answer.body).get("detail")
                except (ValueError, AttributeError):
                    detail = None
                raise EnrollError(_refusal(detail))
            if answer.status == 429:
                raise EnrollError(
                    _("too many wrong enrollment codes were tried from here; wait a few minutes")
                )
            decoded = expect_json(answer, 201)
        except Unauthorized:  # pragma: no cover - 401 is handled above
            raise EnrollError(_("the hub refused the enrollment code")) from None
        except HubFailure as exc:
            raise EnrollError(_("enrollment failed: {reason}").format(reason=exc)) from None
    kiosk_id, token, location = (decoded.get(key) for key in ("kiosk_id", "token", "location"))
    if not (isinstance(kiosk_id, str) and isinstance(token, str) and isinstance(location, str)):
        raise EnrollError(_("the hub's enrollment answer is not a protocol answer"))
    if not kiosk_id or len(token) < 32:
        raise EnrollError(_("the hub's enrollment answer is not a protocol answer"))
    location_id = decoded.get("location_id")
    save_token(kiosk_id, token)
    enrollment = Enrollment(
        kiosk_id=kiosk_id,
        hub_url=base,
        location=location,
        location_id=location_id if isinstance(location_id, str) else None,
        enrolled_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    database = open_database(database_path)
    try:
        store = RecordStore(database)
        previous = read_enrollment(store)
        store.set_state(STATE_KEY, enrollment.__dict__)
        store.set_state("sync", {"last_sync_ok": None, "last_error": None})
    finally:
        database.close()
    if previous is not None and previous.kiosk_id != kiosk_id:
        forget_token(previous.kiosk_id)
    log.info("enrolled as kiosk %s at %s (%s)", kiosk_id, location, base)
    return enrollment


def read_enrollment(store: RecordStore) -> Enrollment | None:
    value = store.get_state(STATE_KEY) or {}
    kiosk_id, hub_url = value.get("kiosk_id"), value.get("hub_url")
    if not isinstance(kiosk_id, str) or not isinstance(hub_url, str):
        return None
    location_id = value.get("location_id")  # written by enroll(): a text or None
    return Enrollment(
        kiosk_id=kiosk_id,
        hub_url=hub_url,
        location=str(value.get("location") or ""),
        location_id=location_id if isinstance(location_id, str) else None,
        enrolled_at=str(value.get("enrolled_at") or ""),
    )


def require_enrollment(store: RecordStore) -> Enrollment:
    enrollment = read_enrollment(store)
    if enrollment is None:
        raise NotEnrolledError(
            _("this kiosk is not enrolled; run 'kiosk enroll HUB_URL CODE' first")
        )
    return enrollment
