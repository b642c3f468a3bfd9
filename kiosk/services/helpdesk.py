"""The help point's use cases in the kiosk's store: PINs, lockouts, the desk, assisted sessions.

What the volunteer panel and the admin screen read and write. Every function here takes the
`RecordStore` first; the UI runs it on the database thread (`StoreGateway.call`), and no widget
is touched. A PIN that cannot be kept is a `PinError` (kiosk.services.errors) with a translated
message. The state keys:

- `location_config` (written by sync): volunteers, services, referrals, settings;
- `volunteer_pins`: `{volunteer_id: {"pin_hash": ..., "uploaded": bool}}`, PINs set on this
  kiosk, kept so login works offline until the hub has them (the hub's hash wins once the
  config brings one); the upload (kiosk.services.pin_uploads) is retried after every good
  background sync (`kiosk.ui.flows.sync.PinUploads`) and when the volunteer panel opens;
- `pin_lockouts`: `{who: {"failures": n, "locked_until": iso}}` (kiosk/domain/lockout.py);
  `who` is a volunteer id or `ADMIN`;
- `admin_pin`: `{"pin_hash": ...}`, the location admin's PIN hash.

A PIN is checked here, once, together with the lockout update, so two quick tries cannot both
slip past the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.domain import lockout, pins
from kiosk.domain.assisted import day_bounds
from kiosk.domain.location import LocationConfig
from kiosk.domain.records import AssistedSession
from kiosk.i18n import _, location_zone
from kiosk.services.errors import PinAlreadySetError, PinNotAcceptedError
from kiosk.services.location import location_config

if TYPE_CHECKING:
    from kiosk.store import RecordStore

ADMIN = "@admin"
PINS_KEY = "volunteer_pins"
LOCKOUTS_KEY = "pin_lockouts"
ADMIN_KEY = "admin_pin"


@dataclass(frozen=True)
class Desk:
    """The location config and which volunteers have a PIN usable on this kiosk."""

    config: LocationConfig
    pin_set: frozenset[str]
    admin_pin_set: bool
    pending_uploads: tuple[tuple[str, str], ...]  # (volunteer id, hash) not yet on the hub


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    attempts: lockout.Attempts


def _local_pins(store: RecordStore) -> dict[str, object]:
    return dict(store.get_state(PINS_KEY) or {})


def pin_hash_for(store: RecordStore, who: str) -> str | None:
    """The hash a PIN of `who` is checked against (the hub's first, then this kiosk's)."""
    if who == ADMIN:
        value = (store.get_state(ADMIN_KEY) or {}).get("pin_hash")
        return value if isinstance(value, str) else None
    volunteer = location_config(store).volunteer(who)
    if volunteer is not None and volunteer.pin_hash:
        return volunteer.pin_hash
    local = _local_pins(store).get(who)
    value = local.get("pin_hash") if isinstance(local, dict) else None
    return value if isinstance(value, str) else None


def load_desk(store: RecordStore) -> Desk:
    config = location_config(store)
    local = _local_pins(store)
    with_pin = set()
    pending = []
    for volunteer in config.volunteers:
        entry = local.get(volunteer.id)
        if volunteer.pin_hash:
            with_pin.add(volunteer.id)
        elif isinstance(entry, dict) and isinstance(entry.get("pin_hash"), str):
            with_pin.add(volunteer.id)
            if not entry.get("uploaded"):
                pending.append((volunteer.id, str(entry["pin_hash"])))
    return Desk(config, frozenset(with_pin), pin_hash_for(store, ADMIN) is not None, tuple(pending))


def attempts_of(store: RecordStore, who: str) -> lockout.Attempts:
    return lockout.Attempts.from_state((store.get_state(LOCKOUTS_KEY) or {}).get(who))


def _save_attempts(store: RecordStore, who: str, attempts: lockout.Attempts) -> None:
    value = dict(store.get_state(LOCKOUTS_KEY) or {})
    value[who] = attempts.to_state()
    store.set_state(LOCKOUTS_KEY, value)


def check_pin(store: RecordStore, who: str, pin: str, now: datetime) -> PinCheck:
    """Check `pin` for `who`, counting a wrong one; a locked-out person is refused unchecked."""
    attempts = attempts_of(store, who)
    if attempts.locked(now):
        return PinCheck(False, attempts)
    stored = pin_hash_for(store, who)
    if stored is not None and pins.verify_pin(pin, stored):
        if attempts != lockout.succeeded():
            _save_attempts(store, who, lockout.succeeded())
        return PinCheck(True, lockout.succeeded())
    attempts = lockout.failed(attempts, now)
    _save_attempts(store, who, attempts)
    return PinCheck(False, attempts)


def set_first_pin(store: RecordStore, who: str, pin: str) -> str:
    """Keep the hash of a first PIN of `who`; returns the hash.

    PinNotAcceptedError when `pin` is not a good PIN, PinAlreadySetError when `who` has one
    (another kiosk's, brought by sync, or one set here meanwhile).
    """
    problem = pins.pin_problem(pin)
    if problem is not None:
        raise PinNotAcceptedError(_(problem))
    if pin_hash_for(store, who) is not None:
        raise PinAlreadySetError(_("There is already a PIN for this name. Go back and type it."))
    pin_hash = pins.hash_pin(pin)
    if who == ADMIN:
        store.set_state(ADMIN_KEY, {"pin_hash": pin_hash})
    else:
        local = _local_pins(store)
        local[who] = {"pin_hash": pin_hash, "uploaded": False}
        store.set_state(PINS_KEY, local)
    return pin_hash


def mark_pin_uploaded(store: RecordStore, who: str) -> None:
    local = _local_pins(store)
    entry = local.get(who)
    if isinstance(entry, dict):
        local[who] = {**entry, "uploaded": True}
        store.set_state(PINS_KEY, local)


def pending_pin_uploads(store: RecordStore) -> tuple[tuple[str, str], ...]:
    """(volunteer id, hash) of the PINs set here that the hub does not have yet."""
    return load_desk(store).pending_uploads


def settle_pin_upload(store: RecordStore, who: str, pin_hash: str, result: str) -> None:
    """Keep what the hub did with an uploaded hash (`kiosk.sync.helpdesk.PinUpload` values).

    Stored, or the hub had one already (its hash comes with the next config): uploaded. The hub
    does not know the volunteer (removed, or of another location): the local PIN is dropped, as
    it could never reach the hub. An entry replaced meanwhile (another hash) is left alone.
    """
    local = _local_pins(store)
    entry = local.get(who)
    if not isinstance(entry, dict) or entry.get("pin_hash") != pin_hash:
        return
    if result in ("stored", "pin_already_set"):
        mark_pin_uploaded(store, who)
    elif result == "unknown":
        del local[who]
        store.set_state(PINS_KEY, local)


def add_session(store: RecordStore, record: AssistedSession) -> AssistedSession:
    """Keep the record (or its correction) with its outbox row, in one transaction."""
    store.add(record)
    return record


def sessions_today(store: RecordStore, volunteer: str, now: datetime) -> list[AssistedSession]:
    start, end = day_bounds(now, location_zone())
    return [s for s in store.assisted_sessions(start, end) if s.volunteer == volunteer]


def hub_access(store: RecordStore) -> tuple[str, str]:
    """(hub URL, token) of this kiosk's enrollment; NotEnrolledError when there is none."""
    from kiosk.sync.enrollment import require_enrollment
    from kiosk.sync.token_store import load_token

    enrollment = require_enrollment(store)
    return enrollment.hub_url, load_token(enrollment.kiosk_id)
