"""The hub's pages in the user's language (kiosk.hub.i18n): chosen per user and per request.

A Dutch and a French user ask for their pages at the same moment, from threads and from
asyncio tasks, many times: each always gets their own language, so no request ever switches a
language that another one reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from kiosk.hub.db.engine import open_hub_db
from kiosk.hub.i18n import (
    choose_language,
    cli_translator,
    language_from_accept,
    translator_for,
)
from kiosk.hub.settings import sqlite_url
from kiosk.hub.staff.accounts import add_user, get_user, set_language
from tests.hub.conftest import LiveHub
from tests.hub.staff.test_web import PASSWORD, login, new_client

ROUNDS = 12
#: What each language's dashboard says, and what it must never say.
DASHBOARD = {
    "nl": ("Overzicht", 'lang="nl"'),
    "fr": ("Tableau de bord", 'lang="fr"'),
    "en": ("Dashboard", 'lang="en"'),
}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-BE,fr;q=0.9,en;q=0.5", "fr"),
        ("de,nl;q=0.3", "nl"),
        ("de", None),
        ("en;q=0.1, nl-BE;q=0.8", "nl"),
        ("nl;q=0, fr;q=0.2", "fr"),
        ("nl;q=abc", None),
        ("", None),
        (None, None),
        ("*", None),
    ],
)
def test_accept_language(header: str | None, expected: str | None) -> None:
    assert language_from_accept(header) == expected


def test_the_user_preference_comes_before_the_browser() -> None:
    assert choose_language("fr", "nl") == "fr"
    assert choose_language(None, "nl-BE") == "nl"
    assert choose_language("de", "de") == "en"


def test_numbers_and_dates_in_the_location_locale() -> None:
    nl, fr = translator_for("nl"), translator_for("fr")
    assert nl.locale == "nl_BE"
    assert fr.locale == "fr_BE"
    assert nl.number(1234) == "1.234"
    assert fr.number(1234).replace("\u202f", " ").replace("\xa0", " ") == "1 234"
    assert nl.day(date(2026, 12, 3)) == "3 dec 2026"
    assert fr.day(date(2026, 12, 3)) == "3 déc. 2026"
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert "14:00" in nl.moment(moment, "Europe/Brussels")
    assert nl.moment(moment).endswith("UTC")


def test_plural_forms_follow_the_language() -> None:
    singular, plural = "%(num)s entry", "%(num)s entries"
    assert translator_for("nl").ngettext(singular, plural, 1) == "%(num)s regel"
    assert translator_for("nl").ngettext(singular, plural, 0) == "%(num)s regels"
    # French uses the singular for 0 and 1
    assert translator_for("fr").ngettext(singular, plural, 0) == "%(num)s entrée"
    assert translator_for("fr").ngettext(singular, plural, 2) == "%(num)s entrées"


def test_the_cli_follows_the_environment() -> None:
    assert cli_translator({"LANG": "fr_BE.UTF-8"}).language == "fr"
    assert cli_translator({"LANGUAGE": "nl:en", "LANG": "fr_BE.UTF-8"}).language == "nl"
    assert cli_translator({"LANG": "C.UTF-8"}).language == "en"
    assert cli_translator({}).language == "en"


def _logged_in(hub: LiveHub, email: str, language: str | None) -> httpx.Client:
    add_user(hub.db, email, "hub_admin", PASSWORD)
    set_language(hub.db, email, language)
    client = new_client(hub)
    assert login(hub, client, email, PASSWORD).status_code == 303
    return client


def _language_of(html: str) -> str:
    match = re.search(r'<html lang="([a-z]+)"', html)
    assert match, html[:200]
    found = match.group(1)
    title, attribute = DASHBOARD[found]
    assert title in html
    for other, (other_title, _attr) in DASHBOARD.items():
        if other != found:
            assert f"<h1>{other_title}</h1>" not in html
    assert attribute in html
    return found


def test_a_dutch_and_a_french_user_at_the_same_time(sqlite_hub: LiveHub) -> None:
    dutch = _logged_in(sqlite_hub, "jan@example.org", "nl")
    french = _logged_in(sqlite_hub, "marie@example.org", "fr")
    start = threading.Barrier(2)

    def ask(client: httpx.Client) -> list[str]:
        start.wait(timeout=30)
        return [_language_of(client.get("/dashboard").text) for _ in range(ROUNDS)]

    try:
        with ThreadPoolExecutor(2) as pool:
            nl_future, fr_future = pool.submit(ask, dutch), pool.submit(ask, french)
            assert nl_future.result() == ["nl"] * ROUNDS
            assert fr_future.result() == ["fr"] * ROUNDS
    finally:
        dutch.close()
        french.close()


def test_browsers_without_a_preference_get_their_language_concurrently(
    sqlite_hub: LiveHub,
) -> None:
    add_user(sqlite_hub.db, "kim@example.org", "hub_admin", PASSWORD)
    assert get_user(sqlite_hub.db, "kim@example.org").language is None
    headers = {"nl": "nl-BE,nl;q=0.9", "fr": "fr-BE,fr;q=0.9,en;q=0.1", "en": "de,en;q=0.5"}

    async def one(language: str) -> list[str]:
        async with httpx.AsyncClient(
            base_url=sqlite_hub.url, timeout=30, headers={"Accept-Language": headers[language]}
        ) as client:
            html = (await client.get("/login")).text
            token = re.search(r'name="csrf_token" value="([^"]+)"', html)
            assert token
            data = {"csrf_token": token.group(1), "email": "kim@example.org"}
            data |= {"password": PASSWORD, "next": "/"}
            assert (await client.post("/login", data=data)).status_code == 303
            found = []
            for _ in range(ROUNDS):
                found.append(_language_of((await client.get("/dashboard")).text))
            return found

    async def all_at_once() -> list[list[str]]:
        return list(await asyncio.gather(*(one(language) for language in headers)))

    results = asyncio.run(all_at_once())
    assert results == [[language] * ROUNDS for language in headers]


def test_a_user_changes_their_language_on_their_account_page(sqlite_hub: LiveHub) -> None:
    client = _logged_in(sqlite_hub, "an@example.org", None)
    with contextlib.closing(client):
        html = client.get("/account/password", headers={"Accept-Language": "nl"}).text
        assert '<html lang="nl"' in html
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert token
        response = client.post(
            "/account/language", data={"csrf_token": token.group(1), "language": "fr"}
        )
        assert response.status_code == 303
        html = client.get("/dashboard", headers={"Accept-Language": "nl"}).text
        assert '<html lang="fr"' in html
    assert get_user(sqlite_hub.db, "an@example.org").language == "fr"


def _cli(kiosk_cmd: list[str], url: str, lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": lang, "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    return subprocess.run(
        [*kiosk_cmd, "hub", *args, "--db", url],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
        env=env,
    )


def test_the_cli_sets_a_language_and_speaks_the_operators(
    kiosk_cmd: list[str], tmp_path: Path
) -> None:
    url = sqlite_url(tmp_path / "hub.sqlite3")
    db = open_hub_db(url)
    try:
        add_user(db, "jan@example.org", "staff", PASSWORD)
    finally:
        db.close()
    chosen = _cli(kiosk_cmd, url, "nl_BE.UTF-8", "user", "language", "jan@example.org", "fr")
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.strip() == "jan@example.org ziet de pagina’s voor medewerkers in het fr"
    unknown = _cli(kiosk_cmd, url, "fr_BE.UTF-8", "user", "disable", "nobody@example.org")
    assert unknown.returncode == 1
    assert "aucun utilisateur 'nobody@example.org'" in unknown.stderr
    db = open_hub_db(url)
    try:
        assert get_user(db, "jan@example.org").language == "fr"
    finally:
        db.close()
