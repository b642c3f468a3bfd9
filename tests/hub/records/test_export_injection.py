"""Formula injection through the real hub (#19): locations named like spreadsheet formulas,
records synced by kiosks, every export downloaded by a logged-in hub admin on 127.0.0.1. No
text cell of any format may start a formula; the hostile names come back with an apostrophe
in front, counts stay numbers."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx

from kiosk.domain.records import RunEnd
from kiosk.hub.locations import add_location
from kiosk.hub.records.exports import FORMATS
from kiosk.hub.spreadsheet import FORMULA_STARTS
from kiosk.hub.staff.accounts import add_user, set_language
from tests.hub.conftest import LiveHub
from tests.hub.records.envelopes import envelope, run, session

PASSWORD = "correct horse battery"
HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example","click")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd",
    "@SUM(A1:A2)",
    '\uff1dHYPERLINK("http://evil.example")',  # full-width =
]
QUARTER = "from=2025-01-01&to=2025-03-31"
START = datetime(2025, 2, 3, 10, 0, tzinfo=UTC)


@contextlib.contextmanager
def login(hub: LiveHub, email: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hub.url, timeout=30) as client:
        yield _logged_in(client, email)


def _logged_in(client: httpx.Client, email: str) -> httpx.Client:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    answer = client.post(
        "/login",
        data={"csrf_token": token.group(1), "email": email, "password": PASSWORD, "next": "/"},
    )
    assert answer.status_code == 303, answer.text[:300]
    return client


def text_cells(value: object) -> list[str]:
    """Every string in a decoded JSON value, object keys too."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value.keys(), *(s for item in value.values() for s in text_cells(item))]
    if isinstance(value, list):
        return [s for item in value for s in text_cells(item)]
    return []


def test_no_export_starts_a_formula(sqlite_hub: LiveHub) -> None:
    ids = {}
    for name in HOSTILE_NAMES:
        location = add_location(sqlite_hub.db, name)
        ids[name] = location
        token = sqlite_hub.enroll_at(location, name="kiosk")
        records = [envelope(session(start=START + timedelta(hours=i))) for i in range(6)]
        answer = sqlite_hub.client.post(
            "/api/v1/records",
            json={"records": records},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert len(answer.json()["accepted"]) == 6
    add_user(sqlite_hub.db, "admin@example.org", "hub_admin", PASSWORD)
    with login(sqlite_hub, "admin@example.org") as client:
        files = {fmt: client.get(f"/exports/{fmt}?{QUARTER}") for fmt in FORMATS}
        ido = {name: client.get(f"/exports/ido?{QUARTER}&location={ids[name]}") for name in ids}
    assert all(answer.status_code == 200 for answer in [*files.values(), *ido.values()])

    comma = list(csv.reader(io.StringIO(files["csv"].text)))
    raw = files["csv-excel"].content
    assert raw.startswith(b"\xef\xbb\xbfid;kind;revision;location;")
    assert b"\r\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")
    excel = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    for rows in (comma, excel):
        assert len(rows) == 1 + 6 * len(HOSTILE_NAMES)
        locations = {row[3] for row in rows[1:]}
        assert locations == {"'" + name for name in HOSTILE_NAMES}
        assert all(cell[:1] not in FORMULA_STARTS for row in rows for cell in row)
        assert {row[2] for row in rows[1:]} == {"1"}  # a number, not '1

    contacts = files["klantinteracties"].json()
    assert len(contacts) == 6 * len(HOSTILE_NAMES)
    assert all(s[:1] not in FORMULA_STARTS for s in text_cells(contacts))
    for name, answer in ido.items():
        document = answer.json()
        assert document["location"] == "'" + name
        assert document["sessions"] == 6
        assert all(s[:1] not in FORMULA_STARTS for s in text_cells(document))


def test_the_onderwerp_is_dutch_for_a_french_user(sqlite_hub: LiveHub) -> None:
    """#19: a klantcontact's `onderwerp` is the Dutch title of the guide handed to the session,
    then its topics in Dutch, whatever the language of the user who exports."""
    contact = session(start=START, language="fr", topics=("energy",))
    handed = run(
        start=START - timedelta(minutes=10),
        guide_id="meter-reading",
        ended=RunEnd.HANDED_OFF,
        assisted_session=contact.uuid,
    )
    token = sqlite_hub.enroll()
    answer = sqlite_hub.client.post(
        "/api/v1/records",
        json={"records": [envelope(contact), envelope(handed)]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert len(answer.json()["accepted"]) == 2
    add_user(sqlite_hub.db, "fr@example.org", "hub_admin", PASSWORD)
    set_language(sqlite_hub.db, "fr@example.org", "fr")
    with login(sqlite_hub, "fr@example.org") as client:
        dashboard = client.get("/dashboard")
        (exported,) = client.get(f"/exports/klantinteracties?{QUARTER}").json()
        refused = client.get("/exports/ido?from=2025-01-01&to=2025-02-15")
    assert 'lang="fr"' in dashboard.text
    assert exported["onderwerp"] == "Meterstand doorgeven, Energie"
    assert exported["taal"] == "fra"
    assert refused.status_code == 400
    assert "Un export IDO couvre un mois civil entier" in refused.text
    # the example period in French date words (babel), not ISO dates
    spaced = refused.text.replace("\u202f", " ").replace("\xa0", " ")
    assert "du 1 janv. 2025 au 31 janv. 2025" in spaced
