"""The `appointment` step. Until booking at the help point exists (issue #8), it says plainly
that the step is not available yet and lets the resident skip it or ask a volunteer.
"""

from __future__ import annotations

from kiosk.ui.steps.unavailable import UnavailableStepWidget


class AppointmentStepWidget(UnavailableStepWidget):
    """Nothing to prepare: the run may go on from an appointment step."""
