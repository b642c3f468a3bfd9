"""Fixtures for the hub's tests: a live hub on 127.0.0.1, on SQLite and on a real PostgreSQL.

`hub` is parametrized over both backends. PostgreSQL comes from `KIOSK_TEST_PG_URL` (an existing
server where we may create databases) or from a throwaway cluster started once per session
(tests.support.testing_pg); missing binaries make the tests FAIL with what to install, never skip.
Every test gets its own fresh database. The login back-off (kiosk.hub.staff.login) is 1 ms
doubling up to 10 ms here, and one address may fail 5 times (as before #18): every attempt
below that limit runs argon2 (the right password must still get in), so fuzzing the token
endpoint would otherwise spend most of its time hashing, or waiting 30 s per attempt.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk.hub.db.engine import HubDatabase, open_hub_db
from kiosk.hub.kiosks.enrollment import create_enroll_code
from kiosk.hub.locations import add_location
from kiosk.hub.server import start_hub_in_thread
from kiosk.hub.settings import HubSettings, sqlite_url
from tests.support.testing_pg import PostgresUnavailable, throwaway_postgres

_counter = itertools.count()
#: A short login back-off and a low address limit for tests (see the module docstring).
QUICK_BACKOFF = 0.001
QUICK_BACKOFF_CAP = 0.01
QUICK_ADDRESS_ATTEMPTS = 5


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """The URL of a PostgreSQL server to make test databases on."""
    existing = os.environ.get("KIOSK_TEST_PG_URL")
    if existing:
        yield existing
        return
    try:
        with throwaway_postgres("postgres_tests") as url:
            yield url
    except PostgresUnavailable as exc:
        pytest.fail(f"PostgreSQL is needed for the hub's tests: {exc}", pytrace=False)


def fresh_pg_database(server_url: str) -> str:
    url = make_url(server_url)
    name = f"hub_test_{os.getpid()}_{next(_counter)}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "hub" / "hub.sqlite3")
    server: str = request.getfixturevalue("pg_server_url")
    return fresh_pg_database(server)


@pytest.fixture
def sqlite_db_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path / "hub" / "hub.sqlite3")


@dataclass
class LiveHub:
    url: str
    db: HubDatabase
    settings: HubSettings
    client: httpx.Client
    location_id: str

    def code(self, valid_hours: float = 24) -> str:
        code, _expires = create_enroll_code(self.db, self.location_id, valid_hours)
        return code

    def enroll_at(self, location_id: str, name: str = "kiosk at") -> str:
        """A new kiosk's token at another location."""
        code, _expires = create_enroll_code(self.db, location_id, 1)
        response = self.client.post("/api/v1/enroll", json={"code": code, "name": name})
        assert response.status_code == 201, response.text
        token: str = response.json()["token"]
        return token

    def enroll(self, name: str = "kiosk 1") -> str:
        """A new kiosk's token."""
        response = self.client.post("/api/v1/enroll", json={"code": self.code(), "name": name})
        assert response.status_code == 201, response.text
        token: str = response.json()["token"]
        return token


def start_live_hub(settings: HubSettings) -> Iterator[LiveHub]:
    """A live hub for `settings` with one location (for tests that need other settings)."""
    db = open_hub_db(settings.db_url)
    location_id = add_location(db, "Bibliotheek Test")
    url, stop = start_hub_in_thread(settings, db)
    client = httpx.Client(base_url=url, timeout=30)
    try:
        yield LiveHub(url, db, settings, client, location_id)
    finally:
        client.close()
        stop()
        db.close()


def live_settings(db_url: str, tmp_path: Path) -> HubSettings:
    """The live hubs' settings: no purge job, the quick login back-off of the docstring."""
    return HubSettings(
        db_url=db_url,
        hub_dir=tmp_path / "hub",
        purge_job=False,
        login_backoff_seconds=QUICK_BACKOFF,
        login_backoff_cap_seconds=QUICK_BACKOFF_CAP,
        login_address_attempts=QUICK_ADDRESS_ATTEMPTS,
    )


@pytest.fixture
def hub(db_url: str, tmp_path: Path) -> Iterator[LiveHub]:
    """A live hub (SQLite and PostgreSQL) with one location, on 127.0.0.1."""
    yield from start_live_hub(live_settings(db_url, tmp_path))


@pytest.fixture
def sqlite_hub(sqlite_db_url: str, tmp_path: Path) -> Iterator[LiveHub]:
    """A live hub on SQLite only (pages, exports, browser tests)."""
    yield from start_live_hub(live_settings(sqlite_db_url, tmp_path))
