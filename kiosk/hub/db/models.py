"""SQLAlchemy models of the hub's database (the schema itself belongs to the Alembic migrations).

Records keep their validated `data` as canonical JSON text (`data_json`), the hash of that text
plus envelope (`content_hash`) to tell duplicates from conflicts, and a few copied columns that
filters need. No IP address, no resident name, no free text is stored with a record.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kiosk.dbtypes import UtcDateTime
from kiosk.protocol import LAST_ERROR_MAX


class Base(DeclarativeBase):
    """The hub's declarative base; every column names its type (UtcDateTime for moments)."""


class Meta(Base):
    """Small shared values, such as the secret that signs CSRF tokens (shared by all processes)."""

    __tablename__ = "hub_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: hub_admin, coordinator or staff (kiosk.hub.scope.ROLES)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: Set while the account may not log in (kiosk hub user disable; removing disables too).
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    #: Set when the account was removed: its e-mail is anonymised, the row stays for the audit log.
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    password_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)
    #: An admin forced a reset: after logging in the user must choose a new password first.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The language of the hub's pages for this user (nl, fr, en); None follows the browser.
    language: Mapped[str | None] = mapped_column(String(8), default=None)


class Organisation(Base):
    """A library organisation or municipality; its locations are a unit of scope."""

    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class UserScope(Base):
    """One grant of a user's scope: a whole organisation, or one location (exactly one is set).

    A hub_admin needs none (they see everything); a user without grants sees nothing.
    """

    __tablename__ = "user_scopes"
    __table_args__ = (Index("ix_user_scopes_user", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    location_id: Mapped[str | None] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"))


class Location(Base):
    __tablename__ = "locations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    #: IANA time zone of the opening hours, paper logs and every time the staff pages show
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Brussels")
    #: the help point's street address and phone number, as residents should read them
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    idle_timeout: Mapped[int] = mapped_column(Integer, default=180)
    allowed_sites: Mapped[list[str]] = mapped_column(JSON, default=list)
    referrals: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: the location admin's PIN hash (scrypt, kiosk/domain/pins.py), set by the coordinator and
    #: sent to the location's kiosks; NULL until set (#21, migration 0008)
    admin_pin_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    #: ids of guides this location's kiosks do not show (#23), e.g. a shipped guide
    hidden_guides: Mapped[list[str]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )


class EnrollCode(Base):
    __tablename__ = "enroll_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    kiosk_id: Mapped[str | None] = mapped_column(String(36))


class Kiosk(Base):
    __tablename__ = "kiosks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_sync_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outbox_pending: Mapped[int | None] = mapped_column(Integer)
    #: The last sync error the kiosk reported (cleaned by the name rule, capped), and when.
    last_error: Mapped[str | None] = mapped_column(String(LAST_ERROR_MAX))
    last_error_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: The first contact after that report without an error of its own (NULL: it stands).
    last_error_resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class RecordRow(Base):
    __tablename__ = "records"
    __table_args__ = (
        Index("ix_records_started", "started_at"),
        Index("ix_records_location_started", "location_id", "started_at"),
    )

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    kiosk_id: Mapped[str] = mapped_column(String(36))
    location_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    data_json: Mapped[str] = mapped_column(Text)
    #: "referral", "volunteer" or both (comma-separated): ids not on the location's lists when
    #: the record came in (kept, counted as unknown); NULL when every id was known.
    unknown_ids: Mapped[str | None] = mapped_column(String(40), nullable=True, default=None)


class ArchivedCount(Base):
    """Counts folded out of purged records, per week and location; purge never deletes these."""

    __tablename__ = "archived_counts"
    __table_args__ = (Index("ix_archived_week", "week", "location_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[date] = mapped_column(Date)
    location_id: Mapped[str] = mapped_column(String(36))
    dimension: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer)


class StaffSession(Base):
    __tablename__ = "staff_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LoginAttempt(Base):
    """A failed login, keyed by e-mail or by a keyed hash of the client address (never the IP);
    also a wrong cancel or enrollment code (keys `cancel:`, `enroll:`, kiosk.hub.attempts)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class Job(Base):
    """When a periodic job last ran, so that one process of several claims each run."""

    __tablename__ = "jobs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AuditEntry(Base):
    """One staff or system action (kiosk.hub.audit); append-only but for the retention purge.

    The actor is a user id, `cli` or `system`; a failed login for an unknown e-mail keeps only a
    keyed hash of what was typed (`actor_ref`), and the client address only as a keyed hash.
    Only kiosk.hub.audit reads or writes this table (tests/hub/test_audit.py checks).
    """

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_at", "at"),
        Index("ix_audit_action_at", "action", "at"),
        Index("ix_audit_actor_at", "actor_user_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    action: Mapped[str] = mapped_column(String(48))
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_user_id: Mapped[int | None] = mapped_column(Integer)
    actor_ref: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(200))
    location_id: Mapped[str | None] = mapped_column(String(36))
    client: Mapped[str | None] = mapped_column(String(64))
    details_json: Mapped[str] = mapped_column(Text)
