"""Names, states and errors a screen reader gets on guide steps (before: inputs were named
"Your answer:", the progress bar had no name, and errors were tied to nothing)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAccessible

from kiosk.ui.steps.input import field_name
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import current_screen, flow_of

pytestmark = PLATFORM_NOISE


def test_field_name_is_the_question_and_the_unit() -> None:
    text = "Your meter shows a number.\n**Which number** do you see?\nType it below."
    assert field_name(text, "kWh") == "Which number do you see? (kWh)"
    assert field_name("Type your EAN code.", None) == "Type your EAN code."


def test_input_and_progress_are_named_and_errors_tied_to_the_field(
    make_kiosk: Any, qtbot: Any
) -> None:
    kiosk = make_kiosk()
    flow_of(kiosk).start("meter-reading")
    qtbot.waitUntil(lambda: kiosk.window.current_screen_name == "guide")
    screen = current_screen(kiosk)
    screen.next_button.click()
    qtbot.waitUntil(lambda: screen.run.current.id == "start")
    assert screen.progress.accessibleName() == screen.step_label.text()
    screen.next_button.click()
    for box in screen.step_widget.boxes:
        box.setChecked(True)
    screen.next_button.click()
    screen.step_widget.buttons[0].click()
    qtbot.waitUntil(lambda: screen.run.current.id == "read-digital")
    screen.next_button.click()
    qtbot.waitUntil(lambda: screen.run.current.id == "ask-ean")
    step = screen.step_widget
    name = QAccessible.queryAccessibleInterface(step.edit).text(QAccessible.Text.Name)
    assert name
    assert name != "Your answer:"
    assert name in screen.run.render(screen.run.current.text).replace("**", "")
    step.edit.setText("12345")
    step.show_error(force=True)
    assert step.error_text
    description = QAccessible.queryAccessibleInterface(step.edit).text(QAccessible.Text.Description)
    assert description.startswith(step.error_text)
    step.edit.setText("541448820000000008")  # valid: the reason goes
    assert not step.error_text
    assert not step.edit.accessibleDescription().startswith(description)


def test_the_step_picture_is_named_by_the_guides_alt(make_kiosk: Any, qtbot: Any) -> None:
    """The picture's accessible name is the step's `alt`, in the kiosk's language (before: the
    EAN on the letter and the meter display were unnamed images)."""
    kiosk = make_kiosk()
    flow_of(kiosk).start("meter-reading")
    qtbot.waitUntil(lambda: kiosk.window.current_screen_name == "guide")
    screen = current_screen(kiosk)
    screen.next_button.click()
    qtbot.waitUntil(lambda: screen.run.current.id == "start")
    assert screen.picture.isVisible()
    picture = QAccessible.queryAccessibleInterface(screen.picture)
    alt = screen.run.current.alt
    assert alt is not None
    assert picture.text(QAccessible.Text.Name) == alt[screen.run.language]
    assert "EAN" in picture.text(QAccessible.Text.Name)
    # changed on purpose (#24, round 5): the description repeated the name, and Orca read both
    assert picture.text(QAccessible.Text.Description) != alt[screen.run.language]
