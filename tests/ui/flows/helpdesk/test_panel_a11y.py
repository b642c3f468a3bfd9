"""The volunteer panel and the admin screen pass the accessibility audit (kiosk.ui.a11y).

Volunteers are residents' neighbours, not IT staff: many have poor eyesight too. Every page of
the panel (who are you, PIN, the panel's home, the session form, my sessions, a correction) and
the admin screen are walked widget by widget in English and Arabic, at 100 % and 200 % text:
accessible names, 48 px targets, Tab order in reading order, nothing clipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.exceptions import TimeoutError

from kiosk.app import Kiosk
from kiosk.config import DisplaySettings, SessionSettings, Settings
from kiosk.domain.records import Outcome
from kiosk.ui.a11y import audit, format_findings, interactive_widgets
from kiosk.ui.flows.helpdesk import HelpdeskFlow
from kiosk.ui.flows.location_admin import ADMIN
from tests.ui.flows.helpdesk.conftest import FakeClock
from tests.ui.flows.helpdesk.test_admin_and_hub import ADMIN_PIN
from tests.ui.flows.helpdesk.test_volunteer_panel import log_in_an, open_with_shortcut, type_pin

SEVEN = ("nl", "fr", "en", "ar", "tr", "pl", "uk")


@pytest.fixture
def panel_kiosk(shown_kiosk: Any, seeded_home: Path) -> Any:
    """make(text_scale, language): (kiosk, help-point flow) on the seeded home (`shown_kiosk`
    uses the same home), in `language`, with a fake clock."""

    def make(text_scale: int, language: str) -> tuple[Kiosk, HelpdeskFlow]:
        settings = Settings(
            session=SessionSettings(idle_timeout=600, languages=SEVEN, default_language="en"),
            display=DisplaySettings(text_scale=text_scale),
        )
        kiosk = shown_kiosk(settings, lambda _p: [])
        kiosk.window.apply_language(language)
        flow = kiosk.flows.helpdesk
        assert flow is not None
        flow.clock = FakeClock()
        return kiosk, flow

    return make


def _audited(qtbot: Any, root: QWidget, where: str) -> None:
    try:
        qtbot.waitUntil(lambda: not audit(root), timeout=3000)
    except TimeoutError:
        pytest.fail(f"{where}:\n{format_findings(audit(root))}")
    assert interactive_widgets(root), where


CASES = [("en", 100), ("ar", 100), ("en", 200), ("ar", 200), ("uk", 200), ("fr", 200)]


@pytest.mark.parametrize(("language", "text_scale"), CASES)
def test_every_page_of_the_volunteer_panel(
    qtbot: Any, panel_kiosk: Any, language: str, text_scale: int
) -> None:
    kiosk, flow = panel_kiosk(text_scale, language)
    panel = flow.panel
    where = f"({language}, {text_scale} %)"
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: "v-an" in panel.who.buttons)
    _audited(qtbot, panel, f"who {where}")
    qtbot.mouseClick(panel.who.buttons["v-an"], Qt.MouseButton.LeftButton)
    _audited(qtbot, panel, f"PIN {where}")
    qtbot.mouseClick(panel.pin.back, Qt.MouseButton.LeftButton)
    log_in_an(qtbot, kiosk, flow)
    _audited(qtbot, panel, f"panel home {where}")

    # A session: the bar over the kiosk, then the form.
    qtbot.mouseClick(panel.home.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(flow.bar.isVisible)
    _audited(qtbot, kiosk.window, f"kiosk with the session bar {where}")
    qtbot.mouseClick(flow.bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.home)
    qtbot.mouseClick(panel.home.session, Qt.MouseButton.LeftButton)
    form = panel.form
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is form)
    _audited(qtbot, panel, f"session form {where}")
    form.topic_buttons["taxes"].click()
    form.outcome_buttons[Outcome.REFERRED].click()
    form.referral.setCurrentIndex(form.referral.findData("tax_office"))
    _audited(qtbot, panel, f"session form, filled in {where}")
    with qtbot.waitSignal(flow.session_recorded, timeout=5000):
        qtbot.mouseClick(form.done, Qt.MouseButton.LeftButton)

    # My sessions today, and a correction.
    open_with_shortcut(qtbot, kiosk, flow) if not panel.isVisible() else None
    qtbot.waitUntil(panel.isVisible)
    if panel.pages.currentWidget() is not panel.home:
        qtbot.mouseClick(panel.who.buttons["v-an"], Qt.MouseButton.LeftButton)
        type_pin(qtbot, flow, "482913")
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.home)
    qtbot.mouseClick(panel.home.mine, Qt.MouseButton.LeftButton)
    mine = panel.mine
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is mine and bool(mine.correct_buttons))
    _audited(qtbot, panel, f"my sessions {where}")
    qtbot.mouseClick(mine.correct_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.pages.currentWidget() is panel.fix)
    _audited(qtbot, panel, f"correction {where}")


@pytest.mark.parametrize(("language", "text_scale"), CASES)
def test_the_admin_screen(qtbot: Any, panel_kiosk: Any, language: str, text_scale: int) -> None:
    kiosk, flow = panel_kiosk(text_scale, language)
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.mouseClick(flow.panel.who.admin, Qt.MouseButton.LeftButton)
    _audited(qtbot, flow.panel, f"admin PIN ({language}, {text_scale} %)")
    type_pin(qtbot, flow, ADMIN_PIN)  # the location's, from the hub (seeded config)
    qtbot.waitUntil(lambda: kiosk.window.current_screen_name == ADMIN)
    screen = flow.admin.screen
    qtbot.waitUntil(lambda: bool(screen.status))
    _audited(qtbot, kiosk.window, f"admin screen ({language}, {text_scale} %)")
