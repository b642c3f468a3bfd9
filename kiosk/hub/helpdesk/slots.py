"""Appointment slots: weekly openings unrolled into dated occurrences, and slot ids.

An opening ("Tuesday 14:00-16:00, every 30 minutes, 2 seats, service of 30 minutes") gives,
on every Tuesday, the starts 14:00, 14:30, 15:00 and 15:30 (a start is offered only when the
service ends by 16:00), each with 2 seats. Times are local to the opening's time zone and
turned into aware datetimes with zoneinfo, so a daylight-saving change moves nothing.

A slot id names one start of one opening, `o<opening id>-<YYYYMMDD>T<HHMM>` (local date and
time); the hub checks it against the opening again when it is booked, so a made-up id is
refused. No database here: callers pass plain values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.i18n import N_

DEFAULT_TIMEZONE = "Europe/Brussels"
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
_SLOT_ID = re.compile(r"^o(\d{1,9})-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class OpeningRule:
    """The plain values of an opening that slot computation needs."""

    id: int
    weekday: int
    start_time: str
    end_time: str
    every_minutes: int
    capacity: int
    timezone: str
    service_minutes: int


@dataclass(frozen=True)
class SlotTime:
    """One start of one opening; it has `capacity` seats."""

    opening_id: int
    local_date: date
    local_time: time
    start: datetime
    end: datetime

    @property
    def id(self) -> str:
        return slot_id(self.opening_id, self.local_date, self.local_time)


@dataclass(frozen=True)
class SlotRef:
    """A parsed slot id."""

    opening_id: int
    local_date: date
    local_time: time


def parse_hhmm(text: str) -> time:
    """'HH:MM' (24 hours) as a time; ValueError otherwise."""
    match = _HHMM.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time such as 14:00")
    return time(int(match.group(1)), int(match.group(2)))


def slot_id(opening_id: int, day: date, at: time) -> str:
    return f"o{opening_id}-{day:%Y%m%d}T{at:%H%M}"


def parse_slot_id(text: str) -> SlotRef | None:
    """The opening, date and time a slot id names, or None when it is not a slot id."""
    match = _SLOT_ID.match(text)
    if not match:
        return None
    opening, year, month, day, hour, minute = (int(part) for part in match.groups())
    try:
        return SlotRef(opening, date(year, month, day), time(hour, minute))
    except ValueError:
        return None


def starts_of_day(rule: OpeningRule) -> list[time]:
    """The local start times of one opening day."""
    begin = parse_hhmm(rule.start_time)
    finish = parse_hhmm(rule.end_time)
    step = timedelta(minutes=rule.every_minutes)
    length = timedelta(minutes=rule.service_minutes)
    anchor = datetime.combine(date(2000, 1, 3), begin)
    last = datetime.combine(date(2000, 1, 3), finish)
    starts = []
    moment = anchor
    while moment + length <= last:
        starts.append(moment.time())
        moment += step
    return starts


def occurrence(rule: OpeningRule, day: date, at: time) -> SlotTime:
    zone = ZoneInfo(rule.timezone)
    start = datetime.combine(day, at, tzinfo=zone)
    return SlotTime(rule.id, day, at, start, start + timedelta(minutes=rule.service_minutes))


def occurrences(rule: OpeningRule, first_day: date, days: int) -> list[SlotTime]:
    """Every start of `rule` on the `days` local days from `first_day` on."""
    found: list[SlotTime] = []
    times = starts_of_day(rule)
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day.weekday() == rule.weekday:
            found.extend(occurrence(rule, day, at) for at in times)
    return found


def resolve(rule: OpeningRule, ref: SlotRef) -> SlotTime | None:
    """The occurrence `ref` names, when it is one of `rule`'s starts; else None."""
    if ref.opening_id != rule.id or ref.local_date.weekday() != rule.weekday:
        return None
    if ref.local_time not in starts_of_day(rule):
        return None
    return occurrence(rule, ref.local_date, ref.local_time)


def local_today(now: datetime, timezone: str = DEFAULT_TIMEZONE) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()
