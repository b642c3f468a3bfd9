"""Fixtures for the help-point UI tests: a location config in the kiosk's store (An has a PIN,
Bram an open invitation code, the location an admin PIN), a fake clock, and the help-point flow
of a kiosk built through kiosk.app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain import invitations, pins
from kiosk.paths import home_paths
from kiosk.store import RecordStore, open_database

AN_PIN = "482913"
ADMIN_PIN = "907153"
BRAM_CODE = "418203957716"
REFERRALS = [
    {"id": "social_services", "label": "Social services (OCMW/CPAS)"},
    {"id": "tax_office", "label": "Tax office"},
]


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def location_config() -> dict[str, Any]:
    return {
        "protocol": 1,
        "kiosk_id": "k1",
        "location": "Bibliotheek Centrum",
        "idle_timeout": 180,
        "allowed_sites": ["https://www.belastingdienst.nl"],
        "referrals": REFERRALS,
        "services": [{"id": "digital-help", "name": "Digital help", "minutes": 30}],
        "volunteers": [
            {"id": "v-an", "name": "An", "role": "volunteer", "pin_hash": pins.hash_pin(AN_PIN)},
            {
                "id": "v-bram",
                "name": "Bram",
                "role": "coordinator",
                "pin_hash": None,
                "invitation_hash": invitations.hash_code(BRAM_CODE),
                "invitation_expires": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
            },
        ],
        "admin_pin_hash": pins.hash_pin(ADMIN_PIN),
    }


@pytest.fixture
def seeded_home(kiosk_home: Path) -> Path:
    """The kiosk home with a store holding the location config."""
    db = open_database(home_paths(kiosk_home).database)
    try:
        RecordStore(db).set_state("location_config", {"config": location_config()})
    finally:
        db.close()
    return kiosk_home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def helpdesk(make_kiosk: Callable[..., Any], seeded_home: Path, clock: FakeClock) -> Any:
    """(kiosk, flow) with the fake clock."""
    kiosk = make_kiosk(default_language="en")
    flow = kiosk.flows.helpdesk
    assert flow is not None
    flow.clock = clock
    return kiosk, flow


def read_store(kiosk_home: Path, fn: Callable[[RecordStore], Any]) -> Any:
    db = open_database(home_paths(kiosk_home).database)
    try:
        return fn(RecordStore(db))
    finally:
        db.close()
