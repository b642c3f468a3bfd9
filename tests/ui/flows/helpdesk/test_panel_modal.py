"""The volunteer panel is a modal dialog on the in-window overlay base (see
tests/ui/shell/test_overlays.py for the language picker and the help overlay)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.flows.helpdesk.test_volunteer_panel import open_with_shortcut
from tests.ui.shell.test_overlays import assert_modal, press


def test_volunteer_panel_is_a_modal_dialog(helpdesk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk, flow = helpdesk
    kiosk.window.header.help_button.setFocus()
    open_with_shortcut(qtbot, kiosk, flow)
    panel = flow.panel
    assert panel.isAncestorOf(QApplication.focusWidget())
    assert_modal(qtbot, kiosk, panel, panel.who.heading.text())
    # On the PIN page Escape goes back to "who are you"; there it closes the panel.
    qtbot.mouseClick(panel.who.admin, Qt.MouseButton.LeftButton)
    assert panel.pages.currentWidget() is panel.pin
    press(qtbot, kiosk, Qt.Key.Key_Escape)
    assert panel.pages.currentWidget() is panel.who
    assert panel.isVisible()
    press(qtbot, kiosk, Qt.Key.Key_Escape)
    assert not panel.isVisible()
    assert QApplication.focusWidget() is kiosk.window.header.help_button
