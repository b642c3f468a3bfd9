"""A scroll area for text a resident reads: the step text, the guide's intro and end pages.

It scrolls vertically only, draws no frame, and takes a Tab stop only while its text is longer
than the view (at 200 % text, or on a small screen): then the arrow and page keys scroll it and
the focus ring shows where the keys go. When everything fits, Tab passes it by, so it never
becomes a stop where nothing happens. Give it an accessible name (what it holds).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QScrollArea, QWidget


class ReadingArea(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setProperty("role", "reading")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalScrollBar().rangeChanged.connect(self._on_range_changed)

    def minimumSizeHint(self) -> QSize:
        """Room for about two lines; the rest scrolls (the scroll bar's own minimum is more)."""
        return QSize(super().minimumSizeHint().width(), 2 * self.fontMetrics().height())

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if maximum > 0 else Qt.FocusPolicy.NoFocus)
