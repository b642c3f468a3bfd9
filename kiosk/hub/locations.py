"""Locations (a library, a help point) and their settings: idle timeout, allowed sites and
the referrals the kiosks show.

Every feature hangs on a location: kiosks are enrolled at one, records and volunteers belong to
one, openings are at one. Used by the `kiosk hub ...` commands and the staff pages; functions
take the open HubDatabase and raise HubError subclasses with a one-line message for bad input.
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiosk.clock import utc_now
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import Location
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.names import stored_name, stored_text
from kiosk.protocol import IDLE_TIMEOUT_MAX_S, IDLE_TIMEOUT_MIN_S, idle_timeout_ok

REFERRAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
#: The longest text of each referral field (the kiosk shows them in big letters).
REFERRAL_LIMITS = {"label": 120, "address": 200, "hours": 120}


def add_location(db: HubDatabase, name: str) -> str:
    name = stored_name(name, "location")
    location = Location(
        id=str(uuid.uuid4()),
        name=name,
        idle_timeout=180,
        allowed_sites=[],
        referrals=[],
        created_at=utc_now(),
    )
    with db.sessions() as session:
        session.add(location)
        try:
            session.commit()
        except IntegrityError:
            raise HubError(f"a location named {name!r} exists already") from None
        return location.id


def find_location(db: HubDatabase, name_or_id: str) -> Location:
    with db.sessions() as session:
        location = session.scalar(
            select(Location).where(
                (Location.id == name_or_id)
                | (func.lower(Location.name) == " ".join(name_or_id.split()).lower())
            )
        )
    if location is None:
        raise NotFoundError(
            f"no location {name_or_id!r}; list them on the hub's Locations page or add one "
            "with 'kiosk hub add-location NAME'"
        )
    return location


def list_locations(db: HubDatabase) -> list[Location]:
    with db.sessions() as session:
        return list(session.scalars(select(Location).order_by(Location.name)))


def update_location(
    db: HubDatabase,
    location_id: str,
    *,
    idle_timeout: int,
    allowed_sites: list[str],
    referrals: list[dict[str, str]],
) -> None:
    """Set a location's settings; `referrals` are `{"id", "label"}` dicts, optionally with an
    `address` and opening `hours` (short free text shown on the kiosk at a referral)."""
    if not idle_timeout_ok(idle_timeout):
        raise HubError(
            f"the idle timeout must be between {IDLE_TIMEOUT_MIN_S} and {IDLE_TIMEOUT_MAX_S} "
            "seconds"
        )
    for site in allowed_sites:
        if not re.match(r"^https://[^\s/]+(/\S*)?$", site):
            raise HubError(f"{site!r} is not an https:// address")
    cleaned = [_referral(referral) for referral in referrals]
    with db.sessions.begin() as session:
        location = session.get(Location, location_id)
        if location is None:
            raise NotFoundError(f"no location {location_id!r}")
        location.idle_timeout = idle_timeout
        location.allowed_sites = list(allowed_sites)
        location.referrals = cleaned


def _referral(referral: dict[str, str]) -> dict[str, str]:
    """One referral checked: a valid id, a label, short texts; empty optional fields left out."""
    ident = str(referral.get("id", ""))
    if not REFERRAL_ID.match(ident):
        raise HubError(f"referral id {ident!r} may only use letters, digits, _ . : -")
    unknown = set(referral) - {"id", *REFERRAL_LIMITS}
    if unknown:
        raise HubError(f"referral {ident!r} has unknown fields: {', '.join(sorted(unknown))}")
    cleaned = {"id": ident}
    for key, limit in REFERRAL_LIMITS.items():
        value = stored_text(str(referral.get(key) or ""), f"{key} of referral {ident!r}", limit)
        if value:
            cleaned[key] = value
    cleaned.setdefault("label", ident)
    return cleaned


def parse_referrals(text: str) -> list[dict[str, str]]:
    """Lines of `id: label | address | hours`, as typed on the Locations page.

    The label defaults to the id; the address and the opening hours may be left out. A label
    longer than 120 characters is cut; a long address or hours are refused by
    `update_location`, since a cut address would send residents to the wrong place.
    """
    referrals: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        ident, _sep, rest = line.partition(":")
        label, _sep, rest = rest.partition("|")
        address, _sep, hours = rest.partition("|")
        referral = {"id": ident.strip(), "label": (label.strip() or ident.strip())[:120]}
        if address.strip():
            referral["address"] = address.strip()
        if hours.strip():
            referral["hours"] = hours.strip()
        referrals.append(referral)
    return referrals


def referral_labels(db: HubDatabase) -> dict[str, str]:
    labels: dict[str, str] = {}
    for location in list_locations(db):
        for referral in location.referrals:
            item: dict[str, object] = dict(referral)
            labels.setdefault(str(item.get("id")), str(item.get("label") or item.get("id")))
    return labels
