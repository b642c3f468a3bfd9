"""The focus is visible on every control of the volunteer panel and the admin screen, in both
themes (`tests/support/focus.py`; the guide screens are in tests/ui/a11y/test_focus_visible.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.config import DisplaySettings, SessionSettings, Settings
from kiosk.ui.flows.location_admin import ADMIN
from tests.support.focus import focus_findings
from tests.ui.flows.helpdesk.conftest import FakeClock
from tests.ui.flows.helpdesk.test_admin_and_hub import ADMIN_PIN
from tests.ui.flows.helpdesk.test_volunteer_panel import open_with_shortcut, type_pin


def _check(root: QWidget, where: str) -> None:
    count, findings = focus_findings(root)
    assert count > 0, where
    assert not findings, f"{where}:\n" + "\n".join(str(f) for f in findings)


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_panel_and_admin_screen_show_the_focus(
    qtbot: Any, shown_kiosk: Any, seeded_home: Path, high_contrast: bool
) -> None:
    settings = Settings(
        session=SessionSettings(idle_timeout=600, default_language="nl"),
        display=DisplaySettings(high_contrast=high_contrast),
    )
    kiosk = shown_kiosk(settings, lambda _p: [])
    flow = kiosk.flows.helpdesk
    flow.clock = FakeClock()
    open_with_shortcut(qtbot, kiosk, flow)
    panel = flow.panel
    qtbot.waitUntil(lambda: "v-an" in panel.who.buttons)
    _check(panel.card, "who are you")
    qtbot.mouseClick(panel.who.admin, Qt.MouseButton.LeftButton)
    _check(panel.card, "admin PIN")
    type_pin(qtbot, flow, ADMIN_PIN)  # the location's, from the hub (seeded config)
    qtbot.waitUntil(lambda: kiosk.window.current_screen_name == ADMIN)
    screen = flow.admin.screen
    qtbot.waitUntil(lambda: bool(screen.status))
    _check(screen, "admin screen")
