"""The dashboard's big numbers in the reader's locale (#19, a stranger's finding: the tiles
said 1184 beside a table that said 1.184 / 1 184)."""

from __future__ import annotations

import re

import pytest

from kiosk.hub.kiosks.enrollment import KioskRef
from kiosk.hub.records.ingest import prepare_all, store_batch
from kiosk.hub.staff import accounts
from tests.hub.conftest import LiveHub
from tests.hub.records.envelopes import T0, envelope, session
from tests.hub.staff.test_web import PASSWORD, login, new_client

SESSIONS = 1_184


@pytest.mark.parametrize(("language", "written"), [("nl", "1.184"), ("fr", "1\u202f184")])
def test_the_tiles_write_numbers_as_the_locale_does(
    sqlite_hub: LiveHub, language: str, written: str
) -> None:
    valid, rejected = prepare_all([envelope(session()) for _ in range(SESSIONS)])
    assert not rejected
    store_batch(sqlite_hub.db.sessions, KioskRef("k-1", sqlite_hub.location_id), valid, T0, None)
    email = f"{language}@example.org"
    accounts.add_user(sqlite_hub.db, email, "admin", PASSWORD)
    accounts.set_language(sqlite_hub.db, email, language)
    day = T0.date().isoformat()
    with new_client(sqlite_hub) as client:
        login(sqlite_hub, client, email, PASSWORD)
        page = client.get("/dashboard", params={"from": day, "to": day}).text
    tile = re.search(r'<span class="big" id="total-sessions">([^<]*)</span>', page)
    assert tile is not None
    assert tile.group(1) == written
