"""A heading that keeps to one line when the window is low for its text (200 % text on a
1280x720 screen): the guide's title then takes one line, cut with "…", and leaves the step the
room it needs (#23: at 200 % on 1280x720 the step kept about 50 pixels, too low even for "More
below"'s own strip, which then lay over the QR page's "Back").

Otherwise it wraps as a plain label. The whole title stays its accessible name, so a screen
reader reads all of it either way.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: One line once the window is lower than this many lines of the title's text.
LOW_WINDOW_LINES = 9


class FittedTitle(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._full = ""
        self._one_line = False

    @property
    def full_text(self) -> str:
        return self._full

    @property
    def one_line(self) -> bool:
        return self._one_line

    def set_title(self, text: str) -> None:
        self._full = text
        self.setAccessibleName(text)
        self._show()

    def fit_to(self, window_height: int) -> None:
        """One line when `window_height` holds fewer than LOW_WINDOW_LINES lines of this text."""
        one_line = window_height < LOW_WINDOW_LINES * self.fontMetrics().height()
        if one_line != self._one_line:
            self._one_line = one_line
            self.setWordWrap(not one_line)
            policy = self.sizePolicy()
            policy.setHorizontalPolicy(
                QSizePolicy.Policy.Ignored if one_line else QSizePolicy.Policy.Preferred
            )
            self.setSizePolicy(policy)
            self.updateGeometry()
        self._show()

    def minimumSizeHint(self) -> QSize:
        if self._one_line:
            return QSize(self.fontMetrics().horizontalAdvance("…") * 4, super().sizeHint().height())
        return super().minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._one_line:
            self._show()

    def _show(self) -> None:
        if not self._one_line:
            if self.text() != self._full:
                self.setText(self._full)
            self.setToolTip("")
            return
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        if self.text() != shown:
            self.setText(shown)
