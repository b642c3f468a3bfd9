"""SQLAlchemy models of the kiosk's local database (schema owned by the Alembic migrations)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kiosk.dbtypes import UtcDateTime


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[object, object]] = {
        dict[str, object]: JSON,
        list[str]: JSON,
        datetime: UtcDateTime,
    }


class GuideRunRow(Base):
    __tablename__ = "guide_runs"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    guide_id: Mapped[str] = mapped_column(String(64))
    guide_version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)
    steps: Mapped[list[str]] = mapped_column(JSON)
    ended: Mapped[str] = mapped_column(String(16))
    last_step: Mapped[str] = mapped_column(String(64))
    assisted_session: Mapped[str | None] = mapped_column(String(36))


class AssistedSessionRow(Base):
    __tablename__ = "assisted_sessions"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)
    topics: Mapped[list[str]] = mapped_column(JSON)
    outcome: Mapped[str] = mapped_column(String(16))
    volunteer: Mapped[str] = mapped_column(String(64))
    referral: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    age_band: Mapped[str | None] = mapped_column(String(16))
    first_visit: Mapped[bool | None] = mapped_column()


class OutboxRow(Base):
    """One record revision waiting to reach the hub, or parked after the hub refused it."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("record_uuid", "revision", name="uq_outbox_record_revision"),
        Index("ix_outbox_state_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_uuid: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class StateRow(Base):
    """Small named values: last sync, cached location config, enrollment facts (never secrets)."""

    __tablename__ = "state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, object]] = mapped_column(JSON)
