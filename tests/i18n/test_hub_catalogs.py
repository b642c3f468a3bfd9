"""The hub's catalogs (gettext domain `hub`, kiosk.hub.i18n): every message of the hub's code
and of its templates is translated in nl, fr and en, with the same placeholders, no fuzzy
entries, and the plural forms the language needs.

Messages are extracted the way `make hub-pot` does (translations/hub-babel.cfg): Python with
babel's extractor, the Jinja2 templates with Jinja2's own babel extractor, so a text added to a
template and not to the catalogs fails here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from kiosk.hub.i18n import HUB_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "Np_": (1, 2), "n_": (1, 2), "ngettext": (1, 2)}
#: What translations/hub-babel.cfg extracts, relative to the package folder.
METHODS = [
    ("hub/**.py", "python"),
    ("domain/labels.py", "python"),
    ("commands/hub.py", "python"),
    ("hub/**/templates/**.html", "jinja2"),
]
OPTIONS = {"hub/**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
BRACES = re.compile(r"\{[a-z_][a-z0-9_]*\}")
PERCENT = re.compile(r"%\([a-z_][a-z0-9_]*\)s")
#: What babel reads from the headers: nl and en count "one" and "other", fr counts 0 as one.
PLURAL_FORMS = {
    "nl": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "en": "nplurals=2; plural=(n != 1);",
}


@lru_cache(maxsize=1)
def source_messages() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "kiosk"), method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        assert filename, message
        forms = (message,) if isinstance(message, str) else tuple(m for m in message if m)
        if forms and forms[0]:
            found[forms[0]] = forms
    return found


def load(language: str) -> Catalog:
    path = ROOT / "translations" / language / "LC_MESSAGES" / "hub.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def placeholders(text: str) -> set[str]:
    return set(BRACES.findall(text)) | set(PERCENT.findall(text))


def test_the_templates_and_the_code_are_extracted() -> None:
    messages = source_messages()
    assert "Skip to the content" in messages  # base.html
    assert "Funnel per guide" in messages  # dashboard.html
    assert "Referred to another service" in messages  # kiosk/hub/records/dashboard.py
    assert "That e-mail address and password do not match." in messages  # staff/pages.py
    assert messages["%(num)s run"] == ("%(num)s run", "%(num)s runs")


def test_the_hub_languages_are_nl_fr_en() -> None:
    assert set(HUB_LANGUAGES) == {"nl", "fr", "en"}


@pytest.mark.parametrize("language", sorted(HUB_LANGUAGES))
def test_hub_catalog_is_complete(language: str) -> None:
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
    assert missing == [], f"{language}: untranslated in hub.po: {missing}"


@pytest.mark.parametrize("language", sorted(HUB_LANGUAGES))
def test_hub_catalog_placeholders_plurals_and_no_fuzzy(language: str) -> None:
    catalog = load(language)
    assert catalog.plural_forms == PLURAL_FORMS[language]
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        if message.pluralizable:
            if len(strings) != catalog.num_plurals:
                problems.append(f"{len(strings)} plural forms: {message.id!r}")
            # every form names what the plural message names
            expected = placeholders(ids[-1])
            problems += [
                f"placeholders differ: {message.id!r} -> {string!r}"
                for string in strings
                if placeholders(string) != expected
            ]
            continue
        expected = placeholders(ids[0])
        for string in strings:
            if string and placeholders(string) != expected:
                problems.append(f"placeholders differ: {message.id!r} -> {string!r}")
    assert problems == []


def test_english_is_the_source_text() -> None:
    catalog = load("en")
    different = [
        message.id
        for message in catalog
        if message.id and not message.pluralizable and message.string != message.id
    ]
    assert different == []


def test_the_kiosk_catalog_keeps_its_seven_languages() -> None:
    """The hub's texts moved to their own domain; the kiosk's domain is untouched by it."""
    languages = sorted(
        path.parent.parent.name
        for path in (ROOT / "translations").glob("*/LC_MESSAGES/kiosk.po")
        if "_" not in path.parent.parent.name
    )
    assert languages == sorted(["nl", "fr", "en", "ar", "tr", "pl", "uk"])
