"""A picture that shrinks to the room it is given and never claims room of its own.

A plain QLabel with a pixmap insists on the pixmap's size as its minimum: a 420 px picture
beside a step then pushes Back and Next off a 768 px screen at 200 % text. This label takes
whatever its layout gives it (stretch decides) and shows the picture scaled down to fit,
keeping its proportions; it is never enlarged beyond the size it was loaded at.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class FittedPicture(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = QPixmap()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)

    def set_picture(self, pixmap: QPixmap) -> None:
        self._source = pixmap
        self._fit()

    def source(self) -> QPixmap:
        """The picture as loaded (`pixmap()` is the scaled copy on screen)."""
        return self._source

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        source = self._source
        if source.isNull():
            self.clear()
            return
        room = self.size()
        if source.width() <= room.width() and source.height() <= room.height():
            self.setPixmap(source)
            return
        self.setPixmap(
            source.scaled(
                room,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
