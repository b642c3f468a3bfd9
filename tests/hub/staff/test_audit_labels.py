"""The audit page in the reader's language (#19, a stranger's finding): every action has a
translated title (kiosk.hub.staff.audit_labels), the filter lists titles, and the details are
translated names with values formatted in the reader's locale, never raw ids or key=value."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kiosk.hub.audit import ACTIONS, CLI
from kiosk.hub.i18n import translator_for
from kiosk.hub.records.exports import audit_export
from kiosk.hub.records.stats import Filters
from kiosk.hub.staff import accounts
from kiosk.hub.staff.audit_labels import ACTION_LABELS, action_label, detail_text
from tests.hub.conftest import LiveHub
from tests.hub.staff.test_web import PASSWORD, login, new_client

ADMIN = "baas@example.org"


def test_every_action_has_a_title() -> None:
    assert set(ACTION_LABELS) == set(ACTIONS)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_title_is_translated(language: str) -> None:
    t = translator_for(language)
    untranslated = [a for a in ACTIONS if action_label(t, a) == ACTION_LABELS[a]]
    assert untranslated == []


def test_details_are_named_and_formatted_in_the_locale() -> None:
    details = {"format": "ido", "from": "2026-11-01", "to": "2026-11-30", "location": "all"}
    assert detail_text(translator_for("nl"), details) == (
        "van: 1 nov 2026; naar: 30 nov 2026; formaat: ido; locatie: Alle locaties"
    )
    assert "1 nov. 2026" in detail_text(translator_for("fr"), details)
    assert detail_text(translator_for("fr"), {"deleted": 1184}) == "supprimés: 1\u202f184"


def test_the_dutch_audit_page_shows_no_ids(sqlite_hub: LiveHub) -> None:
    accounts.add_user(sqlite_hub.db, ADMIN, "admin", PASSWORD)
    accounts.set_language(sqlite_hub.db, ADMIN, "nl")
    accounts.set_language(sqlite_hub.db, ADMIN, "fr")
    accounts.set_language(sqlite_hub.db, ADMIN, "nl")
    audit_export(sqlite_hub.db, CLI, "ido", Filters(date(2026, 11, 1), date(2026, 11, 30)))
    with new_client(sqlite_hub) as client:
        login(sqlite_hub, client, ADMIN, PASSWORD)
        page = client.get("/audit").text
        chosen = client.get("/audit", params={"action": "user.language_changed"}).text
    cells = re.findall(r'<td data-action="([^"]+)">([^<]*)</td>', page)
    assert {action for action, _label in cells} >= {"export", "user.language_changed"}
    assert all(label and label != action for action, label in cells), cells
    assert "Taal gewijzigd" in page
    assert "van: 1 nov 2026; naar: 30 nov 2026" in page
    assert "from=" not in page
    assert "to=" not in page
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', page)
    assert len(options) == len(ACTIONS)
    assert all(label != value for value, label in options), options
    assert chosen.count('data-action="user.language_changed"') == 3
