"""Every focused control shows it, in both themes (WCAG 2.4.13; `tests/support/focus.py`).

The home screen with its header, the language picker, and the meter-reading guide's intro and
first steps (an info step, a checklist, a choice, an input), at normal contrast and in high
contrast. The volunteer panel and the admin screen are in
tests/ui/flows/helpdesk/test_panel_focus.py. (Before: primary buttons and the choice options
changed by 1.14:1 when focused, 1.12:1 in high contrast; the ring of secondary buttons was
1.62:1 on the page; the window's content was a Tab stop.)
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.support.focus import focus_findings
from tests.support.screens import screens_dir
from tests.ui.flows.guides.support import current_screen, flow_of

pytestmark = pytest.mark.qt_log_ignore(r"^Couldn't (load|resolve) pipewire-0\.3 (library|symbols)$")


def _check(root: QWidget, where: str, checked: list[int]) -> None:
    count, findings = focus_findings(root)
    assert count > 0, where
    checked.append(count)
    assert not findings, f"{where}:\n" + "\n".join(str(f) for f in findings)


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_the_focus_is_visible_on_every_control(
    a11y_kiosk: Any, qtbot: Any, high_contrast: bool
) -> None:
    kiosk = a11y_kiosk(high_contrast=high_contrast)
    kiosk.window.apply_language("nl")
    kiosk.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is kiosk.window.windowHandle())
    root = kiosk.window.root_widget
    assert not root.focusPolicy() & Qt.FocusPolicy.TabFocus  # the window is never a Tab stop
    checked: list[int] = []
    _check(kiosk.window, "home", checked)

    theme = "contrast" if high_contrast else "normal"

    def shot(name: str, focus: QWidget | None = None) -> None:
        """For docs/screens (KIOSK_TEST_SCREENS): the window, with `focus` focused."""
        if (folder := screens_dir()) is None:
            return
        if focus is not None:
            focus.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        kiosk.window.grab().save(str(folder / f"a11y-{name}-{theme}.png"))

    kiosk.window.show_languages()
    picker = kiosk.window.language_overlay
    _check(picker.card, "language picker", checked)
    shot("focus-picker", picker.buttons["fr"])
    picker.close_overlay()

    flow_of(kiosk).start("meter-reading")
    qtbot.waitUntil(lambda: kiosk.window.current_screen_name == "guide")
    screen = current_screen(kiosk)
    _check(screen, "guide intro", checked)
    shot("focus-primary", screen.next_button)
    screen.next_button.click()
    for step in ("start", "ready"):
        qtbot.waitUntil(lambda step=step: screen.run.current.id == step)
        _check(screen, f"step {step}", checked)
        if step == "ready":
            for box in screen.step_widget.boxes:
                box.setChecked(True)
        screen.next_button.click()
    qtbot.waitUntil(lambda: screen.run.current.id == "meter-type")
    _check(screen, "step meter-type", checked)
    shot("focus-secondary", screen.back_button)
    screen.step_widget.buttons[0].click()
    qtbot.waitUntil(lambda: screen.run.current.id == "read-digital")
    screen.next_button.click()
    qtbot.waitUntil(lambda: screen.run.current.id == "ask-ean")
    _check(screen, "step ask-ean", checked)
    field = screen.step_widget
    field.edit.setText("12345")
    field.show_error(force=True)
    shot("error", field.edit)
    print(f"focus visible: {sum(checked)} controls checked")
