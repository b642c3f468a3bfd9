"""The audit log: `audit(...)` is the one way to record a staff or system action.

    from kiosk.hub.audit import CLI, audit, by_user
    audit(session_or_db, "kiosk.revoked", by_user(user.id), target=f"kiosk:{kiosk_id}")

- Who: an `Actor` — a staff user (by id, so removing a user keeps their entries: a removed
  account is disabled and its e-mail anonymised, never deleted), `cli` for `kiosk hub ...`
  commands, `system` for the hub's own jobs, `kiosk` for a kiosk (by id), or `unknown` for a
  failed login with an e-mail that has no account: then only a keyed hash of what was typed is
  kept (`unknown_email()`), never the text.
- Where from: client addresses only as keyed hashes (`client_of(request, db)`), like the login
  limiter's keys.
- What: an action from `ACTIONS`, an optional target (`user:12`, `kiosk:<id>`), the location it
  concerns, and a few details as JSON (never a password, a resident's name or free text).

Given a SQLAlchemy session, the entry joins that transaction (the change and its entry are
written together or not at all); given the database, it is written in a transaction of its own.

Append-only: nothing in the hub changes or deletes entries except `purge_audit()`, the retention
purge (`HubSettings.audit_retention_months`), which records itself as `audit.purged`.
tests/hub/test_audit.py checks that no other module touches the table.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from fastapi import Request
from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from kiosk.clock import utc_now
from kiosk.domain.jsontypes import JsonValue
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import AuditEntry, Location, Organisation, User
from kiosk.hub.security import client_key
from kiosk.hub.spreadsheet import neutralise

#: Every action the log knows, with what it means. Later issues add theirs here.
ACTIONS: dict[str, str] = {
    "login.ok": "a staff user logged in",
    "login.failed": "a failed login (wrong password, unknown e-mail, disabled account)",
    "logout": "a staff user logged out",
    "export": "records or aggregates were exported (format, period, location)",
    "kiosk.enrolled": "a kiosk enrolled with a code",
    "kiosk.revoked": "a kiosk's token was revoked",
    "enroll_code.created": "an enrollment code was made",
    "volunteer.added": "a volunteer was registered",
    "volunteer.removed": "a volunteer was removed",
    "volunteer.pin_set": "a volunteer chose a first PIN at a kiosk with an invitation code",
    "volunteer.pin_reset": "a volunteer's PIN was cleared (a new invitation code was made)",
    "volunteer.invited": "an invitation code for a volunteer's first PIN was made (valid 7 days)",
    "volunteer.pin_refused": "a kiosk's first PIN was refused: no, a wrong or an expired code",
    "kiosk.too_many_codes": "a kiosk was refused (429) after too many wrong codes lately "
    "(invitation codes with a PIN upload, or cancel codes); never the code",
    "location.admin_pin_set": "a location's admin PIN (the kiosks' admin screen) was set",
    "user.added": "a staff account was added",
    "user.role_changed": "a staff account's role was changed",
    "user.disabled": "a staff account was disabled (sessions ended, tokens revoked)",
    "user.enabled": "a staff account was enabled again",
    "user.removed": "a staff account was removed (disabled, e-mail anonymised)",
    "user.password_changed": "a password was changed",
    "user.password_reset": "an admin forced a password reset",
    "user.scope_changed": "the organisations and locations a staff account sees were changed",
    "organisation.added": "an organisation was added",
    "location.added": "a location was added",
    "location.moved": "a location was moved to another organisation",
    "location.updated": "a location's settings, referrals or contact details were changed",
    "location.guides_hidden": "guides were hidden from (or shown again on) a location's kiosks",
    "admin_token.issued": "a publishing token was issued (kiosk admin login)",
    "admin_token.revoked": "a publishing token was revoked (kiosk admin logout)",
    "guides.initialised": "the guide repository was initialised",
    "guides.published": "guides were published",
    "records.purged": "the retention purge deleted old records",
    "audit.purged": "the retention purge deleted old audit entries",
    "audit.exported": "the audit log was exported",
    "user.language_changed": "a staff account's language for the hub's pages was changed",
}
ACTOR_KINDS = ("user", "cli", "system", "kiosk", "unknown")
PAGE_SIZE = 200
CSV_LIMIT = 100_000


@dataclass(frozen=True)
class Actor:
    """Who acted: `kind` is one of ACTOR_KINDS; `user_id` for a user; `ref` a kiosk id or the
    keyed hash of an unknown e-mail."""

    kind: str
    user_id: int | None = None
    ref: str | None = None


CLI = Actor("cli")
SYSTEM = Actor("system")


def by_user(user_id: int) -> Actor:
    return Actor("user", user_id=user_id)


def by_kiosk(kiosk_id: str) -> Actor:
    return Actor("kiosk", ref=kiosk_id[:64])


def unknown_email(secret: bytes, typed: str) -> Actor:
    """A failed login for an e-mail without an account: a keyed hash of it, not the text."""
    normal = typed.strip().lower()[:254].encode("utf-8", "replace")
    keyed = hmac.new(secret, b"audit-email:" + normal, hashlib.sha256).hexdigest()[:32]
    return Actor("unknown", ref=keyed)


def client_of(request: Request | None, db: HubDatabase) -> str | None:
    """The keyed hash of the request's client address (the proxy-resolved one), or None."""
    if request is None or request.client is None:
        return None
    return client_key(db.secret, request.client.host)


def audit(
    where: HubDatabase | Session,
    action: str,
    actor: Actor,
    *,
    target: str | None = None,
    location_id: str | None = None,
    client: str | None = None,
    details: Mapping[str, JsonValue] | None = None,
    at: datetime | None = None,
) -> None:
    """Record one action (see the module docstring). An unknown action or actor kind is a bug."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; add it to kiosk.hub.audit.ACTIONS")
    if actor.kind not in ACTOR_KINDS:
        raise ValueError(f"unknown actor kind {actor.kind!r}")
    entry = AuditEntry(
        at=at or utc_now(),
        action=action,
        actor_kind=actor.kind,
        actor_user_id=actor.user_id,
        actor_ref=actor.ref,
        target=target[:200] if target else None,
        location_id=location_id,
        client=client,
        details_json=json.dumps(dict(details or {}), sort_keys=True, ensure_ascii=False),
    )
    if isinstance(where, Session):
        where.add(entry)
        return
    with where.sessions.begin() as session:
        session.add(entry)


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    start: date | None = None
    end: date | None = None
    action: str | None = None
    #: a user's e-mail, or an actor kind other than "user" (cli, system, kiosk, unknown)
    actor: str | None = None
    page: int = 1


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    action: str
    actor: str
    target: str
    location_id: str
    client: str
    details: str
    #: the details as recorded, for the page to show translated (kiosk.hub.staff.audit_labels)
    data: Mapping[str, JsonValue] = field(default_factory=dict)


def _query(filters: AuditFilters) -> Select[AuditEntry, str]:
    query = select(AuditEntry, User.email).outerjoin(User, User.id == AuditEntry.actor_user_id)
    if filters.start:
        query = query.where(AuditEntry.at >= datetime.combine(filters.start, time(), UTC))
    if filters.end:
        query = query.where(
            AuditEntry.at < datetime.combine(filters.end, time(), UTC) + timedelta(days=1)
        )
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.actor:
        who = filters.actor.strip().lower()
        if who in ACTOR_KINDS and who != "user":
            query = query.where(AuditEntry.actor_kind == who)
        else:
            query = query.where(User.email == who)
    return query


def _actor_text(entry: AuditEntry, email: str | None) -> str:
    if entry.actor_kind == "user":
        return email or f"user {entry.actor_user_id}"
    if entry.actor_ref:
        return f"{entry.actor_kind} {entry.actor_ref}"
    return entry.actor_kind


def _user_targets(
    session: Session, rows: Sequence[tuple[AuditEntry, str | None]]
) -> dict[str, str]:
    """Readable targets for the entries shown: `user:12` -> that user's e-mail (anonymised once
    removed), `organisation:<id>` and `location:<id>` -> their names (with the id)."""
    targets = {entry.target or "" for entry, _email in rows} | {
        f"location:{entry.location_id}" for entry, _email in rows if entry.location_id
    }
    ids = {int(t[5:]) for t in targets if t.startswith("user:") and t[5:].isdigit()}
    orgs = {t[13:] for t in targets if t.startswith("organisation:")}
    places = {t[9:] for t in targets if t.startswith("location:")}
    found: dict[str, str] = {}
    if ids:
        for user_id, email in session.execute(
            select(User.id, User.email).where(User.id.in_(ids))
        ).all():
            found[f"user:{user_id}"] = f"{email} (user:{user_id})"
    if orgs:
        for org_id, name in session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(orgs))
        ).all():
            found[f"organisation:{org_id}"] = f"{name} (organisation)"
    if places:
        for place_id, name in session.execute(
            select(Location.id, Location.name).where(Location.id.in_(places))
        ).all():
            found[f"location:{place_id}"] = f"{name} (location)"
    return found


def _row(entry: AuditEntry, email: str | None, targets: Mapping[str, str]) -> AuditRow:
    details = json.loads(entry.details_json or "{}")
    text = ", ".join(f"{key}={value}" for key, value in details.items())
    target = entry.target or (f"location:{entry.location_id}" if entry.location_id else "")
    return AuditRow(
        entry.id,
        entry.at,
        entry.action,
        _actor_text(entry, email),
        targets.get(target, target),
        entry.location_id or "",
        entry.client or "",
        text,
        details if isinstance(details, dict) else {},
    )


def entries(db: HubDatabase, filters: AuditFilters) -> tuple[list[AuditRow], int]:
    """One page of entries, newest first, and how many match in all."""
    query = _query(filters)
    offset = (max(filters.page, 1) - 1) * PAGE_SIZE
    with db.sessions() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.execute(
            query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(PAGE_SIZE)
            .offset(offset)
        ).all()
        targets = _user_targets(session, rows)
    return [_row(entry, email, targets) for entry, email in rows], total


def entries_csv(db: HubDatabase, filters: AuditFilters) -> str:
    """All matching entries (up to CSV_LIMIT), oldest first, as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "at", "action", "actor", "target", "location_id", "client", "details"])
    with db.sessions() as session:
        rows = session.execute(
            _query(filters).order_by(AuditEntry.at, AuditEntry.id).limit(CSV_LIMIT)
        ).all()
        targets = _user_targets(session, rows)
    for entry, email in rows:
        row = _row(entry, email, targets)
        writer.writerow(
            [
                row.id,
                row.at.isoformat(timespec="seconds"),
                row.action,
                _csv_safe(row.actor),
                _csv_safe(row.target),
                row.location_id,
                row.client,
                _csv_safe(row.details),
            ]
        )
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (the exports' rule, docs/exports.md)."""
    return neutralise(text)


# -- retention ---------------------------------------------------------------------------------


def purge_audit(db: HubDatabase, retention_months: int, now: datetime, actor: Actor) -> int:
    """Delete entries older than the retention period; the purge records itself. The only
    place entries are ever deleted."""
    from kiosk.hub.records.retention import months_before

    cutoff = months_before(now, retention_months)
    with db.sessions.begin() as session:
        result = session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff))
        deleted = int(getattr(result, "rowcount", 0) or 0)
        audit(
            session,
            "audit.purged",
            actor,
            details={"deleted": deleted, "before": cutoff.date().isoformat()},
            at=now,
        )
    return deleted
