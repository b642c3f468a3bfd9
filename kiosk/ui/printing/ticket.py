"""The resident's appointment ticket: the text to print, and a QR code with an .ics for a phone.

`ics_text()` writes one VEVENT in an iCalendar (RFC 5545) object: the service, the place, the
time in UTC and the booking code (never the resident's name or phone number). The appointment
step shows that text as a QR code, which a phone's camera offers to add to its calendar.
`ticket_proof()` makes the `Proof` that kiosk.ui.printing.proof prints (or writes as a PDF into the
session folder, wiped at the reset, when there is no printer).
"""

from __future__ import annotations

from datetime import UTC, datetime

from babel.dates import format_date

from kiosk.i18n import _, local, time_range
from kiosk.sync.helpdesk import Ticket
from kiosk.ui.printing.proof import Proof


def _ics_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_text(ticket: Ticket, now: datetime | None = None) -> str:
    """The ticket as an iCalendar object (CRLF line ends, as the RFC asks)."""
    stamp = now or datetime.now(UTC)
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
        f"LOCATION:{_escape(ticket.location)}",
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


def ticket_proof(ticket: Ticket, first_name: str, locale: str) -> Proof:
    """What the printed ticket shows (the first name stays on paper, with the resident)."""
    rows = (
        (_("Name"), first_name),
        (_("When"), when_text(ticket, locale)),
        (_("Where"), ticket.location),
        (_("Code"), ticket.code),
    )
    return Proof(ticket.service_name, _("Your appointment"), rows)
