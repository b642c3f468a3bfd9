"""`{location_phone}` (#23, stranger round 6: the guide's own "call the help point" step had no
phone number): a location placeholder the kiosk fills from the hub's location settings, with a
phrase while the number is unknown; the checker needs no step for it, and refuses a step that
stores a field of that name."""

from __future__ import annotations

from kiosk import resources
from kiosk.domain.run import GuideRunState
from kiosk.guides.loader import check_text
from kiosk.i18n import set_language

SHIPPED = resources.builtin_guides_dir() / "help-appointment" / "guide.yaml"

GUIDE = """\
format: 1
id: call-us
version: 1
category: other
languages: [en]
title: {en: "Call us"}
summary: {en: "Call the help point."}
steps:
  - id: ask
    type: input
    field: FIELD
    kind: text
    text: {en: "Your question?"}
  - id: call
    type: info
    text: {en: "Call the help point: {location_phone}."}
"""


def test_the_shipped_guide_says_the_locations_number_in_every_language() -> None:
    guide, problems = check_text(SHIPPED.read_bytes(), str(SHIPPED), SHIPPED.parent)
    assert problems == []
    assert guide is not None
    assert guide.version >= 3
    ticket = guide.step("ticket")
    assert set(ticket.text) >= set(guide.languages)
    assert all("{location_phone}" in text for text in ticket.text.values())

    set_language("en")
    run = GuideRunState(guide, "en", "en_BE")
    run.location_values = {"location_phone": "02 123 45 67"}
    assert run.render(ticket.text).endswith("call the help point: 02 123 45 67.")
    run.location_values = {}
    assert run.render(ticket.text).endswith("call the help point: ask the desk for the number.")
    set_language("nl")
    run = GuideRunState(guide, "nl", "nl_BE")
    assert "bel het hulppunt: vraag het nummer aan de balie." in run.render(ticket.text)
    set_language("en")


def test_a_location_placeholder_needs_no_step_and_is_no_field_name() -> None:
    guide, problems = check_text(GUIDE.replace("FIELD", "question"), "g.yaml", None)
    assert problems == [], problems
    assert guide is not None
    _guide, problems = check_text(GUIDE.replace("FIELD", "location_phone"), "g.yaml", None)
    assert any("location placeholder" in str(p) for p in problems), problems
