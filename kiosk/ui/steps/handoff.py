"""The `handoff` step: the resident asks a volunteer for help, or is referred on.

The big button ends the run as handed off (`GuideRunState.hand_off()`, through the screen); the
screen then says what happens next. There is no Next: continuing alone is what Back is for.

A referral (`reason: referral`, `to: <referral id>`) shows where to go above the button: the
place's name, address and opening hours from the location's referral list
(`GuideServices.referral`). When this kiosk does not know the place, it says to ask at the desk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout

from kiosk.domain.guide import HandoffStep
from kiosk.i18n import _
from kiosk.ui.steps.base import GuideServices, StepWidget
from kiosk.ui.widgets.referral_card import ReferralCard
from kiosk.ui.widgets.wrap_button import WrapButton

if TYPE_CHECKING:
    from kiosk.domain.location import Referral


def find_referral(services: GuideServices, referral_id: str | None) -> Referral | None:
    """The location's referral `referral_id`, or None when this kiosk does not know it."""
    if referral_id is None or services.referral is None:
        return None
    return services.referral(referral_id)


class HandoffStepWidget(StepWidget):
    shows_next = False

    def build(self) -> None:
        assert isinstance(self.step, HandoffStep)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(20)
        self.card: ReferralCard | None = None
        if self.step.reason == "referral":
            self.card = ReferralCard(self)
            layout.addWidget(self.card)
        self.button = WrapButton(self)
        self.button.setProperty("role", "primary")
        self.button.setMinimumHeight(self.theme.pt(76))
        self.button.clicked.connect(self.handed_off)
        layout.addWidget(self.button)

    def is_complete(self) -> bool:
        return False

    def spoken_text(self) -> str:
        return "" if self.card is None else self.card.spoken_text()

    def retranslate_ui(self) -> None:
        assert isinstance(self.step, HandoffStep)
        if self.card is not None:
            # Looked up again here: the location config may arrive after the step was built.
            self.card.show_referral(find_referral(self.services, self.step.to))
            if self.card.known:
                self.button.setText(_("I understand, I will go there"))
            else:
                self.button.setText(_("I understand, I will ask at the desk"))
        else:
            self.button.setText(_("Call a volunteer"))
