"""Every step of every shipped guide passes the accessibility audit (kiosk.ui.a11y).

For each step, the test replays a path from the first step to it (choosing the option that
leads there, typing a valid answer where a field is asked), shows it in the real guide screen
of a real kiosk, and walks the whole window widget by widget: accessible names, 48 px targets,
a Tab stop for every control in reading order, nothing clipped. The intro and the end page are
audited too. Languages and text sizes are mixed so that every language is seen at 200 %.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.exceptions import TimeoutError

from kiosk import i18n
from kiosk.app import Kiosk
from kiosk.config import DisplaySettings, SessionSettings, Settings
from kiosk.domain.guide import ENDS, ChoiceStep, Guide, InputStep, QrScanStep, Step
from kiosk.domain.run import GuideRunState
from kiosk.ui.a11y import audit, format_findings, interactive_widgets
from kiosk.ui.tiles import load_tiles
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import flow_of

pytestmark = PLATFORM_NOISE

SHIPPED = (
    "meter-reading",
    "read-qr-code",
    "digital-login",
    "doctor-appointment",
    "help-appointment",
)
SEVEN = ("nl", "fr", "en", "ar", "tr", "pl", "uk")
#: A valid answer for each input kind (docs/guide-format.md).
SAMPLES = {
    "text": "Jan",
    "number": "3",
    "meter_reading": "12345",
    "ean": "541448820000000008",
    "iban": "BE71096123456769",
    "date": "2030-05-01",
    "postcode": "9000",
    "phone": "+32 9 123 45 67",
    "email": "jan@example.org",
}

#: A way to reach a step: (step id, how to leave it) from the first step.
Move = tuple[str, Callable[[GuideRunState], None]]


def _leave(step: Step, index: int | None) -> Callable[[GuideRunState], None]:
    def act(run: GuideRunState) -> None:
        if isinstance(step, InputStep):
            assert run.answer(SAMPLES[step.kind]) is None, (step.id, step.kind)
        if isinstance(step, QrScanStep):
            run.set_answer(step.field, "A payment of EUR 12.50")
        if isinstance(step, ChoiceStep):
            assert index is not None
            run.choose(index)
        else:
            run.next()

    return act


def paths_to_every_step(guide: Guide) -> dict[str, list[Move]]:
    """For each step, the moves that lead from the first step to it (breadth first)."""
    first = guide.steps[0]
    paths: dict[str, list[Move]] = {first.id: []}
    queue = deque([first])
    while queue:
        step = queue.popleft()
        if isinstance(step, ChoiceStep):
            exits = [
                (option.goto or guide.default_next(step), index)
                for index, option in enumerate(step.options)
            ]
        elif step.type == "handoff":
            exits = []
        else:
            exits = [(guide.default_next(step), None)]
        for target, index in exits:
            if target in ENDS or target in paths:
                continue
            paths[target] = [*paths[step.id], (step.id, _leave(step, index))]
            queue.append(guide.step(target))
    return paths


@pytest.fixture
def kiosk_for(shown_kiosk):  # type: ignore[no-untyped-def]
    def make(text_scale: int) -> Kiosk:
        settings = Settings(
            session=SessionSettings(idle_timeout=600, languages=SEVEN),
            display=DisplaySettings(text_scale=text_scale),
        )
        return shown_kiosk(settings, load_tiles)

    return make


def _audited(qtbot, kiosk: Kiosk, where: str) -> None:  # type: ignore[no-untyped-def]
    try:
        qtbot.waitUntil(lambda: not audit(kiosk.window), timeout=3000)
    except TimeoutError:
        pytest.fail(f"{where}:\n{format_findings(audit(kiosk.window))}")


@pytest.mark.parametrize(
    ("language", "text_scale"),
    [
        ("en", 100),
        ("ar", 100),
        *((language, 200) for language in SEVEN),
    ],
)
@pytest.mark.parametrize("guide_id", SHIPPED)
def test_every_step_passes_the_audit(  # type: ignore[no-untyped-def]
    qtbot, kiosk_for, proxy_requests, guide_id: str, language: str, text_scale: int
) -> None:
    kiosk = kiosk_for(text_scale)
    kiosk.window.apply_language(language)
    flow = flow_of(kiosk)
    guide = flow.load_guide(guide_id)
    assert guide is not None
    steps_seen = 0
    for step_id, moves in paths_to_every_step(guide).items():
        screen = flow.start_guide(guide)
        if screen.on_intro:
            if step_id == guide.steps[0].id:
                _audited(qtbot, kiosk, f"{guide_id} intro ({language}, {text_scale} %)")
            screen.go_next()
        for _step, act in moves:
            act(screen.run)
        screen.show_step()
        assert screen.run.current.id == step_id
        if kiosk.window.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            assert (
                screen.next_button.x() < screen.back_button.x()
                or not screen.back_button.isVisible()
            )
        _audited(qtbot, kiosk, f"{guide_id} step {step_id!r} ({language}, {text_scale} %)")
        assert interactive_widgets(screen)
        steps_seen += 1
    assert steps_seen == len(guide.steps)
    # The end page, after the last step of the main path.
    screen.run.abandon()
    screen._finish()
    _audited(qtbot, kiosk, f"{guide_id} end page ({language}, {text_scale} %)")
    i18n.set_language("en")
