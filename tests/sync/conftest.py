"""Fixtures for the sync tests: a live hub on 127.0.0.1, a kiosk store, an enrolled kiosk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.paths import resolve_paths
from kiosk.store import Database, RecordStore, open_database
from kiosk.sync.enrollment import enroll
from tests.sync.livehub import LiveHub, live_hub


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    with live_hub(tmp_path / "hub") as running:
        yield running


@pytest.fixture
def db_path(kiosk_home: Path) -> Path:
    return resolve_paths().database


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    db = open_database(db_path)
    yield db
    db.close()


@pytest.fixture
def store(database: Database) -> RecordStore:
    return RecordStore(database)


@pytest.fixture
def enrolled(hub: LiveHub, db_path: Path) -> LiveHub:
    """The kiosk of this test, enrolled directly with `hub`."""
    enroll(db_path, hub.url, hub.code(), name="test kiosk")
    return hub
