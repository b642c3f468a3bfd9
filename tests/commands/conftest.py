"""Fixtures for the command tests: a live hub on SQLite (tests/hub/conftest.py) for the
commands that sync."""

from tests.hub.conftest import (  # noqa: F401 - fixtures used by this folder's tests
    sqlite_db_url,
    sqlite_hub,
)
