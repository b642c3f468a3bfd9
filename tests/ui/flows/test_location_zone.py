"""The hub's config names the location's time zone: the kiosk shows every time in it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kiosk import i18n


def test_the_configs_time_zone_is_applied(make_kiosk: Any) -> None:
    kiosk = make_kiosk()
    moment = datetime(2026, 12, 3, 14, 30, tzinfo=UTC)
    try:
        kiosk.flows.sync.config_changed.emit({"location": "Lisboa", "timezone": "Europe/Lisbon"})
        assert i18n.clock_time(moment, "en_GB") == "14:30"
        kiosk.flows.sync.config_changed.emit({"location": "Brussel", "timezone": "../etc/passwd"})
        assert i18n.clock_time(moment, "en_GB") == "15:30"  # not a zone: the country's (BE)
    finally:
        i18n.set_time_zone(None)
