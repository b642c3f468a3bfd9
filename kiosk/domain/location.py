"""The location's config as the kiosk uses it: volunteers, services, referrals, settings, and
the location's time zone, address and phone number (sent by hubs since issue #18), the location
admin's PIN hash and volunteers' invitation codes (hashes, since issue #21), and the guides the
location hides from its home screen (since issue #23).

The hub sends it with every sync (`GET /api/v1/kiosk/config`, docs/protocol.md) and the kiosk
keeps the last good one. `LocationConfig.from_config()` reads that JSON object leniently: an
entry that is not well formed is left out rather than failing the whole config, because a kiosk
must keep working with what it has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROLES = ("volunteer", "coordinator")


@dataclass(frozen=True)
class Volunteer:
    id: str
    name: str
    role: str = "volunteer"
    pin_hash: str | None = None
    #: the hash of the invitation code for a first PIN, and until when it is valid (issue #21;
    #: None from an older hub, or when the volunteer has no open invitation)
    invitation_hash: str | None = None
    invitation_expires: datetime | None = None

    def invitation_open(self, now: datetime) -> bool:
        """Whether a first PIN can be chosen with an invitation code now."""
        return (
            self.pin_hash is None
            and self.invitation_hash is not None
            and self.invitation_expires is not None
            and now < self.invitation_expires
        )


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    minutes: int


@dataclass(frozen=True)
class Referral:
    """Where a resident can be sent on: its name, and optionally its address and opening hours
    (short free text, as the hub's staff typed them)."""

    id: str
    label: str
    address: str | None = None
    hours: str | None = None


@dataclass(frozen=True)
class LocationConfig:
    location: str = ""
    idle_timeout: int | None = None
    allowed_sites: tuple[str, ...] = ()
    referrals: tuple[Referral, ...] = ()
    services: tuple[Service, ...] = ()
    volunteers: tuple[Volunteer, ...] = ()
    #: the location's IANA time zone; None from an older hub, or a zone this kiosk does not know
    timezone: str | None = None
    address: str | None = None
    phone: str | None = None
    #: the location admin's PIN hash, set by the coordinator on the hub (None: not set there)
    admin_pin_hash: str | None = None
    #: ids of guides the location hides from the home screen (#23; () from an older hub)
    hidden_guides: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: Mapping[str, object] | None) -> LocationConfig:
        if not config:
            return cls()
        idle = config.get("idle_timeout")
        return cls(
            location=str(config.get("location") or ""),
            idle_timeout=idle if isinstance(idle, int) and not isinstance(idle, bool) else None,
            allowed_sites=tuple(s for s in _list(config, "allowed_sites") if isinstance(s, str)),
            referrals=tuple(_referrals(_list(config, "referrals"))),
            services=tuple(_services(_list(config, "services"))),
            volunteers=tuple(_volunteers(_list(config, "volunteers"))),
            timezone=_zone(config.get("timezone")),
            address=_line(config, "address"),
            phone=_line(config, "phone", 32),
            admin_pin_hash=_text(config, "admin_pin_hash"),
            hidden_guides=tuple(
                g for g in _list(config, "hidden_guides") if isinstance(g, str) and g
            ),
        )

    def volunteer(self, volunteer_id: str) -> Volunteer | None:
        return next((v for v in self.volunteers if v.id == volunteer_id), None)

    def referral(self, referral_id: str) -> Referral | None:
        return next((r for r in self.referrals if r.id == referral_id), None)

    def referral_label(self, referral_id: str) -> str:
        found = self.referral(referral_id)
        return referral_id if found is None else found.label


def _zone(value: object) -> str | None:
    """`value` when it names a time zone this machine knows, else None."""
    if not isinstance(value, str) or not value or len(value) > 64 or value.startswith("/"):
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return value


def _moment(value: object) -> datetime | None:
    """An ISO 8601 time with an offset, or None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _list(config: Mapping[str, object], key: str) -> list[object]:
    value = config.get(key)
    return value if isinstance(value, list) else []


def _text(item: Mapping[str, object], key: str) -> str | None:
    value = item.get(key)
    return value if isinstance(value, str) and value else None


def _line(item: Mapping[str, object], key: str, limit: int = 200) -> str | None:
    """A short free text shown to residents: whitespace collapsed, cut at `limit` characters."""
    value = _text(item, key)
    if value is None:
        return None
    return " ".join(value.split())[:limit] or None


def _referrals(items: list[object]) -> list[Referral]:
    out = []
    for item in items:
        if isinstance(item, Mapping) and (rid := _text(item, "id")):
            out.append(
                Referral(
                    rid,
                    _text(item, "label") or rid,
                    _line(item, "address"),
                    _line(item, "hours"),
                )
            )
    return out


def _services(items: list[object]) -> list[Service]:
    out = []
    for item in items:
        if not isinstance(item, Mapping) or not (sid := _text(item, "id")):
            continue
        minutes = item.get("minutes")
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
            minutes = 30
        out.append(Service(sid, _text(item, "name") or sid, minutes))
    return out


def _volunteers(items: list[object]) -> list[Volunteer]:
    out = []
    for item in items:
        if not isinstance(item, Mapping) or not (vid := _text(item, "id")):
            continue
        role = _text(item, "role") or "volunteer"
        out.append(
            Volunteer(
                vid,
                _text(item, "name") or vid,
                role if role in ROLES else "volunteer",
                _text(item, "pin_hash"),
                _text(item, "invitation_hash"),
                _moment(item.get("invitation_expires")),
            )
        )
    return out
