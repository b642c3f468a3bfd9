"""The help point's use cases in the kiosk's store: PINs, invitations, the slow-down of wrong
PINs, the desk, assisted sessions.

What the volunteer panel and the admin screen read and write. Every function here takes the
`RecordStore` first; the UI runs it on the database thread (`StoreGateway.call`), and no widget
is touched. A PIN that cannot be kept is a `PinError` (kiosk.services.errors) with a translated
message. The state keys:

- `location_config` (written by sync): volunteers (with their PIN hash and open invitation),
  services, referrals, settings, the location admin's PIN hash;
- `volunteer_pins`: `{volunteer_id: {"pin_hash": ..., "uploaded": bool, "invitation": code,
  "invitation_hash": ...}}`, first PINs set on this kiosk with an invitation code, kept so login
  works offline until the hub has them (the hub's hash wins once the config brings one; a newer
  invitation in the config, made by a reset on the hub, ends them: `_local_entry`). The code goes
  with the upload
  (kiosk.services.pin_uploads, retried after every good background sync and when the volunteer
  panel opens) and is forgotten once the hub has answered;
- `used_invitations`: the hashes of invitation codes used on this kiosk (a code works once);
- `pin_lockouts`: `{who: {"failures": n, "wait_until": iso}}` (kiosk/domain/lockout.py; the
  name is older than the slow-down); `who` is a volunteer id or `ADMIN`;
- `admin_pin`: `{"pin_hash": ..., "source": "file"}`, the location admin's PIN hash set with
  `kiosk enroll --admin-pin-file` on a kiosk without a hub; the hub's (sent in the config, set
  by the coordinator) wins. An entry without `"source": "file"` was chosen at the kiosk by
  whoever came first (before issue #21) and is ignored.

Until an admin PIN exists, the admin screen cannot be opened: there is no way to choose one at
the kiosk. A volunteer's first PIN needs the invitation code the coordinator made on the hub.

A PIN (or code) is checked here, once, together with the slow-down update, so two quick tries
cannot both slip past the wait.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.domain import invitations, lockout, pins
from kiosk.domain.assisted import day_bounds
from kiosk.domain.location import LocationConfig, Volunteer
from kiosk.domain.records import AssistedSession
from kiosk.i18n import _, location_zone
from kiosk.services.errors import (
    InvitationRefusedError,
    PinAlreadySetError,
    PinNotAcceptedError,
)
from kiosk.services.location import location_config

if TYPE_CHECKING:
    from kiosk.store import RecordStore

log = logging.getLogger(__name__)

ADMIN = "@admin"
PINS_KEY = "volunteer_pins"
LOCKOUTS_KEY = "pin_lockouts"
ADMIN_KEY = "admin_pin"
USED_KEY = "used_invitations"
#: The `source` of an admin PIN set with `kiosk enroll --admin-pin-file`.
FROM_FILE = "file"


@dataclass(frozen=True)
class Desk:
    """The location config and which volunteers have a PIN usable on this kiosk."""

    config: LocationConfig
    pin_set: frozenset[str]
    admin_pin_set: bool
    #: (volunteer id, hash, invitation code) of first PINs set here, not yet on the hub
    pending_uploads: tuple[tuple[str, str, str], ...]
    #: volunteers without a PIN whose invitation code can be used here now
    invited: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PinCheck:
    """What came of a PIN or code: right or not, the slow-down, and whether it was checked at
    all (`checked` False: it came while the kiosk was waiting, and counts for nothing)."""

    ok: bool
    attempts: lockout.Attempts
    checked: bool = True


def _local_pins(store: RecordStore) -> dict[str, object]:
    return dict(store.get_state(PINS_KEY) or {})


def _used(store: RecordStore) -> list[str]:
    value = (store.get_state(USED_KEY) or {}).get("hashes")
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def admin_pin_hash(store: RecordStore) -> str | None:
    """The hash the admin PIN is checked against: the hub's, else one set from a file."""
    from_hub = location_config(store).admin_pin_hash
    if from_hub is not None:
        return from_hub
    kept = store.get_state(ADMIN_KEY) or {}
    value = kept.get("pin_hash")
    return value if isinstance(value, str) and kept.get("source") == FROM_FILE else None


def _local_entry(local: dict[str, object], volunteer: Volunteer) -> dict[str, object] | None:
    """The first PIN of `volunteer` set on this kiosk, while the hub's config allows it.

    The hub decides (docs/protocol.md, "A PIN reset wins"): a hash from the hub wins; a PIN set
    here counts only while the hub's open invitation is still the one it was chosen with. A
    reset on the hub clears the hub's hash and makes a new invitation, so the PIN set here stops
    working once that config arrives, uploaded or not. (An entry from before this rule has no
    `invitation_hash`: it counts while not uploaded; once uploaded, the hub's null is a reset.)
    """
    entry = local.get(volunteer.id)
    if volunteer.pin_hash or not isinstance(entry, dict):
        return None
    if not isinstance(entry.get("pin_hash"), str):
        return None
    chosen_with = entry.get("invitation_hash")
    if isinstance(chosen_with, str):
        return entry if chosen_with == volunteer.invitation_hash else None
    return None if entry.get("uploaded") else entry


def pin_hash_for(store: RecordStore, who: str) -> str | None:
    """The hash a PIN of `who` is checked against (the hub's first, then this kiosk's)."""
    if who == ADMIN:
        return admin_pin_hash(store)
    volunteer = location_config(store).volunteer(who)
    if volunteer is None:
        return None
    if volunteer.pin_hash:
        return volunteer.pin_hash
    entry = _local_entry(_local_pins(store), volunteer)
    value = None if entry is None else entry.get("pin_hash")
    return value if isinstance(value, str) else None


def _invitation_hash(store: RecordStore, who: str, now: datetime) -> str | None:
    """The hash of `who`'s invitation code when it can be used here now, else None."""
    volunteer = location_config(store).volunteer(who)
    if volunteer is None or not volunteer.invitation_open(now):
        return None
    if volunteer.invitation_hash in _used(store) or pin_hash_for(store, who) is not None:
        return None
    return volunteer.invitation_hash


def load_desk(store: RecordStore, now: datetime | None = None) -> Desk:
    from kiosk.clock import utc_now

    moment = utc_now() if now is None else now
    config = location_config(store)
    local = _local_pins(store)
    used = _used(store)
    with_pin = set()
    invited = set()
    pending = []
    for volunteer in config.volunteers:
        entry = _local_entry(local, volunteer)
        if volunteer.pin_hash:
            with_pin.add(volunteer.id)
        elif entry is not None:
            with_pin.add(volunteer.id)
            code = entry.get("invitation")
            if not entry.get("uploaded"):
                pending.append(
                    (volunteer.id, str(entry["pin_hash"]), code if isinstance(code, str) else "")
                )
        elif volunteer.invitation_open(moment) and volunteer.invitation_hash not in used:
            invited.add(volunteer.id)
    return Desk(
        config,
        frozenset(with_pin),
        admin_pin_hash(store) is not None,
        tuple(pending),
        frozenset(invited),
    )


def attempts_of(store: RecordStore, who: str) -> lockout.Attempts:
    return lockout.Attempts.from_state((store.get_state(LOCKOUTS_KEY) or {}).get(who))


def _save_attempts(store: RecordStore, who: str, attempts: lockout.Attempts) -> None:
    value = dict(store.get_state(LOCKOUTS_KEY) or {})
    value[who] = attempts.to_state()
    store.set_state(LOCKOUTS_KEY, value)


def _judge(store: RecordStore, who: str, now: datetime, right: bool) -> PinCheck:
    attempts = attempts_of(store, who)
    if right:
        if attempts != lockout.succeeded():
            _save_attempts(store, who, lockout.succeeded())
        return PinCheck(True, lockout.succeeded())
    attempts = lockout.failed(attempts, now)
    _save_attempts(store, who, attempts)
    # the kiosk's log only (the hub does not hear of it; docs/volunteers.md), never what was typed
    log.info("a wrong PIN or code for %s (%d in a row)", who, attempts.failures)
    return PinCheck(False, attempts)


def check_pin(store: RecordStore, who: str, pin: str, now: datetime) -> PinCheck:
    """Check `pin` for `who`, counting a wrong one; while the kiosk waits, refused unchecked."""
    attempts = attempts_of(store, who)
    if attempts.waiting(now):
        return PinCheck(False, attempts, checked=False)
    stored = pin_hash_for(store, who)
    return _judge(store, who, now, stored is not None and pins.verify_pin(pin, stored))


def check_invitation(store: RecordStore, who: str, code: str, now: datetime) -> PinCheck:
    """Check the invitation code `code` of volunteer `who`, slowed down like a PIN."""
    attempts = attempts_of(store, who)
    if attempts.waiting(now):
        return PinCheck(False, attempts, checked=False)
    expected = _invitation_hash(store, who, now)
    return _judge(
        store, who, now, expected is not None and invitations.code_matches(code, expected)
    )


def set_first_pin(store: RecordStore, who: str, pin: str, code: str, now: datetime) -> str:
    """Keep the hash of the first PIN of volunteer `who`, chosen with invitation `code`; returns
    the hash. The code is used up on this kiosk.

    PinNotAcceptedError when `pin` is not a good PIN, PinAlreadySetError when `who` has one
    (another kiosk's, brought by sync, or one set here meanwhile), InvitationRefusedError when
    the code is not (or no longer) `who`'s open invitation. The admin PIN is never set here.
    """
    problem = pins.pin_problem(pin)
    if problem is not None:
        raise PinNotAcceptedError(_(problem))
    if pin_hash_for(store, who) is not None:
        raise PinAlreadySetError(_("There is already a PIN for this name. Go back and type it."))
    expected = _invitation_hash(store, who, now) if who != ADMIN else None
    if expected is None or not invitations.code_matches(code, expected):
        raise InvitationRefusedError(
            _("This invitation code cannot be used. Ask the coordinator for a new one.")
        )
    pin_hash = pins.hash_pin(pin)
    local = _local_pins(store)
    local[who] = {
        "pin_hash": pin_hash,
        "uploaded": False,
        "invitation": invitations.normal_code(code),
        # which invitation it was chosen with: a newer one from the hub (a reset) wins
        "invitation_hash": expected,
    }
    store.set_state(PINS_KEY, local)
    store.set_state(USED_KEY, {"hashes": [*_used(store), expected][-200:]})
    return pin_hash


def set_admin_pin_from_file(store: RecordStore, pin: str) -> None:
    """Keep the hash of an admin PIN given with `kiosk enroll --admin-pin-file` (a kiosk without
    a hub; the hub's, once it sends one, wins)."""
    problem = pins.pin_problem(pin)
    if problem is not None:
        raise PinNotAcceptedError(_(problem))
    store.set_state(ADMIN_KEY, {"pin_hash": pins.hash_pin(pin), "source": FROM_FILE})


def mark_pin_uploaded(store: RecordStore, who: str) -> None:
    local = _local_pins(store)
    entry = local.get(who)
    if isinstance(entry, dict):
        local[who] = {
            **{k: v for k, v in entry.items() if k != "invitation"},
            "uploaded": True,
        }
        store.set_state(PINS_KEY, local)


def pending_pin_uploads(store: RecordStore) -> tuple[tuple[str, str, str], ...]:
    """(volunteer id, hash, invitation code) of the PINs set here that the hub does not have."""
    return load_desk(store).pending_uploads


#: What the hub may answer to an upload that makes the PIN set here useless (the volunteer is
#: gone, or the code was refused: expired, replaced, or used at another kiosk first).
_DROP = ("unknown", "invitation_refused", "invitation_required")


def settle_pin_upload(store: RecordStore, who: str, pin_hash: str, result: str) -> None:
    """Keep what the hub did with an uploaded hash (`kiosk.sync.helpdesk.PinUpload` values).

    Stored, or the hub had one already (its hash comes with the next config): uploaded. The hub
    does not know the volunteer (removed, or of another location) or refused the invitation
    code: the local PIN is dropped, as it could never reach the hub (the volunteer asks the
    coordinator for a new code). An entry replaced meanwhile (another hash) is left alone.
    """
    local = _local_pins(store)
    entry = local.get(who)
    if not isinstance(entry, dict) or entry.get("pin_hash") != pin_hash:
        return
    if result in ("stored", "pin_already_set"):
        mark_pin_uploaded(store, who)
    elif result in _DROP:
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
