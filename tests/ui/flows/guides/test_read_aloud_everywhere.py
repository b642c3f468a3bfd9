""" "Read aloud" is offered on every step type and every overlay where a voice speaks the
kiosk's language, with Qt's mock text-to-speech engine (it has English voices only). Before: the
language picker, the "Aa" control and the volunteer panel had no "Read aloud".

Web and appointment steps are left out here (they need a browser profile and a hub); their
"Read aloud" is the same button of the guide screen, shown by the same rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.guide import (
    ChecklistStep,
    ChoiceStep,
    Guide,
    HandoffStep,
    InfoStep,
    InputStep,
    Option,
    QrScanStep,
    Step,
    SummaryStep,
)
from kiosk.domain.run import GuideRunState
from kiosk.ui.screens.guide import GuideScreen
from kiosk.ui.shell.theme import Theme
from kiosk.ui.steps import GuideServices
from kiosk.ui.widgets.overlay import Overlay
from tests.support.screens import screens_dir
from tests.ui.flows.guides.conftest import PLATFORM_NOISE

pytestmark = PLATFORM_NOISE

FAST = {"delayScale": 0.01}


def en(text: str) -> dict[str, str]:
    return {"en": text}


STEPS: list[Step] = [
    InfoStep(id="info", text=en("Read this.")),
    ChoiceStep(id="choice", text=en("Pick one."), options=(Option(en("Yes"), "end"),)),
    ChecklistStep(id="checklist", text=en("Tick."), items=(en("One"),)),
    InputStep(id="input", text=en("Type."), field="answer", required=False),
    QrScanStep(id="qr-scan", text=en("Scan."), field="code"),
    HandoffStep(id="handoff", text=en("Ask a volunteer.")),
    SummaryStep(id="summary", text=en("Your answers."), show=()),
]


@pytest.mark.parametrize("step", STEPS, ids=[type(step).type for step in STEPS])
def test_every_step_type_offers_read_aloud(step: Step, qtbot: Any, tmp_path: Path) -> None:
    guide = Guide(
        id="test-guide",
        version=1,
        category="other",
        languages=("en",),
        title=en("A test guide"),
        summary=en("Only for tests."),
        steps=(step,),
    )
    services = GuideServices(
        session_dir=tmp_path / "session", web_session=lambda: None, speech_engine="mock"
    )
    screen = GuideScreen(Theme(), GuideRunState(guide, "en", "en_GB"), services)
    qtbot.addWidget(screen)
    screen.resize(1366, 700)
    screen.show()
    if screen.on_intro:
        screen.next_button.click()  # from the guide's first page to the step
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.step_page)
    assert screen.run.current.id == step.id
    qtbot.waitUntil(screen.read_button.isVisible)
    assert screen.read_button.text() == "Read aloud"
    assert screen.spoken_text()


def test_every_overlay_offers_read_aloud(make_kiosk: Any, qtbot: Any) -> None:
    kiosk = make_kiosk(languages=("nl", "en"), default_language="nl")
    window = kiosk.window
    window.speech_engine = "mock"
    window.speech_parameters = FAST
    window.apply_language("en")
    openers: dict[str, tuple[Any, Any]] = {
        "language picker": (window.show_languages, lambda: window.language_overlay),
        "help": (window.show_help, lambda: window.help_overlay),
        "Aa": (window.show_display, lambda: window.display_overlay),
        "countdown": (window.countdown.start, lambda: window.countdown),
        "receipt": (window.receipt.show_receipt, lambda: window.receipt),
        "volunteer panel": (
            kiosk.flows.helpdesk.open_panel,
            lambda: kiosk.flows.helpdesk.panel,
        ),
    }
    for name, (open_it, get) in openers.items():
        open_it()
        overlay: Overlay = get()
        qtbot.waitUntil(overlay.isVisible)
        assert overlay.read_button is not None, name
        assert overlay.read_button.isVisible(), name
        assert overlay.read_button.text() == "Read aloud", name
        assert overlay.spoken_text(), name
        if (folder := screens_dir()) is not None:
            window.grab().save(str(folder / f"read-aloud-{name.replace(' ', '-')}.png"))
        if isinstance(overlay, type(window.countdown)):
            overlay.cancel()
        else:
            overlay.close_overlay()
        qtbot.waitUntil(lambda o=overlay: not o.isVisible())
    assert {type(o).__name__ for o in window.overlays} >= {
        "LanguageOverlay",
        "MessageOverlay",
        "DisplayOverlay",
        "CountdownOverlay",
        "ReceiptOverlay",
        "VolunteerPanel",
    }


def test_no_voice_no_button(make_kiosk: Any, qtbot: Any) -> None:
    kiosk = make_kiosk(languages=("nl", "en"), default_language="nl")
    window = kiosk.window
    window.speech_engine = "mock"
    window.speech_parameters = FAST
    window.apply_language("nl")  # the mock engine has no Dutch voice
    window.show_languages()
    overlay = window.language_overlay
    qtbot.waitUntil(overlay.isVisible)
    assert overlay.read_button is not None
    assert not overlay.read_button.isVisible()
