"""Translation catalogs: every message of the source is translated in every complete language,
with the same placeholders, no fuzzy entries, and the plural forms the language needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
COMPLETE_LANGUAGES = ("nl", "fr", "en", "ar", "tr", "pl", "uk")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "Np_": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")
#: The kiosk's own code; the hub's texts are its own domain (tests/i18n/test_hub_catalogs.py).
KIOSK_SOURCES = [("hub/**.py", "ignore"), ("commands/hub.py", "ignore"), ("**.py", "python")]


def source_messages() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "kiosk"), keywords=KEYWORDS, method_map=KIOSK_SOURCES
    ):
        forms = (message,) if isinstance(message, str) else tuple(message)
        found[forms[0]] = forms
    return found


def load(language: str) -> Catalog:
    path = ROOT / "translations" / language / "LC_MESSAGES" / "kiosk.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def test_source_has_messages() -> None:
    assert "What do you want to do?" in source_messages()


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_catalog_is_complete(language: str) -> None:
    catalog = load(language)
    missing = []
    for msgid, forms in source_messages().items():
        message = catalog.get(msgid)
        if message is None:
            missing.append(msgid)
            continue
        strings = (message.string,) if isinstance(message.string, str) else message.string
        if not all(strings) or (len(forms) > 1) != message.pluralizable:
            missing.append(msgid)
    assert missing == [], f"{language}: untranslated: {missing}"


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_no_fuzzy_and_same_placeholders(language: str) -> None:
    catalog = load(language)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = (message.string,) if isinstance(message.string, str) else message.string
        if message.pluralizable:
            # each form's placeholders: tests/i18n/test_plurals.py (a form used for one
            # number only may say it in words and leave out {n})
            assert len(strings) == catalog.num_plurals
            continue
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if string and set(PLACEHOLDER.findall(string)) != expected:
                problems.append(f"placeholders differ: {message.id!r} -> {string!r}")
    assert problems == []
