"""Every shipped guide is complete in all seven languages, and each translation keeps the
source's placeholders, numbers, bold words count and list structure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.domain.guide import Guide
from kiosk.guides import load_guide
from kiosk.i18n import LANGUAGE_NAMES
from kiosk.resources import builtin_guides_dir

SEVEN = ("nl", "fr", "en", "ar", "tr", "pl", "uk")
SHIPPED = sorted(p for p in builtin_guides_dir().iterdir() if (p / "guide.yaml").exists())
PLACEHOLDER = re.compile(r"\{[a-z][a-z0-9_]*\}")
NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")
LIST_ITEM = re.compile(r"^(?:- |\d+\. )", re.MULTILINE)
#: Letters of each script; a translation must be written mostly in its own script.
SCRIPT = {
    "ar": re.compile(r"[\u0600-\u06FF]"),
    "uk": re.compile(r"[\u0400-\u04FF]"),
}


def every_text(guide: Guide) -> list[tuple[str, dict[str, str]]]:
    found: list[tuple[str, dict[str, str]]] = [
        ("title", dict(guide.title)),
        ("summary", dict(guide.summary)),
    ]
    if guide.scope_limit:
        found.append(("scope_limit", dict(guide.scope_limit)))
    for step in guide.steps:
        found += [(f"step {step.id}", dict(texts)) for texts in step.texts()]
    return found


def test_the_seven_languages_are_the_kiosk_languages() -> None:
    assert set(SEVEN) == set(LANGUAGE_NAMES)


@pytest.mark.parametrize("folder", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_guide_is_complete_in_seven_languages(folder: Path) -> None:
    guide = load_guide(folder)
    assert guide.languages == SEVEN
    for where, texts in every_text(guide):
        # country variants (nl_NL, an extension) come on top of the seven languages
        assert tuple(lang for lang in texts if "_" not in lang) == SEVEN, where
        assert all(lang.split("_")[0] in SEVEN for lang in texts), where
        source = texts["en"]
        for language, text in texts.items():
            context = f"{folder.name}: {where} [{language}]"
            assert text.strip(), context
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), context
            assert sorted(NUMBER.findall(text)) == sorted(NUMBER.findall(source)), context
            assert text.count("**") == source.count("**") or language == "ar", context
            assert text.count("**") % 2 == 0, context
            assert len(LIST_ITEM.findall(text)) == len(LIST_ITEM.findall(source)), context
            assert text.count("\n") == source.count("\n"), context
            if language in SCRIPT:
                letters = [c for c in text if c.isalpha()]
                own = sum(1 for c in letters if SCRIPT[language].match(c))
                assert own >= len(letters) / 2, context


@pytest.mark.parametrize("folder", SHIPPED, ids=[p.name for p in SHIPPED])
def test_translations_are_not_copies_of_english(folder: Path) -> None:
    guide = load_guide(folder)
    for where, texts in every_text(guide):
        for language in ("ar", "tr", "pl", "uk"):
            assert texts[language] != texts["en"], f"{folder.name}: {where} [{language}]"
