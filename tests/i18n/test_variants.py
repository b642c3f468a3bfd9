"""Country variants (issue #30): the Dutch of Belgium and of the Netherlands differ in a few
words a resident would misread ("mededeling" is the Belgian payment reference, "opladen" means
charging a battery in the Netherlands). The kiosk picks the variant from its location's
country, in its own catalog (translations/nl_NL/) and in the shipped guides (`nl_NL` texts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk import i18n
from kiosk.domain.guide import pick_text
from kiosk.domain.run import GuideRunState
from kiosk.guides import GuideError, load_guide
from kiosk.i18n import _, locale_name
from kiosk.resources import builtin_guides_dir
from tests.guides.support import BASE, write_bundle

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")
REFERENCE_WRONG = "The payment reference is wrong"
UPLOAD = "Uploading files is not possible here. Ask a volunteer."


def catalog(name: str) -> dict[str, str]:
    path = ROOT / "translations" / name / "LC_MESSAGES" / "kiosk.po"
    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and isinstance(m.string, str)}


def test_nl_nl_overrides_only_messages_of_the_nl_catalog() -> None:
    dutch, netherlands = catalog("nl"), catalog("nl_NL")
    assert netherlands
    for msgid, text in netherlands.items():
        assert msgid in dutch, msgid
        assert text != dutch[msgid], msgid
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid)), msgid
    assert not any(re.search(r"mededeling|opladen|aanmeld", text) for text in netherlands.values())


@pytest.mark.parametrize(
    ("country", "reference", "upload"),
    [("BE", "mededeling", "opladen"), ("NL", "betalingskenmerk", "uploaden")],
)
def test_the_location_country_picks_the_dutch_words(
    country: str, reference: str, upload: str
) -> None:
    i18n.set_country(country)
    i18n.set_language("nl")
    assert reference in _(REFERENCE_WRONG)
    assert upload in _(UPLOAD)
    assert _("What do you want to do?") == "Wat wilt u doen?"  # from nl, in both countries


def test_dutch_locations_get_dutch_hours_and_addresses() -> None:
    """The stranger's review of #30 found "Openingsuren" and "naam@voorbeeld.be" at a Dutch
    location."""
    i18n.set_country("NL")
    i18n.set_language("nl")
    assert _("Opening hours: {hours}") == "Openingstijden: {hours}"
    assert _("Type an e-mail address, for example name@example.be.").endswith("voorbeeld.nl.")
    i18n.set_country("BE")
    i18n.set_language("nl")
    assert _("Opening hours: {hours}") == "Openingsuren: {hours}"


def test_other_languages_have_no_variant() -> None:
    i18n.set_country("NL")
    i18n.set_language("fr")
    assert _(REFERENCE_WRONG) == catalog("fr")[REFERENCE_WRONG]


def test_pick_text_prefers_the_country_variant() -> None:
    texts = {"nl": "mededeling", "nl_NL": "betalingskenmerk", "en": "reference"}
    assert pick_text(texts, "nl_NL", "nl") == "betalingskenmerk"
    assert pick_text(texts, "nl_BE", "nl") == "mededeling"
    assert pick_text(texts, "nl", "nl") == "mededeling"
    assert pick_text(texts, "en_GB", "nl") == "reference"


@pytest.mark.parametrize(("country", "word"), [("BE", "mededeling"), ("NL", "betalingskenmerk")])
def test_the_shipped_guide_follows_the_country(country: str, word: str) -> None:
    guide = load_guide(builtin_guides_dir() / "read-qr-code")
    run = GuideRunState(guide, "nl", locale_name("nl", country))
    assert word in run.render(guide.steps[0].text)


def test_a_variant_needs_its_language_in_the_guide(tmp_path: Path) -> None:
    ok = BASE.replace(
        'text: {nl: "Welkom", en: "Welcome"}', 'text: {nl: "Welkom", nl_NL: "Hallo", en: "Welcome"}'
    )
    assert load_guide(write_bundle(tmp_path / "ok", ok)).steps[0].text["nl_NL"] == "Hallo"
    for key in ("fr_BE", "nl_nl", "nl-NL"):
        bad = BASE.replace(
            'text: {nl: "Welkom", en: "Welcome"}',
            f'text: {{nl: "Welkom", {key}: "X", en: "Welcome"}}',
        )
        with pytest.raises(GuideError):
            load_guide(write_bundle(tmp_path / key, bad))
