"""One widget per guide step type (docs/guide-format.md), and `widget_class(step)` to pick one.

`kiosk.ui.steps.web` imports QtWebEngine only when a web step is built, so importing this
package stays cheap.
"""

from __future__ import annotations

from kiosk.domain.guide import Step
from kiosk.ui.steps.appointment import AppointmentStepWidget
from kiosk.ui.steps.base import GuideServices, StepMemory, StepWidget
from kiosk.ui.steps.checklist import ChecklistStepWidget
from kiosk.ui.steps.choice import ChoiceStepWidget
from kiosk.ui.steps.handoff import HandoffStepWidget
from kiosk.ui.steps.info import InfoStepWidget
from kiosk.ui.steps.input import InputStepWidget
from kiosk.ui.steps.qr_scan import QrScanStepWidget
from kiosk.ui.steps.summary import SummaryStepWidget
from kiosk.ui.steps.web import WebStepWidget

STEP_WIDGETS: dict[str, type[StepWidget]] = {
    "info": InfoStepWidget,
    "choice": ChoiceStepWidget,
    "checklist": ChecklistStepWidget,
    "input": InputStepWidget,
    "qr_scan": QrScanStepWidget,
    "web": WebStepWidget,
    "appointment": AppointmentStepWidget,
    "handoff": HandoffStepWidget,
    "summary": SummaryStepWidget,
}


def widget_class(step: Step) -> type[StepWidget]:
    """The widget class for `step`'s type (an unknown type is shown like `info`)."""
    return STEP_WIDGETS.get(step.type, InfoStepWidget)


__all__ = ["STEP_WIDGETS", "GuideServices", "StepMemory", "StepWidget", "widget_class"]
