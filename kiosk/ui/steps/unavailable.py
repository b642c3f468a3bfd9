"""Steps this kiosk cannot do yet (`qr_scan`, `appointment`): it says so plainly, and lets the
resident skip the step or ask a volunteer.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from kiosk.i18n import _
from kiosk.ui.steps.base import StepWidget
from kiosk.ui.widgets.wrap_button import WrapButton


class UnavailableStepWidget(StepWidget):
    shows_next = False

    def build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(16)
        self.notice = QLabel(self)
        self.notice.setProperty("role", "warning")
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.volunteer = WrapButton(self)
        self.volunteer.setProperty("role", "primary")
        self.volunteer.clicked.connect(self.handed_off)
        self.skip = WrapButton(self)
        self.skip.clicked.connect(self._on_skip)
        row.addWidget(self.volunteer)
        row.addWidget(self.skip)
        row.addStretch(1)
        layout.addLayout(row)

    def is_complete(self) -> bool:
        return False

    def prepare_skip(self) -> None:
        """Make the run able to go on without this step's result."""

    def _on_skip(self) -> None:
        self.prepare_skip()
        self.advance_requested.emit()

    def retranslate_ui(self) -> None:
        self.notice.setText(
            _(
                "This step is not available on this computer yet. You can skip it, "
                "or a volunteer can do it with you."
            )
        )
        self.volunteer.setText(_("Ask a volunteer"))
        self.skip.setText(_("Skip this step"))
