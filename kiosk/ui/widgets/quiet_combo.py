"""A combo box whose closed list stays out of what screen readers are told is on the screen.

Qt's accessibility gives a `QComboBox` its list as a child, and a list item reports the states
it would have in the open list: the current one "focused", every one "visible" and "showing"
(Qt measures them against the list's last size, not against whether it shows). Through AT-SPI
a closed combo box, even one on a page that is not shown (the volunteer's session form), so
had a focused, visible item that no one could see. `QuietComboBox` keeps its closed list at
no size and without a current row; `showPopup` gives both back, as Qt sets them on opening.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QComboBox, QWidget


class QuietComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quiet_list()

    def quiet_soon(self) -> None:
        """`quiet_list` once what runs now is done (Qt may set the list's row or size in the
        same turn: while measuring the combo box, or after its texts changed)."""
        QTimer.singleShot(0, self, self.quiet_list)

    def sizeHint(self) -> QSize:
        self.quiet_soon()
        return super().sizeHint()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        self.quiet_soon()

    def quiet_list(self) -> None:
        """The closed list: no current row ("focused") and no size ("visible")."""
        view = self.view()
        if view.isVisible():
            return
        selection = view.selectionModel()
        if selection is not None:
            selection.clearCurrentIndex()
        view.resize(0, 0)

    # The session form sets the current row and refills the lists while it is hidden; Qt
    # gives the closed list a current row again then.
    def setCurrentIndex(self, index: int) -> None:
        super().setCurrentIndex(index)
        self.quiet_list()

    def addItem(self, text: str, userData: object = None) -> None:  # type: ignore[override]
        super().addItem(text, userData)
        self.quiet_list()

    def hidePopup(self) -> None:
        super().hidePopup()
        self.quiet_list()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.quiet_list()
