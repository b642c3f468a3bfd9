"""A guide that refers the resident on: the `handoff` step (reason `referral`) names the place,
its address and hours from the location's referral list in the kiosk's store, and the end page
repeats them; a place this kiosk does not know sends the resident to the desk (never the raw
id); the run's record holds no answers; the step and the end page pass the audit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.exceptions import TimeoutError

from kiosk import i18n
from kiosk.app import Kiosk
from kiosk.config import DisplaySettings, SessionSettings, Settings
from kiosk.domain.guide import Guide, HandoffStep, InputStep
from kiosk.domain.records import RunEnd
from kiosk.paths import home_paths
from kiosk.store import RecordStore, open_database
from kiosk.ui.a11y import audit, format_findings
from kiosk.ui.screens.guide import GuideScreen
from kiosk.ui.steps.handoff import HandoffStepWidget
from tests.support.screens import screens_dir
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import click, flow_of
from tests.ui.flows.helpdesk.conftest import location_config

pytestmark = PLATFORM_NOISE

SOCIAL = {
    "id": "social_services",
    "label": "Social services (OCMW)",
    "address": "Kerkstraat 12, 9000 Gent",
    "hours": "Monday to Friday, 9:00 to 12:00",
}
REMOVED = "housing_office"


def referral_guide(to: str) -> Guide:
    return Guide(
        id="test-referral",
        version=1,
        category="other",
        languages=("en", "ar"),
        title={"en": "Help with your energy bill", "ar": "مساعدة في فاتورة الطاقة"},
        summary={"en": "Only for tests.", "ar": "للاختبار فقط."},
        steps=(
            InputStep(
                id="postcode",
                text={"en": "What is your postcode?", "ar": "ما هو رمزك البريدي؟"},
                field="postcode",
                kind="postcode",
            ),
            HandoffStep(
                id="go",
                text={
                    "en": "The social services can help you pay this bill.",
                    "ar": "يمكن للخدمات الاجتماعية مساعدتك في دفع هذه الفاتورة.",
                },
                reason="referral",
                to=to,
            ),
        ),
    )


def seed(home: Path, referrals: list[dict[str, Any]] | None) -> None:
    """The kiosk's store with the location config sync kept (None: never synced)."""
    db = open_database(home_paths(home).database)
    try:
        if referrals is not None:
            config = {**location_config(), "referrals": referrals}
            RecordStore(db).set_state("location_config", {"config": config})
    finally:
        db.close()


def shown_texts(screen: GuideScreen) -> list[str]:
    """Every text of a visible label or button of the screen."""
    widgets = screen.findChildren(QLabel) + screen.findChildren(QAbstractButton)
    return [w.text() for w in widgets if w.isVisibleTo(screen) and w.text()]


def to_handoff(qtbot: Any, kiosk: Kiosk, guide: Guide) -> tuple[GuideScreen, HandoffStepWidget]:
    screen = flow_of(kiosk).start_guide(guide)
    assert screen.run.current.id == "postcode"
    screen.step_widget.edit.setText("9000")  # type: ignore[union-attr]
    click(qtbot, screen.next_button)
    widget = screen.step_widget
    assert isinstance(widget, HandoffStepWidget)
    assert widget.card is not None
    return screen, widget


def recorded(qtbot: Any, kiosk: Kiosk, screen: GuideScreen) -> Any:
    flow = flow_of(kiosk)
    with qtbot.waitSignal(flow.run_recorded, timeout=10_000) as done:
        click(qtbot, screen.step_widget.button)  # type: ignore[union-attr]
    return done.args[0]


def test_the_step_and_the_end_page_say_where_to_go(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path
) -> None:
    seed(kiosk_home, [SOCIAL, {"id": "tax_office", "label": "Tax office"}])
    kiosk = make_kiosk(default_language="en")
    screen, widget = to_handoff(qtbot, kiosk, referral_guide("social_services"))
    card = widget.card
    assert card is not None
    qtbot.waitUntil(lambda: card.known, timeout=10_000)  # read from the store on the DB thread
    assert card.name.text() == "Social services (OCMW)"
    assert card.address.text() == "Kerkstraat 12, 9000 Gent"
    assert card.hours.text() == "Opening hours: Monday to Friday, 9:00 to 12:00"
    assert card.unknown.isHidden()
    assert widget.button.text() == "I understand, I will go there"
    assert "Kerkstraat 12, 9000 Gent" in screen.spoken_text()
    assert not screen.next_button.isVisible()
    if shots := screens_dir():
        kiosk.window.grab().save(str(shots / "step-referral.png"))

    record = recorded(qtbot, kiosk, screen)
    if shots := screens_dir():
        kiosk.window.grab().save(str(shots / "step-referral-end.png"))
    end = screen.end
    assert screen.pages.currentWidget() is end
    assert end.heading.text() == "You are referred on"
    assert end.place.name.text() == "Social services (OCMW)"
    assert end.place.address.text() == "Kerkstraat 12, 9000 Gent"
    assert end.place.hours.isVisibleTo(screen)
    assert end.hint.text() == (
        "Take a picture of this screen, or ask at the desk to write it down for you."
    )
    spoken = screen.spoken_text()
    assert "Social services (OCMW)" in spoken
    assert "Kerkstraat 12, 9000 Gent" in spoken

    # where the resident went is in the record; what they typed is not
    assert record.ended == RunEnd.HANDED_OFF
    assert record.steps == ("postcode", "go")
    assert record.last_step == "go"
    assert "9000" not in str(record.to_payload())
    assert screen.run.answers == {}


@pytest.mark.parametrize("referrals", [None, [SOCIAL]], ids=["never-synced", "removed"])
def test_a_place_this_kiosk_does_not_know_sends_the_resident_to_the_desk(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, referrals: list[dict[str, Any]] | None
) -> None:
    seed(kiosk_home, referrals)
    kiosk = make_kiosk(default_language="en")
    flow = flow_of(kiosk)
    screen, widget = to_handoff(qtbot, kiosk, referral_guide(REMOVED))
    qtbot.waitUntil(lambda: flow.location is not None, timeout=10_000)
    card = widget.card
    assert card is not None
    assert not card.known
    assert card.unknown.text() == "Ask at the desk where to go."
    assert card.name.isHidden()
    assert card.address.isHidden()
    assert widget.button.text() == "I understand, I will ask at the desk"
    assert not any(REMOVED in text for text in shown_texts(screen))

    record = recorded(qtbot, kiosk, screen)
    assert record.ended == RunEnd.HANDED_OFF
    end = screen.end
    assert end.place.unknown.text() == "Ask at the desk where to go."
    assert end.text.text() == "Take your letters and papers with you."
    assert end.hint.isHidden()
    texts = shown_texts(screen)
    assert "Ask at the desk where to go." in texts
    assert not any(REMOVED in text for text in texts)
    assert REMOVED not in screen.spoken_text()


def test_a_volunteer_handoff_shows_no_place(qtbot: Any, make_kiosk: Any, kiosk_home: Path) -> None:
    seed(kiosk_home, [SOCIAL])
    kiosk = make_kiosk(default_language="en")
    guide = referral_guide("social_services")
    step = guide.steps[1]
    assert isinstance(step, HandoffStep)
    volunteer = HandoffStep(id="go", text=step.text)
    screen = flow_of(kiosk).start_guide(replace(guide, steps=(volunteer,)))
    widget = screen.step_widget
    assert isinstance(widget, HandoffStepWidget)
    assert widget.card is None
    assert widget.button.text() == "Call a volunteer"
    recorded(qtbot, kiosk, screen)
    assert screen.end.heading.text() == "A volunteer will help you"
    assert screen.end.place.isHidden()


@pytest.fixture
def kiosk_at(shown_kiosk: Callable[..., Kiosk]) -> Iterator[Callable[[int], Kiosk]]:
    def make(text_scale: int) -> Kiosk:
        settings = Settings(
            session=SessionSettings(idle_timeout=600, languages=("en", "ar")),
            display=DisplaySettings(text_scale=text_scale),
        )
        return shown_kiosk(settings, lambda _p: [])

    yield make
    i18n.set_language("en")


def _audited(qtbot: Any, kiosk: Kiosk, where: str) -> None:
    try:
        qtbot.waitUntil(lambda: not audit(kiosk.window), timeout=3000)
    except TimeoutError:
        pytest.fail(f"{where}:\n{format_findings(audit(kiosk.window))}")


@pytest.mark.parametrize("known", [True, False], ids=["known", "unknown"])
@pytest.mark.parametrize(
    ("language", "text_scale"), [("en", 100), ("ar", 100), ("en", 200), ("ar", 200)]
)
def test_the_step_and_the_end_page_pass_the_audit(
    qtbot: Any,
    kiosk_at: Callable[[int], Kiosk],
    kiosk_home: Path,
    tmp_path: Path,
    language: str,
    text_scale: int,
    known: bool,
) -> None:
    seed(kiosk_home, [SOCIAL])
    kiosk = kiosk_at(text_scale)
    kiosk.window.apply_language(language)
    screen, widget = to_handoff(qtbot, kiosk, referral_guide("social_services" if known else "x"))
    qtbot.waitUntil(lambda: flow_of(kiosk).location is not None, timeout=10_000)
    assert widget.card is not None
    assert widget.card.known is known
    where = f"{'known' if known else 'unknown'} place ({language}, {text_scale} %)"
    _audited(qtbot, kiosk, f"referral step, {where}")
    kiosk.window.grab().save(str(tmp_path / f"step-{language}-{text_scale}.png"))
    recorded(qtbot, kiosk, screen)
    assert not screen.end.place.isHidden()
    _audited(qtbot, kiosk, f"end page, {where}")
    kiosk.window.grab().save(str(tmp_path / f"end-{language}-{text_scale}.png"))
