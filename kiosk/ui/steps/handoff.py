"""The `handoff` step: the resident asks a volunteer for help, or is referred on.

The big button ends the run as handed off (`GuideRunState.hand_off()`, through the screen); the
screen then says what happens next. There is no Next: continuing alone is what Back is for.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kiosk.domain.guide import HandoffStep
from kiosk.i18n import _
from kiosk.ui.steps.base import StepWidget
from kiosk.ui.widgets.wrap_button import WrapButton


class HandoffStepWidget(StepWidget):
    shows_next = False

    def build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.button = WrapButton(self)
        self.button.setProperty("role", "primary")
        self.button.setMinimumHeight(self.theme.pt(76))
        self.button.clicked.connect(self.handed_off)
        layout.addWidget(self.button)

    def is_complete(self) -> bool:
        return False

    def retranslate_ui(self) -> None:
        assert isinstance(self.step, HandoffStep)
        if self.step.reason == "referral":
            self.button.setText(_("I understand, I will go there"))
        else:
            self.button.setText(_("Call a volunteer"))
