"""Export refusals a browser reads (#19, a stranger's findings): a reversed period asked with
`Accept: text/html` is the translated page docs/hub-pages.md promises, not JSON; the IDO
period refusal writes its dates as the reader's locale does."""

from __future__ import annotations

import pytest

from kiosk.hub.staff import accounts
from tests.hub.conftest import LiveHub
from tests.hub.staff.test_web import PASSWORD, login, new_client

HTML = {"Accept": "text/html"}


@pytest.mark.parametrize(
    ("language", "said"), [("fr", "la période se termine avant de commencer"), ("nl", "eindigt")]
)
def test_a_reversed_period_is_a_translated_page(
    sqlite_hub: LiveHub, language: str, said: str
) -> None:
    email = f"{language}@example.org"
    accounts.add_user(sqlite_hub.db, email, "admin", PASSWORD)
    accounts.set_language(sqlite_hub.db, email, language)
    with new_client(sqlite_hub) as client:
        login(sqlite_hub, client, email, PASSWORD)
        page = client.get(
            "/exports/csv", params={"from": "2026-11-01", "to": "2026-10-01"}, headers=HTML
        )
        api = client.get("/exports/csv", params={"from": "2026-11-01", "to": "2026-10-01"})
    assert page.status_code == 400
    assert page.headers["content-type"].startswith("text/html")
    assert f'lang="{language}"' in page.text
    assert said in page.text.lower()
    assert api.status_code == 400


@pytest.mark.parametrize(
    ("language", "dates"),
    [("nl", ("1 nov 2026", "30 nov 2026")), ("fr", ("1 nov. 2026", "30 nov. 2026"))],
)
def test_the_ido_refusal_writes_dates_in_the_locale(
    sqlite_hub: LiveHub, language: str, dates: tuple[str, str]
) -> None:
    email = f"{language}@example.org"
    accounts.add_user(sqlite_hub.db, email, "admin", PASSWORD)
    accounts.set_language(sqlite_hub.db, email, language)
    with new_client(sqlite_hub) as client:
        login(sqlite_hub, client, email, PASSWORD)
        page = client.get(
            "/exports/ido", params={"from": "2026-11-02", "to": "2026-11-30"}, headers=HTML
        )
    assert page.status_code == 400
    assert all(day in page.text for day in dates), page.text
    assert "2026-11-01" not in page.text.split("<main", 1)[1].split("<form", 1)[0]
