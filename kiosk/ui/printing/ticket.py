"""The resident's appointment ticket: the text to print, and a QR code with an .ics for a phone.

`ics_text()` writes one VEVENT in an iCalendar (RFC 5545) object: the service, the place, the
time in UTC and the booking code (never the resident's name or phone number). The appointment
step shows that text as a QR code, which a phone's camera offers to add to its calendar.
`ticket_proof()` makes the `Proof` that kiosk.ui.printing.proof prints (or writes as a PDF into the
session folder, wiped at the reset, when there is no printer): titled in the resident's language,
in large type, with the service, the hour in the location's time zone, the place with its address
and phone number (from the hub's location config, `kiosk.domain.location.LocationConfig`), the
booking code, and the .ics as a QR code. With no printer the appointment step shows the same
ticket large on screen (`kiosk.ui.printing.ticket_view`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from babel.dates import format_date

from kiosk.domain.location import LocationConfig
from kiosk.i18n import _, local, time_range
from kiosk.sync.helpdesk import Ticket
from kiosk.ui.printing.proof import Proof


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_text(
    ticket: Ticket, now: datetime | None = None, location: LocationConfig | None = None
) -> str:
    """The ticket as an iCalendar object (CRLF line ends, as the RFC asks); the location's
    address joins its name when the hub gave one."""
    stamp = now or datetime.now(UTC)
    place = ", ".join(
        part for part in (ticket.location, location.address if location else None) if part
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kiosk//help point//EN",
        "BEGIN:VEVENT",
        f"UID:{ticket.code}@kiosk",
        f"DTSTAMP:{_ics_time(stamp)}",
        f"DTSTART:{_ics_time(ticket.start)}",
        f"DTEND:{_ics_time(ticket.end)}",
        f"SUMMARY:{_escape(ticket.service_name)}",
        f"LOCATION:{_escape(place)}",
        f"DESCRIPTION:{_escape(ticket.code)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def when_text(ticket: Ticket, locale: str) -> str:
    """ "Tuesday 4 March 2025, 10:00 - 10:30" in the resident's language, the location's time."""
    start = local(ticket.start)
    end = local(ticket.end)
    return _("{date}, {time}").format(
        date=format_date(start, format="full", locale=locale),
        time=time_range(start, end, locale),
    )


def ticket_rows(
    ticket: Ticket, first_name: str, locale: str, location: LocationConfig | None = None
) -> tuple[tuple[str, str], ...]:
    """(label, value) of everything the ticket says; no address or phone when the hub gave
    none (an older hub)."""
    rows = [
        (_("Name"), first_name),
        (_("What"), ticket.service_name),
        (_("When"), when_text(ticket, locale)),
        (_("Where"), ticket.location or (location.location if location else "")),
    ]
    if location is not None and location.address:
        rows.append((_("Address"), location.address))
    if location is not None and location.phone:
        rows.append((_("Phone"), location.phone))
    rows.append((_("Code"), ticket.code))
    return tuple((label, value) for label, value in rows if value)


def cancel_text(location: LocationConfig | None) -> str:
    """What to do when the resident cannot come: the help point's phone number when known."""
    if location is not None and location.phone:
        return _("Can you not come? Call the help point: {phone}").format(phone=location.phone)
    return _("Can you not come? Tell the desk.")


def ticket_title() -> str:
    """The ticket's title, in the resident's language (never the hub's service name)."""
    return _("Your appointment at the help point")


def ticket_proof(
    ticket: Ticket,
    first_name: str,
    locale: str,
    location: LocationConfig | None = None,
    ics: str = "",
) -> Proof:
    """What the printed ticket shows (the first name stays on paper, with the resident), large,
    with the .ics `ics` as a QR code."""
    return Proof(
        ticket_title(),
        cancel_text(location),
        ticket_rows(ticket, first_name, locale, location),
        qr=ics,
        large=True,
    )
