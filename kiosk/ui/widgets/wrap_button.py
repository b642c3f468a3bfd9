"""A push button whose text wraps onto more lines instead of being cut off.

A QPushButton never wraps: a long choice ("Des petites roues avec des chiffres (ancien
compteur)") at 200 % text is wider than the screen. This button draws its text with a
word-wrapping label, grows in height to fit it (height for width), and is otherwise a real
QPushButton: focusable, Space and Enter activate it, and screen readers hear its text as its
accessible name. `text()` and `setText()` work on the label.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.widgets.unspoken import unspoken


class WrapButton(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = unspoken(QLabel(self))  # the button says its text itself
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
        self.toggled.connect(lambda _on: self._update_tone())
        self._update_tone()

    def _update_tone(self) -> None:
        """Colour the label like a button's own text would be. Qt style sheets cannot match a
        label on its button's state ("QPushButton:disabled QLabel" matches always), so the
        label gets a `tone` property that the theme's style sheet colours."""
        if not hasattr(self, "label"):
            return  # an event during construction
        if not self.isEnabled():
            tone = "disabled"
        elif self.isChecked() or self.property("role") == "primary":
            tone = "primary"
        else:
            tone = "secondary"
        if self.label.property("tone") != tone:
            self.label.setProperty("tone", tone)
            self.label.style().unpolish(self.label)
            self.label.style().polish(self.label)

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.EnabledChange, QEvent.Type.DynamicPropertyChange):
            self._update_tone()
        return super().event(event)

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
