"""SQLAlchemy models of the help point (issue #8): volunteers, services, openings, appointments.

The schema belongs to migration 0002 (invitations: 0008). Volunteers keep only the PIN *hash* a
kiosk uploaded, never a PIN, and the hash of an open invitation code, never the code. An
appointment is one booked seat of one slot occurrence; the unique constraint on
(opening, start, seat) is what keeps the hub from booking a seat twice, whatever the timing of
the requests. Contact details (`first_name`, `phone`) are emptied the day after the appointment.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.dbtypes import UtcDateTime
from kiosk.hub.db.models import Base


class Volunteer(Base):
    __tablename__ = "volunteers"
    __table_args__ = (Index("ix_volunteers_location", "location_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: the hash of the open invitation code for a first PIN and its end (#21, migration 0008);
    #: NULL when there is none (used, or never made)
    invitation_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    invitation_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime, default=None)


class Service(Base):
    """What a resident can book, e.g. `digital-help`, 30 minutes."""

    __tablename__ = "services"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    minutes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Opening(Base):
    """A weekly opening of a service at a location: weekday, hours, interval and seats. Its
    times are local to the location's time zone (`Location.timezone`)."""

    __tablename__ = "openings"
    __table_args__ = (Index("ix_openings_location", "location_id", "service_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id", ondelete="CASCADE"))
    service_id: Mapped[str] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"))
    #: 0 = Monday ... 6 = Sunday
    weekday: Mapped[int] = mapped_column(Integer)
    #: local times, "HH:MM"
    start_time: Mapped[str] = mapped_column(String(5))
    end_time: Mapped[str] = mapped_column(String(5))
    every_minutes: Mapped[int] = mapped_column(Integer)
    #: how many residents can be helped at once (volunteers on duty)
    capacity: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        UniqueConstraint("opening_id", "starts_at", "seat", name="uq_appointments_seat"),
        Index("ix_appointments_location_starts", "location_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    seat: Mapped[int] = mapped_column(Integer)
    location_id: Mapped[str] = mapped_column(String(36))
    service_id: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: the appointment's day where it takes place; contacts go the day after
    local_date: Mapped[date] = mapped_column(Date)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    first_name: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(32))
    kiosk_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
