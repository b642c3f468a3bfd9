"""The shipped guides tell the truth (#23): no text promises that a volunteer is coming (the
kiosk calls nobody), and every checklist has an honest way on: "I don't know the sender" leads
to the QR guide's warning, and the appointment guide books without ticking ID, phone and
letters."""

from __future__ import annotations

import re

import pytest

from kiosk.domain.guide import ENDS, ChecklistStep, ChoiceStep, Guide, SummaryStep
from kiosk.domain.run import GuideRunState
from kiosk.guides.catalog import load_catalog
from kiosk.resources import builtin_guides_dir

LANGUAGES = ("nl", "fr", "en", "ar", "tr", "pl", "uk")
#: What the guides said before #23, in every language (a volunteer "comes" although nobody
#: is called), and patterns of such a promise.
PROMISES = (
    "Een vrijwilliger komt zo bij u",
    "Un bénévole arrive",
    "A volunteer will come",
    "سيأتي إليك متطوع",
    "Bir gönüllü yanınıza gelecek",
    "Zaraz przyjdzie wolontariusz",
    "До вас прийде волонтер",
    "A volunteer is coming",
    "Een vrijwilliger komt",
    "Un bénévole vient",
    "متطوع قادم",
    "gönüllü size yardım etmeye geliyor",
    "Wolontariusz już idzie",
    "Волонтер уже йде",
    "Przyjdzie wolontariusz",
    "Прийде волонтер",
    "سيأتي متطوع",
    "gönüllü gelip",
)
PROMISE_PATTERN = re.compile(
    r"(vrijwilliger\w* kom|volunteer\w* (will|is going to|is) com|bénévole\w* (vient|arrive))",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def guides() -> dict[str, Guide]:
    return dict(load_catalog([builtin_guides_dir()]).guides)


def _texts(guide: Guide) -> list[str]:
    found = [*guide.title.values(), *guide.summary.values()]
    for step in guide.steps:
        for texts in step.texts():
            found.extend(texts.values())
    return found


def test_no_text_promises_that_a_volunteer_is_coming(guides: dict[str, Guide]) -> None:
    """What was seen: ""Een vrijwilliger komt zo bij u" is shown although nobody is called"."""
    assert len(guides) == 5
    for guide in guides.values():
        for text in _texts(guide):
            assert not any(promise in text for promise in PROMISES), (guide.id, text)
            assert not PROMISE_PATTERN.search(text), (guide.id, text)


def _reachable(guide: Guide, start: str) -> set[str]:
    seen = {start}
    queue = [start]
    while queue:
        step = guide.step(queue.pop())
        for target in guide.successors(step):
            if target not in ENDS and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


@pytest.mark.parametrize("language", LANGUAGES)
def test_i_dont_know_the_sender_leads_to_the_warning(
    guides: dict[str, Guide], language: str
) -> None:
    """What was seen: "The QR guide can only be continued by ticking "I know the sender and
    expected this letter"."""
    guide = guides["read-qr-code"]
    for step in guide.steps:
        if isinstance(step, ChecklistStep):
            for item in step.items:
                assert "know who sent" not in item["en"]
    run = GuideRunState(guide, language)
    while not isinstance(run.current, ChoiceStep):
        if run.current.id == "scan":
            run.set_answer("code", "a payment request")
        run.next()
    assert run.current.id == "doubt"
    assert "know who sent" in guide.text(run.current.text, "en")
    labels = [guide.text(option.label, "en") for option in run.current.options]
    run.choose(next(i for i, label in enumerate(labels) if "don't know the sender" in label))
    assert run.current.id == "warning"
    warning = guide.text(run.current.text, language)
    assert "**" in warning  # the warning says, in bold, not to pay
    # from the warning no path shows the code again as a QR to scan, or says "done"
    qr_steps = {s.id for s in guide.steps if isinstance(s, SummaryStep) and s.qr}
    assert qr_steps
    assert not _reachable(guide, "warning") & qr_steps


def test_the_appointment_guide_books_without_forced_ticks(guides: dict[str, Guide]) -> None:
    """What was seen: "the appointment guide makes you tick ID, charged phone and letters
    before booking"."""
    guide = guides["help-appointment"]
    run = GuideRunState(guide, "en")
    while run.current.type != "appointment":
        assert not isinstance(run.current, ChecklistStep), run.current.id
        assert run.can_advance()
        run.next()
    bring = guide.step("bring")
    assert "identity card" in guide.text(bring.text, "en")  # still reminded, never a gate
    assert "without these things" in guide.text(bring.text, "en")


def test_every_checklist_says_what_to_do_when_an_item_is_not_true(
    guides: dict[str, Guide],
) -> None:
    """A checklist that is a gate (meter reading: "I have the letter") says how to stop; the
    others are rules the resident reads and agrees to, never facts about the letter."""
    for guide in guides.values():
        for step in guide.steps:
            if not isinstance(step, ChecklistStep):
                continue
            items = " ".join(item["en"] for item in step.items)
            text = guide.text(step.text, "en")
            assert "I know who sent" not in items, guide.id
            if "I have" in items:
                assert "Stop this task" in text, (guide.id, step.id)
