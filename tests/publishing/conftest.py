"""Fixtures: a live hub on 127.0.0.1 with an admin user, admin keys, and an enrolled kiosk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from kiosk.hub.db.engine import HubDatabase, open_hub_db
from kiosk.hub.guides.repository import HubTufRepository
from kiosk.hub.kiosks.enrollment import create_enroll_code
from kiosk.hub.locations import add_location
from kiosk.hub.server import start_hub_in_thread
from kiosk.hub.settings import HubSettings, sqlite_url
from kiosk.hub.staff.accounts import add_user
from kiosk.paths import KioskPaths, resolve_paths
from kiosk.publishing import keys
from kiosk.publishing.hub_client import AdminHub, login
from kiosk.publishing.publish import init_repo
from kiosk.sync.guide_updates import fetch_and_pin_root
from tests.publishing.support import PASSPHRASE, PASSWORD

ADMIN = "admin@example.org"


@dataclass
class Hub:
    url: str
    db: HubDatabase
    settings: HubSettings
    location_id: str

    @property
    def repo(self) -> HubTufRepository:
        return HubTufRepository(self.settings.tuf_dir)

    def kiosk_token(self) -> str:
        code, _ = create_enroll_code(self.db, self.location_id, 24)
        response = httpx.post(f"{self.url}/api/v1/enroll", json={"code": code, "name": "k1"})
        assert response.status_code == 201, response.text
        token: str = response.json()["token"]
        return token


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    settings = HubSettings(
        db_url=sqlite_url(tmp_path / "hub" / "hub.sqlite3"),
        hub_dir=tmp_path / "hub",
        purge_job=False,
    )
    db = open_hub_db(settings.db_url)
    add_user(db, ADMIN, "admin", PASSWORD)
    location_id = add_location(db, "Bibliotheek Test")
    url, stop = start_hub_in_thread(settings, db)
    try:
        yield Hub(url, db, settings, location_id)
    finally:
        stop()
        db.close()


@pytest.fixture
def keydir(tmp_path: Path) -> Path:
    folder = tmp_path / "keys"
    keys.keygen(folder, PASSPHRASE)
    return folder


@pytest.fixture
def admin_hub(hub: Hub, keydir: Path) -> Iterator[AdminHub]:
    """Logged in, with the repository initialized."""
    login(hub.url, ADMIN, PASSWORD)
    client = AdminHub(hub.url)
    init_repo(client, keydir, PASSPHRASE, lambda line: None)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def kiosk_paths(hub: Hub, admin_hub: AdminHub) -> KioskPaths:
    """An enrolled kiosk's paths, with the hub's root pinned."""
    paths = resolve_paths()
    paths.ensure()
    fetch_and_pin_root(hub.url, hub.kiosk_token(), paths)
    return paths
