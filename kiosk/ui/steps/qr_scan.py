"""The `qr_scan` step. Until the QR reader is part of the guide screen, it says plainly that
the step is not available yet; skipping it leaves its field empty.
"""

from __future__ import annotations

from kiosk.domain.guide import QrScanStep
from kiosk.ui.steps.unavailable import UnavailableStepWidget


class QrScanStepWidget(UnavailableStepWidget):
    def prepare_skip(self) -> None:
        assert isinstance(self.step, QrScanStep)
        self.run.set_answer(self.step.field, "")
