"""A push button whose text wraps onto more lines instead of being cut off.

A QPushButton never wraps: a long choice ("Des petites roues avec des chiffres (ancien
compteur)") at 200 % text is wider than the screen. This button draws its text with a
word-wrapping label, grows in height to fit it (height for width), and is otherwise a real
QPushButton: focusable, Space and Enter activate it, and screen readers hear its text as its
accessible name. `text()` and `setText()` work on the label.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class WrapButton(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setProperty("role", "button-text")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def setText(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def text(self) -> str:
        return self.label.text()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        needed = 0 if layout is None else layout.totalHeightForWidth(width)
        return max(needed, self.minimumHeight())

    def sizeHint(self) -> QSize:
        width = self.label.sizeHint().width() + 48
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = self.label.minimumSizeHint().width() + 48
        return QSize(width, self.heightForWidth(max(width, self.width())))
