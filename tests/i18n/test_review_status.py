"""Each catalog says honestly who reviewed it (issue #30), and the README's table says the
same: a catalog the team checked is not thereby "reviewed by a native speaker", and a
machine-assisted draft stays a draft until a native speaker has read it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = ("nl", "fr", "ar", "tr", "pl", "uk")


def review_status(language: str) -> str:
    path = ROOT / "translations" / language / "LC_MESSAGES" / "kiosk.po"
    head = path.read_text(encoding="utf-8").split('msgid ""', 1)[0]
    match = re.search(r"^# Review status: (.+)$", head, re.MULTILINE)
    assert match, f"{language}: the catalog header has no review status"
    return match.group(1)


def readme_row(language: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^\| {language} \(.+$", readme, re.MULTILINE)
    assert match, f"README has no row for {language}"
    return match.group(0)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_and_readme_agree_on_the_review(language: str) -> None:
    status, row = review_status(language), readme_row(language)
    native_reviewed = "NOT yet reviewed by a native speaker" not in status
    assert ("awaiting review" not in row) == native_reviewed, (status, row)
    assert ("machine-assisted" in status) == ("machine-assisted" in row), (status, row)
    if native_reviewed:  # a real review names who did it and when
        assert re.search(r"reviewed by .+ on \d{4}-\d{2}-\d{2}", status), status


def docs_row(language: str) -> str:
    """The row of `language` in the review-status table of docs/translations.md."""
    text = (ROOT / "docs" / "translations.md").read_text(encoding="utf-8")
    section = text.split("## Review status", 1)[1].split("\n## ", 1)[0]
    match = re.search(rf"^\| {language} \|.+$", section, re.MULTILINE)
    assert match, f"docs/translations.md has no review status for {language}"
    return match.group(0)


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_doc_states_the_review_status(language: str) -> None:
    """The page titled "... and review status" has it, for every language (issue #30)."""
    status, row = review_status(language), docs_row(language)
    if "NOT yet reviewed by a native speaker" in status:
        assert "awaiting review" in row or "not reviewed by a native speaker" in row, row
    assert ("machine-assisted" in status) == ("machine-assisted" in row), (status, row)


def test_accessibility_doc_agrees_with_the_readme() -> None:
    """docs/accessibility.md said the ar/tr/pl/uk guide texts were "written by the team"
    while the README called them a machine-assisted draft (issue #30)."""
    text = " ".join((ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8").split())
    drafts = [lang for lang in TRANSLATED if "machine-assisted" in review_status(lang)]
    assert drafts == ["ar", "tr", "pl", "uk"]
    assert (
        "The ar, tr, pl and uk texts are a machine-assisted draft, not reviewed by a native "
        "speaker" in text
    )
    assert "written by the team and await" not in text.split("nl and fr")[0]


def test_publiccode_notes_the_drafts() -> None:
    text = (ROOT / "publiccode.yml").read_text(encoding="utf-8")
    assert "machine-assisted drafts, not yet reviewed by a native speaker" in text


def test_readme_tells_where_the_demo_keeps_its_token() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "in memory only" not in readme
    assert "(mode 0600)" in readme
