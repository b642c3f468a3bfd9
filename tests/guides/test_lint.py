"""`kiosk guide check --lint`: plain-language warnings (long sentences, long words, long steps
without a picture) that never change the exit code."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kiosk.guides.lint import (
    LONG_STEP_WORDS,
    MAX_SENTENCE_WORDS,
    count_syllables,
    lint_guide_text,
    lint_text,
    sentences,
    words,
)
from tests.guides.support import BASE, line_of, write_bundle, write_zip

LONG_SENTENCE = " ".join(["word"] * (MAX_SENTENCE_WORDS + 1)) + "."
OK_SENTENCE = " ".join(["word"] * MAX_SENTENCE_WORDS) + "."


@pytest.mark.parametrize(
    ("word", "language", "syllables"),
    [
        ("cat", "en", 1),
        ("reading", "en", 2),
        ("phone", "en", 1),
        ("electricity", "en", 5),
        ("meterstand", "nl", 3),
        ("energieleverancier", "nl", 7),
        ("bruin", "nl", 1),
        ("eau", "fr", 1),
        ("compteur", "fr", 2),
        ("facture", "fr", 2),
        ("communication", "fr", 5),
        ("licznik", "pl", 2),
        ("niebieski", "pl", 3),
        ("sayaç", "tr", 2),
        ("muayenehane", "tr", 6),
        ("лічильник", "uk", 3),
        ("зателефонуйте", "uk", 6),
    ],
)
def test_syllable_estimate(word: str, language: str, syllables: int) -> None:
    assert count_syllables(word, language) == syllables


def test_arabic_uses_a_letter_count_approximation() -> None:
    assert count_syllables("العدّاد", "ar") == 1
    assert count_syllables("والمستشفيات", "ar") == 1  # the article and "and" are not counted
    assert count_syllables("استخداماتهمااااا", "ar") > 4


def test_sentences_split_at_stops_and_line_breaks() -> None:
    text = "Open the app. Choose **Scan**!\n1. Point the camera.\n- Is it right? Confirm."
    assert sentences(text) == [
        "Open the app.",
        "Choose Scan!",
        "Point the camera.",
        "Is it right?",
        "Confirm.",
    ]


def test_words_skip_numbers_placeholders_and_marks() -> None:
    assert words("1. Type **{ean}** and 54 kWh, then press **Next**.") == [
        "Type",
        "and",
        "kWh",
        "then",
        "press",
        "Next",
    ]


def test_a_sentence_over_20_words_warns_and_20_does_not() -> None:
    assert lint_text(OK_SENTENCE, "en") == []
    (warning,) = lint_text(LONG_SENTENCE, "en")
    assert "sentence of 21 words" in warning
    assert warning.startswith("[en] ")


def test_a_long_word_warns_but_not_in_bold_or_capitals() -> None:
    (warning,) = lint_text("Ask your energieleverancier.", "nl")
    assert "energieleverancier" in warning
    assert lint_text("Choose **Meterstandinformatiesysteem**.", "nl") == []
    assert lint_text("The EANCODEVERIFICATION works.", "en") == []


def test_turkish_polish_and_ukrainian_have_a_higher_limit() -> None:
    assert lint_text("Sayacınızı okuyun.", "tr") == []  # 5 syllables, under tr's 6
    assert "Muayenehanenin" in lint_text("Muayenehanenin sitesi.", "tr")[0]


def _warnings(text: str) -> list[str]:
    return [str(problem) for problem in lint_guide_text(text, "g/guide.yaml")]


def test_warnings_use_the_checker_format_with_step_and_line() -> None:
    text = BASE.replace(
        'text: {nl: "Kies", en: "Pick"}', f'text: {{nl: "Kies", en: "{LONG_SENTENCE}"}}'
    )
    (warning,) = _warnings(text)
    line = line_of(text, "word word")
    assert warning.startswith(f"g/guide.yaml:{line}: step 'pick': warning: [en] sentence of 21")


def test_option_labels_items_hints_and_guide_texts_are_linted() -> None:
    text = BASE.replace('{label: {nl: "Ja", en: "Yes"}', '{label: {nl: "Ja", en: "Electricity"}')
    text = text.replace('summary: {nl: "Samenvatting"', 'summary: {nl: "Energieleverancier"')
    found = _warnings(text)
    assert any("summary: warning: [nl]" in w and "Energieleverancier" in w for w in found)
    assert any("step 'pick': warning: [en]" in w and "Electricity" in w for w in found)


def test_a_long_step_without_a_picture_warns() -> None:
    long_text = " ".join(f"Word{n % 7} is here." for n in range(LONG_STEP_WORDS // 3 + 1))
    text = BASE.replace(
        'text: {nl: "Code?", en: "Code?"}', f'text: {{nl: "Code?", en: "{long_text}"}}'
    )
    found = [w for w in _warnings(text) if "long step" in w]
    assert len(found) == 1
    assert found[0].startswith(f"g/guide.yaml:{line_of(text, '- id: ask-ean')}: step 'ask-ean': ")
    assert "without a picture" in found[0]
    with_picture = text.replace("    kind: ean\n", "    kind: ean\n    image: images/icon.svg\n")
    assert not [w for w in _warnings(with_picture) if "long step" in w]


def test_a_picture_without_alt_warns_and_the_alt_is_linted() -> None:
    """An `image` without `alt` (what the picture shows, for a resident who cannot see it)."""
    without = BASE.replace('    alt: {nl: "Een icoon", en: "An icon"}\n', "")
    (warning,) = _warnings(without)
    assert warning.startswith(f"g/guide.yaml:{line_of(without, '- id: start')}: step 'start': ")
    assert "a picture without 'alt'" in warning
    long_word = BASE.replace('en: "An icon"', 'en: "An electricity icon"')
    assert any("[en] word over 4 syllables: electricity" in w for w in _warnings(long_word))


def test_a_plain_guide_has_no_warnings() -> None:
    assert _warnings(BASE) == []


def test_a_broken_file_gives_no_warnings_and_does_not_crash() -> None:
    assert _warnings("steps: [") == []
    assert _warnings(b"\xff\xfe") == []  # type: ignore[arg-type]
    assert _warnings("- just a list") == []


def _run(kiosk_cmd: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*kiosk_cmd, "guide", "check", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_lint_warns_without_changing_the_exit_code(
    kiosk_cmd: list[str], tmp_path: Path
) -> None:
    text = BASE.replace(
        'text: {nl: "Kies", en: "Pick"}', f'text: {{nl: "Kies", en: "{LONG_SENTENCE}"}}'
    )
    folder = write_bundle(tmp_path / "wordy", text)
    plain = _run(kiosk_cmd, str(folder))
    assert (plain.returncode, plain.stdout) == (0, "ok: 1 guide\n")
    linted = _run(kiosk_cmd, "--lint", str(folder))
    assert linted.returncode == 0
    file = folder / "guide.yaml"
    assert linted.stdout.splitlines() == [
        f"{file}:{line_of(text, 'word word')}: step 'pick': warning: [en] sentence of 21 words "
        "(over 20): 'word word word word word word ...'; split it",
        "1 plain-language warning",
        "ok: 1 guide",
    ]


def test_cli_lint_keeps_exit_1_for_a_broken_guide(kiosk_cmd: list[str], tmp_path: Path) -> None:
    text = BASE.replace("category: energy", "category: fun")
    text = text.replace(
        'text: {nl: "Kies", en: "Pick"}', f'text: {{nl: "Kies", en: "{LONG_SENTENCE}"}}'
    )
    folder = write_bundle(tmp_path / "broken", text)
    result = _run(kiosk_cmd, "--lint", str(folder))
    assert result.returncode == 1
    assert any("category" in line for line in result.stdout.splitlines())
    assert any("warning: [en] sentence of 21 words" in line for line in result.stdout.splitlines())


def test_cli_lint_reads_zipped_bundles(kiosk_cmd: list[str], tmp_path: Path) -> None:
    from tests.guides.support import SVG

    text = BASE.replace(
        'text: {nl: "Kies", en: "Pick"}', f'text: {{nl: "Kies", en: "{LONG_SENTENCE}"}}'
    )
    archive = write_zip(
        tmp_path / "wordy.zip", {"guide.yaml": text.encode(), "images/icon.svg": SVG}
    )
    result = _run(kiosk_cmd, "--lint", str(archive))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith(f"{archive}/guide.yaml:")


def test_cli_lint_on_the_shipped_guides_only_warns(kiosk_cmd: list[str]) -> None:
    from kiosk.resources import builtin_guides_dir

    result = _run(kiosk_cmd, "--lint", str(builtin_guides_dir()))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == "ok: 5 guides"
    assert all(": warning: " in line for line in lines[:-2])
    # The shipped guides are plain: no sentence over 20 words, no long step without a picture.
    assert not [line for line in lines if "sentence of" in line or "long step" in line]
