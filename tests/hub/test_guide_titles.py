"""Guide and step titles for staff pages and exports (kiosk.hub.guides.titles): from the bundles
published to the hub's repository, else the shipped guides; the id only when neither knows it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from kiosk import resources
from kiosk.hub.guides.titles import (
    guide_title,
    guide_titles,
    step_title,
    step_title_from_text,
)

SHIPPED = resources.builtin_guides_dir() / "meter-reading" / "guide.yaml"


def test_shipped_guides_by_title_in_each_language() -> None:
    assert guide_title("meter-reading", "nl") == "Meterstand doorgeven"
    assert guide_title("meter-reading", "fr") == "Communiquer votre relevé de compteur"
    assert guide_title("meter-reading", "en") == "Submit your meter reading"
    assert step_title("meter-reading", "ask-ean", "nl") == "Typ uw EAN-code"
    assert step_title("digital-login", "which-app", "fr") == (
        "Quelle app utilisez-vous pour vous connecter\u202f?"
    )


def test_the_id_only_when_nothing_is_known() -> None:
    assert guide_title("energy-allowance", "nl") == "energy-allowance"
    assert step_title("meter-reading", "no-such-step", "nl") == "no-such-step"
    assert step_title("energy-allowance", "choose_service", "fr") == "choose_service"


def test_step_titles_are_plain_first_sentences() -> None:
    assert step_title_from_text("**Type** your [code](x).\n\nMore.") == "Type your code"
    assert step_title_from_text("- Is it urgent? Call 112.") == "Is it urgent?"
    long = "word " * 40
    title = step_title_from_text(long)
    assert len(title) <= 60
    assert title.endswith("…")


def _publish(tuf_dir: Path, name: str, text: str) -> None:
    targets = tuf_dir / "targets"
    targets.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(targets / name, "w") as bundle:
        bundle.writestr("guide.yaml", text)


def test_a_published_bundle_wins_over_the_shipped_guide(tmp_path: Path) -> None:
    tuf_dir = tmp_path / "tuf"
    text = SHIPPED.read_text(encoding="utf-8")
    assert guide_titles(tuf_dir).guide_title("meter-reading", "nl") == "Meterstand doorgeven"
    newer = text.replace("version: 1\n", "version: 7\n", 1).replace(
        'nl: "Meterstand doorgeven"', 'nl: "Meterstand doorgeven (nieuw)"', 1
    )
    older = text.replace('nl: "Meterstand doorgeven"', 'nl: "Oude titel"', 1)
    _publish(tuf_dir, "a" * 64 + ".meter-reading.zip", newer)
    _publish(tuf_dir, "b" * 64 + ".meter-reading.zip", older)
    # a published guide the kiosk does not ship
    own = text.replace("id: meter-reading\n", "id: energy-allowance\n", 1)
    _publish(tuf_dir, "c" * 64 + ".energy-allowance.zip", own)
    # and a broken bundle, which is skipped
    (tuf_dir / "targets" / ("d" * 64 + ".broken.zip")).write_bytes(b"not a zip")

    titles = guide_titles(tuf_dir)
    assert titles.guide_title("meter-reading", "nl") == "Meterstand doorgeven (nieuw)"
    assert titles.guide_title("meter-reading", "fr") == "Communiquer votre relevé de compteur"
    assert guide_title("energy-allowance", "nl", tuf_dir) == "Meterstand doorgeven"
    assert step_title("energy-allowance", "ask-ean", "en", tuf_dir) == "Type your EAN code"
