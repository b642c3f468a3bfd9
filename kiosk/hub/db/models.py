"""SQLAlchemy models of the hub's database (the schema itself belongs to the Alembic migrations).

Records keep their validated `data` as canonical JSON text (`data_json`), the hash of that text
plus envelope (`content_hash`) to tell duplicates from conflicts, and a few copied columns that
filters need. No IP address, no resident name, no free text is stored with a record.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kiosk.dbtypes import UtcDateTime


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
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Location(Base):
    __tablename__ = "locations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    idle_timeout: Mapped[int] = mapped_column(Integer, default=180)
    allowed_sites: Mapped[list[str]] = mapped_column(JSON, default=list)
    referrals: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


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
