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
