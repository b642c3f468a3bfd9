"""The `info` step: the screen shows its text and picture; the resident presses Next."""

from __future__ import annotations

from kiosk.ui.steps.base import StepWidget


class InfoStepWidget(StepWidget):
    """Nothing beyond the step text and picture."""
