"""Times on screen and on paper are the location's, never the PC's zone (a kiosk PC set to UTC at
a Brussels help point showed a 15:30 appointment as 14:30)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from kiosk import i18n
from kiosk.domain.location import LocationConfig
from kiosk.domain.records import AssistedSession, Outcome
from kiosk.sync.helpdesk import Ticket
from kiosk.ui.printing.ticket import when_text
from kiosk.ui.screens.my_sessions import session_line

SLOT = datetime(2026, 12, 3, 14, 30, tzinfo=UTC)  # 15:30 in Brussels (winter time)


@pytest.fixture
def pc_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test process runs in UTC, like the stranger's kiosk PC; the location is in Belgium."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    i18n.set_time_zone(None)
    i18n.set_country("BE")
    try:
        yield
    finally:
        i18n.set_time_zone(None)
        monkeypatch.undo()
        time.tzset()


@pytest.mark.usefixtures("pc_in_utc")
def test_the_ticket_shows_the_hubs_time_not_the_pcs() -> None:
    ticket = Ticket(
        "GUSZ-1032", "digital-help", "Digital help", SLOT, SLOT + timedelta(minutes=30), "Library"
    )
    text = when_text(ticket, "nl_BE")
    assert "15:30" in text, text
    assert "16:00" in text, text
    assert "donderdag 3 december 2026" in text
    assert i18n.clock_time(SLOT, "nl_BE") == "15:30"


@pytest.mark.usefixtures("pc_in_utc")
def test_my_sessions_and_the_day_are_the_locations() -> None:
    record = AssistedSession(SLOT, SLOT + timedelta(minutes=20), ("taxes",), Outcome.HELPED, "an")
    assert session_line(record, LocationConfig(), "en_GB").startswith("15:30, 20 minutes")
    late = datetime(2026, 12, 3, 23, 30, tzinfo=UTC)  # already Friday in Brussels
    assert i18n.local(late).date().day == 4


@pytest.mark.usefixtures("pc_in_utc")
def test_the_configs_time_zone_wins_over_the_countrys() -> None:
    i18n.set_time_zone("Europe/Lisbon")  # the hub's `timezone` for the location
    assert i18n.clock_time(SLOT, "en_GB") == "14:30"
    i18n.set_country("BE")  # a country change does not undo the location's own zone
    assert i18n.clock_time(SLOT, "en_GB") == "14:30"
    i18n.set_time_zone("Mars/Olympus")  # unknown: the country's zone, never the PC's
    assert i18n.clock_time(SLOT, "en_GB") == "15:30"
    i18n.set_time_zone(None)
    i18n.set_country("NL")
    assert i18n.clock_time(SLOT, "en_GB") == "15:30"
    i18n.set_country("BE")
