"""In-window overlays: a dimmed backdrop with a centred card.

The kiosk never opens separate top-level dialog windows (they could escape the kiosk, and they
fall behind a full-screen window on some window managers). Questions, help and the idle
countdown are overlays on the main window instead; a reset closes them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.i18n import _


class Voice(Protocol):
    """What "Read aloud" needs of a speaker (`kiosk.ui.shell.speech.Speaker`)."""

    @property
    def speaking_changed(self) -> SignalInstance: ...

    @property
    def speaking(self) -> bool: ...

    def can_speak(self, language: str) -> bool: ...

    def say(self, text: str, language: str) -> bool: ...

    def stop(self) -> None: ...


class Overlay(QWidget):
    """A backdrop that covers its parent, with a card in the middle."""

    closed = Signal()

    def __init__(self, parent: QWidget, *, max_width: int = 900) -> None:
        super().__init__(parent)
        self._host = parent
        self.setObjectName("Backdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = QFrame(self)
        self.card.setObjectName("Card")
        self._max_width = max_width
        self._min_width = min(max_width, 560)
        self.card.setMaximumWidth(max_width)
        self.card.setMinimumWidth(self._min_width)
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setContentsMargins(40, 36, 40, 36)
        self.card_layout.setSpacing(20)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignCenter)
        parent.installEventFilter(self)
        self.card.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
            self.fit_card()
        elif (
            watched is self.card and event.type() == QEvent.Type.LayoutRequest and self.isVisible()
        ):
            self.fit_card()  # the card's content changed (texts, a page): it may need more room
        return False

    def fit_card(self) -> None:
        """Size the card so its wrapped text is never cut off: tall enough for its width, and
        wider than usual when it would not fit the window's height (large text)."""
        self.card.ensurePolished()
        room = self._host.height() - 48
        widest = max(self._max_width, self._host.width() - 96)
        width = min(self._max_width, max(self._min_width, self.card.sizeHint().width()))
        width = min(widest, max(width, self.card.minimumSizeHint().width()))  # never squeezed
        while width < widest and self.card.heightForWidth(width) > room:
            width = min(widest, width + 100)
        self.card.setFixedWidth(width)
        self.card.setMinimumHeight(min(room, max(0, self.card.heightForWidth(width))))

    def open(self) -> None:
        self.setGeometry(self._host.rect())
        self.fit_card()
        self.raise_()
        self.show()
        self.focus_first()

    def focus_first(self) -> None:
        buttons = self.card.findChildren(QPushButton)
        if buttons:
            buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def close_overlay(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()


class MessageOverlay(Overlay):
    """A title, a text and one or more buttons; and "Read aloud" when `speaker_source` gives a
    `kiosk.ui.shell.speech.Speaker` that has a voice for the kiosk's language (else it is
    hidden)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.speaker_source: Callable[[], Voice] | None = None
        self.title = QLabel(self.card)
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        self.text = QLabel(self.card)
        self.text.setWordWrap(True)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.text)
        self.buttons = QHBoxLayout()
        self.read_button = QPushButton(self.card)
        self.read_button.clicked.connect(self.read_aloud)
        self.read_button.hide()
        self.buttons.addWidget(self.read_button)
        self.buttons.addStretch(1)
        self.card_layout.addLayout(self.buttons)

    def focus_first(self) -> None:
        buttons = [b for b in self.card.findChildren(QPushButton) if b is not self.read_button]
        if buttons:
            buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _speaker(self) -> Voice | None:
        return self.speaker_source() if self.speaker_source is not None else None

    def open(self) -> None:
        speaker = self._speaker()
        self.read_button.setVisible(
            speaker is not None and speaker.can_speak(i18n.current_language())
        )
        self._update_read_button()
        super().open()
        if speaker is not None and self.read_button.isVisible():
            speaker.speaking_changed.connect(self._update_read_button)

    def close_overlay(self) -> None:
        speaker = self._speaker() if self.read_button.isVisible() else None
        if speaker is not None:
            speaker.stop()
            speaker.speaking_changed.disconnect(self._update_read_button)
        super().close_overlay()

    def spoken_text(self) -> str:
        return "\n".join(part for part in (self.title.text(), self.text.text()) if part)

    def read_aloud(self) -> None:
        speaker = self._speaker()
        if speaker is None:
            return
        if speaker.speaking:
            speaker.stop()
        else:
            speaker.say(self.spoken_text(), i18n.current_language())

    def _update_read_button(self, _speaking: object = None) -> None:
        speaker = self._speaker() if self.read_button.isVisible() else None
        speaking = speaker is not None and speaker.speaking
        self.read_button.setText(_("Stop reading") if speaking else _("Read aloud"))

    def add_button(self, text: str, *, primary: bool = False) -> QPushButton:
        button = QPushButton(text, self.card)
        if primary:
            button.setProperty("role", "primary")
        self.buttons.addWidget(button)
        return button
