"""Step widgets on their own: input validation messages, checklist gating, placeholders, read
aloud; the guide screen built straight from domain objects, without the kiosk around it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.domain.guide import ChecklistStep, Guide, InfoStep, InputStep, QrScanStep
from kiosk.domain.run import GuideRunState
from kiosk.ui.screens.guide import GuideScreen
from kiosk.ui.steps import GuideServices
from kiosk.ui.steps.input import InputStepWidget
from tests.ui.flows.guides.conftest import PLATFORM_NOISE

pytestmark = PLATFORM_NOISE


def texts(en: str) -> dict[str, str]:
    return {"en": en}


def make_guide(*steps, scope: str | None = None) -> Guide:  # type: ignore[no-untyped-def]
    return Guide(
        id="test-guide",
        version=1,
        category="other",
        languages=("en",),
        title=texts("A test guide"),
        summary=texts("Only for tests."),
        steps=tuple(steps),
        scope_limit=texts(scope) if scope else None,
    )


@pytest.fixture
def show(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    def show(guide: Guide, language: str = "en") -> GuideScreen:
        services = GuideServices(
            session_dir=tmp_path / "session",
            web_session=lambda: None,
            speech_engine="mock",
        )
        screen = GuideScreen(
            __import__("kiosk.ui.shell.theme", fromlist=["Theme"]).Theme(),
            GuideRunState(guide, language, "en_GB"),
            services,
        )
        qtbot.addWidget(screen)
        screen.resize(1366, 700)
        screen.show()
        return screen

    return show


@pytest.mark.parametrize(
    ("kind", "extra", "typed", "message"),
    [
        ("ean", {}, "54144", "The EAN code has 18 digits. You typed 5."),
        ("ean", {}, "5414488200000000AB", "The EAN code has only digits. Check what you typed."),
        (
            "meter_reading",
            {"decimals": 0},
            "12,5",
            "Type a whole number, without a comma.",
        ),
        ("meter_reading", {}, "-4", "A meter reading cannot be below zero."),
        ("number", {"max": 10.0}, "11", "The number must be at most 10.0."),
        ("iban", {}, "BE71 0961 2345 6700", "This account number (IBAN) is not correct."),
        # #23: postcodes follow the location's country (BE in these tests)
        ("postcode", {}, "12", "Type a Belgian postcode: 4 digits, for example 1000."),
        ("email", {}, "name@", "Type an e-mail address, for example name@example.be."),
    ],
)
def test_a_wrong_answer_says_why_next_to_the_field(  # type: ignore[no-untyped-def]
    show, qtbot, kind: str, extra: dict[str, object], typed: str, message: str
) -> None:
    step = InputStep(id="ask", text=texts("Type it"), field="answer", kind=kind, **extra)  # type: ignore[arg-type]
    screen = show(make_guide(step, InfoStep(id="after", text=texts("Thanks"))))
    widget = screen.step_widget
    assert isinstance(widget, InputStepWidget)
    qtbot.keyClicks(widget.edit, typed)
    assert not screen.next_enabled
    # The reason shows once the resident pauses typing (no scolding at the first key).
    qtbot.waitUntil(lambda: widget.error_text != "", timeout=5_000)
    assert widget.error_text.startswith(message)
    assert screen.run.current.id == "ask"


def test_enter_on_an_empty_required_field_asks_to_fill_it_in(show, qtbot) -> None:  # type: ignore[no-untyped-def]
    step = InputStep(id="ask", text=texts("Type it"), field="answer", kind="text")
    screen = show(make_guide(step))
    assert screen.step_widget.error_text == ""
    qtbot.keyClick(screen.step_widget.edit, Qt.Key.Key_Return)
    assert screen.step_widget.error_text == "Please fill this in."
    qtbot.keyClicks(screen.step_widget.edit, "hello")
    assert screen.step_widget.error_text == ""
    assert screen.next_enabled
    assert screen.next_button.text() == "Finish"


def test_a_typed_answer_is_still_there_after_back(show, qtbot) -> None:  # type: ignore[no-untyped-def]
    guide = make_guide(
        InputStep(id="ask", text=texts("Reading?"), field="reading", kind="meter_reading"),
        InfoStep(id="check", text=texts("You typed **{reading}**.")),
    )
    screen = show(guide)
    qtbot.keyClicks(screen.step_widget.edit, "1234,5")
    screen.next_button.click()
    assert "<b>1234,5</b>" in screen.text.text()  # #23: exactly as typed
    screen.back_button.click()
    assert screen.step_widget.edit.text() == "1234,5"
    assert screen.next_enabled


def test_checklist_enables_next_only_when_everything_is_ticked(show) -> None:  # type: ignore[no-untyped-def]
    guide = make_guide(
        ChecklistStep(id="ready", text=texts("Tick"), items=(texts("one"), texts("two"))),
        InfoStep(id="after", text=texts("Go")),
    )
    screen = show(guide)
    boxes = screen.step_widget.boxes
    assert [label.text() for label in screen.step_widget.labels] == ["one", "two"]
    assert not screen.next_enabled
    boxes[1].click()
    assert not screen.next_enabled
    boxes[0].click()
    assert screen.next_enabled
    boxes[0].click()
    assert not screen.next_enabled
    boxes[0].click()
    screen.next_button.click()
    screen.back_button.click()
    assert all(box.isChecked() for box in screen.step_widget.boxes)  # kept for Back
    assert screen.next_enabled


def test_scope_limit_comes_before_step_one(show) -> None:  # type: ignore[no-untyped-def]
    screen = show(make_guide(InfoStep(id="first", text=texts("Hello")), scope="Not your bill."))
    assert screen.on_intro
    assert screen.intro.scope.isVisible()
    assert "Not your bill." in screen.intro.scope.text()
    assert not screen.step_label.isVisible()
    screen.next_button.click()
    assert screen.run.current.id == "first"
    assert screen.step_label.text() == "Step 1 of 1"
    screen.back_button.click()  # back to the intro from step 1
    assert screen.on_intro


def test_qr_scan_without_a_reader_says_it_is_not_available_and_can_be_skipped(show) -> None:  # type: ignore[no-untyped-def]
    guide = make_guide(
        QrScanStep(id="scan", text=texts("Scan"), field="code"),
        InfoStep(id="after", text=texts("Next part")),
    )
    screen = show(guide)
    widget = screen.step_widget
    # GuideServices without scan_sources: this kiosk has no QR reader.
    assert "not available on this computer yet" in widget.unavailable.text()
    assert widget.side_widget() is None
    assert not screen.next_button.isVisible()
    widget.skip.click()
    assert screen.run.current.id == "after"
    assert screen.run.answers == {"code": "No code was read."}


def test_read_aloud_uses_a_voice_in_the_guides_language(show, qtbot) -> None:  # type: ignore[no-untyped-def]
    screen = show(make_guide(InfoStep(id="first", text=texts("Hello **there**"))))
    assert screen.read_button.isVisible()  # the mock engine speaks English
    assert screen.spoken_text() == "Hello there"
    with qtbot.waitSignal(screen.speaker.speaking_changed, timeout=5_000) as speaking:
        screen.read_button.click()
    assert speaking.args == [True]


def test_read_aloud_is_hidden_without_a_voice_for_the_language(show) -> None:  # type: ignore[no-untyped-def]
    guide = Guide(
        id="dutch-only",
        version=1,
        category="other",
        languages=("nl",),
        title={"nl": "Alleen Nederlands"},
        summary={"nl": "Test."},
        steps=(InfoStep(id="first", text={"nl": "Hallo"}),),
    )
    screen = show(guide, "nl")
    assert not screen.read_button.isVisible()  # the mock engine has no Dutch voice
