"""Locations (a library, a help point) and their settings: idle timeout, allowed sites, the
referrals the kiosks show, and the location's time zone, address and phone number.

Every feature hangs on a location: kiosks are enrolled at one, records and volunteers belong to
one, openings are at one. Used by the `kiosk hub ...` commands and the staff pages; functions
take the open HubDatabase and raise HubError subclasses with a one-line message for bad input.
Every location belongs to an organisation (kiosk.hub.organisations); lists take the reader's
`Scope` (kiosk.hub.scope) and hold only the locations inside it.

The time zone (an IANA name such as Europe/Brussels) is what the location's opening hours mean,
what the staff pages show times in, and what kiosks there read paper logs in; it is sent to the
kiosks in their config with the address and phone number (docs/protocol.md).
"""

from __future__ import annotations

import functools
import re
import uuid
import zoneinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiosk.clock import utc_now
from kiosk.domain.jsontypes import JsonValue
from kiosk.domain.names import NameRefused, check_name
from kiosk.hub.audit import CLI, Actor, audit
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import Location
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.i18n import N_
from kiosk.hub.names import stored_name, stored_text
from kiosk.hub.organisations import default_organisation
from kiosk.hub.scope import FULL, Scope
from kiosk.protocol import IDLE_TIMEOUT_MAX_S, IDLE_TIMEOUT_MIN_S, idle_timeout_ok

REFERRAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
#: The longest text of each referral field (the kiosk shows them in big letters).
REFERRAL_LIMITS = {"label": 120, "address": 200, "hours": 120}
#: The time zone of a new location (and of every location before issue #18).
DEFAULT_TIMEZONE = "Europe/Brussels"
ADDRESS_MAX = 200
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{3,30}$")


def check_timezone(name: str) -> str:
    """An IANA time zone name such as Europe/Brussels, or HubError."""
    name = name.strip()
    # Only the IANA names: not "localtime", "posixrules" or "right/..." (they depend on the
    # server's files, and a kiosk may not know them).
    if name in ("localtime", "Factory") or name not in _zone_names():
        raise HubError(
            N_("unknown time zone {zone}; use a name such as Europe/Brussels"), zone=repr(name[:64])
        )
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise HubError(
            N_("unknown time zone {zone}; use a name such as Europe/Brussels"), zone=repr(name)
        ) from None
    return name


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_address(text: str) -> str:
    """A street address on one line (may be empty), at most 200 characters."""
    if not text.strip():
        return ""
    try:
        return check_name(text, "address", ADDRESS_MAX)
    except NameRefused as exc:
        raise HubError(exc.message) from None


def check_phone(text: str) -> str:
    """A phone number as people dial it (+32 2 123 45 67), or empty."""
    clean = " ".join(text.split())
    if clean and not PHONE.match(clean):
        raise HubError(
            N_("{phone} is not a phone number such as +32 2 123 45 67"), phone=repr(clean)
        )
    return clean


def add_location(
    db: HubDatabase,
    name: str,
    organisation_id: str | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    actor: Actor = CLI,
) -> str:
    """A new location in `organisation_id` (default: the "Default" organisation)."""
    name = stored_name(name, "location")
    zone = check_timezone(timezone)
    location = Location(
        id=str(uuid.uuid4()),
        name=name,
        organisation_id=organisation_id or default_organisation(db),
        timezone=zone,
        address="",
        phone="",
        idle_timeout=180,
        allowed_sites=[],
        referrals=[],
        created_at=utc_now(),
    )
    with db.sessions() as session:
        session.add(location)
        try:
            session.flush()
        except IntegrityError:
            raise HubError(N_("a location named {name} exists already"), name=repr(name)) from None
        audit(session, "location.added", actor, location_id=location.id)
        session.commit()
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


def list_locations(db: HubDatabase, scope: Scope = FULL) -> list[Location]:
    """The locations inside `scope`, by name."""
    with db.sessions() as session:
        return list(
            session.scalars(
                select(Location).where(scope.where(Location.id)).order_by(Location.name)
            )
        )


def location_in_scope(db: HubDatabase, location_id: str, scope: Scope) -> Location:
    """The location, when `scope` allows it; NotFoundError otherwise (as for no location)."""
    if not scope.allows(location_id):
        raise NotFoundError(f"no location {location_id!r}")
    with db.sessions() as session:
        location = session.get(Location, location_id)
    if location is None:
        raise NotFoundError(f"no location {location_id!r}")
    return location


def set_contact(
    db: HubDatabase,
    location_id: str,
    *,
    timezone: str | None = None,
    address: str | None = None,
    phone: str | None = None,
    actor: Actor = CLI,
) -> None:
    """Set a location's time zone, address and/or phone number (None leaves one as it is)."""
    values: dict[str, str] = {}
    if timezone is not None:
        values["timezone"] = check_timezone(timezone)
    if address is not None:
        values["address"] = check_address(address)
    if phone is not None:
        values["phone"] = check_phone(phone)
    with db.sessions.begin() as session:
        location = session.get(Location, location_id)
        if location is None:
            raise NotFoundError(f"no location {location_id!r}")
        for key, value in values.items():
            setattr(location, key, value)
        audit(
            session,
            "location.updated",
            actor,
            location_id=location_id,
            details={"changed": list[JsonValue](sorted(values))},
        )


#: A guide id (docs/guide-format.md): lowercase letters, digits and '-', 3 to 64 characters.
GUIDE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
#: The most guides one location may hide.
MAX_HIDDEN_GUIDES = 200


def set_hidden_guides(
    db: HubDatabase,
    location_id: str,
    *,
    hide: list[str] | tuple[str, ...] = (),
    show: list[str] | tuple[str, ...] = (),
    actor: Actor = CLI,
) -> list[str]:
    """Hide guides from the location's kiosks (their tiles are left out of the home screen),
    or show them again; returns the location's hidden guides. Audited."""
    for guide_id in (*hide, *show):
        if not GUIDE_ID.match(guide_id):
            raise HubError(
                f"{guide_id!r} is not a guide id (lowercase letters, digits and '-', like "
                "meter-reading); 'kiosk status' on a kiosk lists the installed guides"
            )
    with db.sessions.begin() as session:
        location = session.get(Location, location_id)
        if location is None:
            raise NotFoundError(f"no location {location_id!r}")
        hidden = [g for g in (location.hidden_guides or []) if g not in show]
        hidden += [g for g in dict.fromkeys(hide) if g not in hidden]
        if len(hidden) > MAX_HIDDEN_GUIDES:
            raise HubError(f"a location can hide at most {MAX_HIDDEN_GUIDES} guides")
        location.hidden_guides = sorted(hidden)
        audit(
            session,
            "location.guides_hidden",
            actor,
            location_id=location_id,
            details={
                "hidden": list[JsonValue](sorted(hidden)),
                "hide": list[JsonValue](hide),
                "show": list[JsonValue](show),
            },
        )
        return sorted(hidden)


def zones_of(db: HubDatabase) -> dict[str, str]:
    """Location id -> time zone, for every location."""
    with db.sessions() as session:
        return {row[0]: row[1] for row in session.execute(select(Location.id, Location.timezone))}


def update_location(
    db: HubDatabase,
    location_id: str,
    *,
    idle_timeout: int,
    allowed_sites: list[str],
    referrals: list[dict[str, str]],
    actor: Actor = CLI,
) -> None:
    """Set a location's settings; `referrals` are `{"id", "label"}` dicts, optionally with an
    `address` and opening `hours` (short free text shown on the kiosk at a referral)."""
    if not idle_timeout_ok(idle_timeout):
        raise HubError(
            N_("the idle timeout must be between {low} and {high} seconds"),
            low=IDLE_TIMEOUT_MIN_S,
            high=IDLE_TIMEOUT_MAX_S,
        )
    for site in allowed_sites:
        if not re.match(r"^https://[^\s/]+(/\S*)?$", site):
            raise HubError(N_("{site} is not an https:// address"), site=repr(site))
    cleaned = [_referral(referral) for referral in referrals]
    with db.sessions.begin() as session:
        location = session.get(Location, location_id)
        if location is None:
            raise NotFoundError(f"no location {location_id!r}")
        location.idle_timeout = idle_timeout
        location.allowed_sites = list(allowed_sites)
        location.referrals = cleaned
        audit(
            session,
            "location.updated",
            actor,
            location_id=location_id,
            details={"changed": ["idle_timeout", "allowed_sites", "referrals"]},
        )


def _referral(referral: dict[str, str]) -> dict[str, str]:
    """One referral checked: a valid id, a label, short texts; empty optional fields left out."""
    ident = str(referral.get("id", ""))
    if not REFERRAL_ID.match(ident):
        raise HubError(
            N_("referral id {ident} may only use letters, digits, _ . : -"), ident=repr(ident)
        )
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


def referral_labels(db: HubDatabase, scope: Scope = FULL) -> dict[str, str]:
    labels: dict[str, str] = {}
    for location in list_locations(db, scope):
        for referral in location.referrals:
            item: dict[str, object] = dict(referral)
            labels.setdefault(str(item.get("id")), str(item.get("label") or item.get("id")))
    return labels
