"""The "Aa" control: a resident chooses larger text and high contrast for this visit; "Back to
normal" and every reset return to the location's settings (before: only the config file had
them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from tests.support.screens import screens_dir
from tests.ui.shell.test_overlays import press


def test_larger_text_and_high_contrast_for_this_visit(make_kiosk: Any, qtbot: Any) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    window.apply_language("en")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is window.windowHandle())
    assert window.header.display_button.accessibleName() == "Text size and contrast"
    window.header.display_button.setFocus()
    press(qtbot, kiosk, Qt.Key.Key_Return)
    overlay = window.display_overlay
    qtbot.waitUntil(overlay.isVisible)
    card = QAccessible.queryAccessibleInterface(overlay.card)
    assert card.role() == QAccessible.Role.Dialog
    assert card.text(QAccessible.Text.Name) == "Text size and contrast"
    assert not overlay.reset.isEnabled()

    overlay.larger.click()
    assert window.theme.scale == 1.5
    assert "font-size: 30pt" in kiosk.app.styleSheet()  # 20 pt body text at 150 %
    overlay.high_contrast.click()
    assert window.theme.high_contrast
    assert overlay.larger.isChecked()
    assert overlay.high_contrast.isChecked()
    assert overlay.reset.isEnabled()
    if folder := screens_dir():
        for name, contrast in (("contrast", True), ("normal", False)):
            window.apply_display(150, contrast)
            overlay.larger.setFocus()
            qtbot.wait(200)  # the header and the tiles take their new sizes
            window.grab().save(str(folder / f"a11y-display-control-{name}.png"))
        window.apply_display(150, True)

    overlay.reset.click()  # back to the location's settings
    assert (window.theme.scale, window.theme.high_contrast) == (1.0, False)
    qtbot.wait(100)  # the home screen's tiles are made again after the first screenful
    press(qtbot, kiosk, Qt.Key.Key_Escape)
    assert not overlay.isVisible()
    assert QApplication.focusWidget() is window.header.display_button

    # A choice lasts for the visit: the next resident starts with the location's settings.
    window.apply_display(200, True)
    kiosk.start_over("start_over")
    assert (window.theme.scale, window.theme.high_contrast) == (1.0, False)
