"""The small bar that shows, on every screen, that an assisted session is running.

It sits between the header and the screens, shows the elapsed time (from the flow's clock, so
tests use a fake one) and has one button to open the volunteer panel. It is hidden when no
session runs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.i18n import _
from kiosk.ui.widgets.overlay_a11y import withdraw


def elapsed_text(seconds: float) -> str:
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class SessionBar(QFrame):
    """ "Session with a volunteer · 05:12   [Volunteer panel]"."""

    panel_requested = Signal()

    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SessionBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._clock = clock
        self.started_at: datetime | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(32, 4, 32, 4)
        layout.setSpacing(16)
        self.label = QLabel(self)
        self.label.setWordWrap(True)  # at 200 % text it takes two lines, the button keeps its text
        self.time = QLabel(self)
        self.time.setObjectName("SessionTime")
        self.button = QPushButton(self)
        self.button.clicked.connect(self.panel_requested)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.time)
        layout.addWidget(self.button)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh)
        self.hide()
        self.retranslate_ui()

    def start(self, started_at: datetime) -> None:
        self.started_at = started_at
        self.refresh()
        self.show()
        self._tick.start()

    def stop(self) -> None:
        self.started_at = None
        self._tick.stop()
        withdraw(self)  # hidden for good, also when the volunteer panel is open over it

    @property
    def running(self) -> bool:
        return self.started_at is not None

    def refresh(self) -> None:
        if self.started_at is not None:
            seconds = (self._clock() - self.started_at).total_seconds()
            self.time.setText(elapsed_text(seconds))

    def retranslate_ui(self) -> None:
        self.label.setText(_("Session with a volunteer"))
        self.button.setText(_("Volunteer panel"))
        self.button.setAccessibleName(_("Open the volunteer panel"))
