"""In-window overlays: a dimmed backdrop with a centred card, modal for everyone.

The kiosk never opens separate top-level dialog windows (they could escape the kiosk, and they
fall behind a full-screen window on some window managers). Questions, help, the language
picker, the volunteer panel and the idle countdown are overlays on the main window instead
(`Overlay` is their base); a reset closes them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPixmap, QRegion
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStyle,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.i18n import _
from kiosk.ui.widgets import overlay_a11y
from kiosk.ui.widgets.overlay_a11y import OverlayCard

#: Changes of the window's look that the screen behind an open overlay follows.
_LOOK_CHANGES = frozenset(
    {
        QEvent.Type.StyleChange,
        QEvent.Type.FontChange,
        QEvent.Type.LanguageChange,
        QEvent.Type.LayoutDirectionChange,
    }
)


class Voice(Protocol):
    """What "Read aloud" needs of a speaker (`kiosk.ui.shell.speech.Speaker`)."""

    @property
    def speaking_changed(self) -> SignalInstance: ...

    @property
    def speaking(self) -> bool: ...

    def can_speak(self, language: str) -> bool: ...

    def say(self, text: str, language: str) -> bool: ...

    def stop(self) -> None: ...


class _Shield(QWidget):
    """Covers the host for a moment after an overlay closed: the second tap of a double tap,
    or a hurried one, lands here and not on the button that was behind the overlay."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self._host = host
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def cover(self, ms: int) -> None:
        self.setGeometry(self._host.rect())
        self.raise_()
        self.show()
        self._timer.start(ms)

    def event(self, event: QEvent) -> bool:
        if event.type() in _POINTER_EVENTS:
            event.accept()
            return True
        return super().event(event)


def is_shield(widget: QWidget) -> bool:
    """Whether `widget` is the short-lived cover an overlay leaves after closing."""
    return isinstance(widget, _Shield)


_POINTER_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
    }
)


class Overlay(QWidget):
    """The in-window overlay base: a backdrop that covers its parent (the host), with a card in
    the middle. Every overlay of the kiosk derives from it, and gets:

    - **a dialog for assistive technology**: the card has the dialog role and the name
      `dialog_name()`, and while the overlay is open the rest of its host is hidden (out of the
      accessibility tree) and shown only as a picture under the backdrop
      (`kiosk.ui.widgets.overlay_a11y`);
    - **focus kept inside**: `open()` puts the focus on `focus_first()`; Tab and Shift+Tab
      cycle through the card's controls only (`focusNextPrevChild`), and focus that lands
      behind the overlay while it is the topmost one is brought back;
    - **Escape** calls `escape()`, which closes the overlay; a subclass for which closing is
      not safe on some page overrides it (or sets `escape_closes = False`);
    - **focus return**: `close_overlay()` gives the focus back to the widget that had it when
      the overlay opened, when that one is still there to take it;
    - **input ignored for a moment** after closing: taps and clicks on the host are dropped for
      `IGNORE_AFTER_CLOSE_MS` (keys are not: the focus is back on the opener, and a key press
      is deliberate).

    Overlays on one host may stack (the idle countdown over the language picker): the last one
    opened is the modal one, and closing it hands the focus back to the one below.
    """

    closed = Signal()

    #: How long taps and clicks are ignored after the overlay closed.
    IGNORE_AFTER_CLOSE_MS = 500
    #: Whether Escape closes this overlay (see `escape()`).
    escape_closes = True
    #: Whether the overlay is modal (every overlay of the kiosk is; tests may make one that is
    #: not).
    modal = True
    #: The dialog's name when it is not its first heading (see `dialog_name()`).
    accessible_title = ""

    _opened = 0  # how many overlays were opened: the order of the open ones

    def __init__(self, parent: QWidget, *, max_width: int = 900) -> None:
        super().__init__(parent)
        self._host = parent
        #: Whether the overlay is open (it may be hidden while one above it is open).
        self.is_open = False
        #: When it was opened, among the overlays of the process (the last one is on top).
        self.opened_order = 0
        self._picture: QPixmap | None = None
        self._refresh_queued = False
        self.setObjectName("Backdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = OverlayCard(self)
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
        self._opener: QWidget | None = None
        self._shield: _Shield | None = None
        #: Where "Read aloud" gets its voice (`kiosk.ui.shell.speech.Speaker`); None: no button.
        self.speaker_source: Callable[[], Voice] | None = None
        #: "Read aloud" (see `add_read_button`): shown while a voice speaks the kiosk's language.
        self.read_button: QPushButton | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
            self.fit_card()
            self._refresh_soon()
        elif (
            watched is self.card and event.type() == QEvent.Type.LayoutRequest and self.isVisible()
        ):
            self.fit_card()  # the card's content changed (texts, a page): it may need more room
            self.card.refresh_name()
        return False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in _LOOK_CHANGES:
            self._refresh_soon()  # the screen behind changes its look too ("Aa", language)

    def _refresh_soon(self) -> None:
        if self.is_open and not self._refresh_queued:
            self._refresh_queued = True
            QTimer.singleShot(0, self, self.refresh_picture)

    def refresh_picture(self) -> None:
        """Paint the picture of the screen behind again, as it looks now: its widgets are
        hidden while the overlay is open, but they still change (another text size or
        contrast from the "Aa" control, another language, a new window size), and a picture
        taken when the overlay opened would show an old screen."""
        self._refresh_queued = False
        if not self.is_open:
            return
        # The hidden widgets take their new sizes first: a hidden widget's change of size does
        # not reach the layouts above it, so they still hold the old sizes.
        for hidden in overlay_a11y.hidden_by_overlay(self._host):
            for inner in [hidden.layout(), *hidden.findChildren(QLayout)]:
                if inner is not None:
                    inner.invalidate()
        layout = self._host.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()
        ratio = self._host.devicePixelRatioF()
        picture = QPixmap(self._host.size() * ratio)
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        self._host.render(painter, QPoint(), QRegion(), QWidget.RenderFlag.DrawWindowBackground)
        below = [
            child
            for child in self._host.children()
            if isinstance(child, Overlay)
            and child is not self
            and child.is_open
            and child.opened_order < self.opened_order
        ]
        for widget in [*overlay_a11y.hidden_by_overlay(self._host), *below]:
            widget.render(painter, widget.pos())
        painter.end()
        self._picture = picture
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The screen behind (hidden while the overlay is open), as it looked, under the
        backdrop's dimmed colour."""
        if self._picture is None:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.drawPixmap(self.rect(), self._picture)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        painter.end()

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

    # -- opening and closing -------------------------------------------------------------------

    def open(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None and not self.isAncestorOf(focused):
            self._opener = focused
        speaker = self._speaker()
        reads = (
            self.read_button is not None
            and speaker is not None
            and speaker.can_speak(i18n.current_language())
        )
        if self.read_button is not None:
            self.read_button.setVisible(reads)
        self._update_read_button()
        if reads and speaker is not None and not self.is_open:
            speaker.speaking_changed.connect(self._update_read_button)
        if not self.is_open:
            self._picture = self._host.grab()  # before the screen behind is hidden
            self.is_open = True
            Overlay._opened += 1
            self.opened_order = Overlay._opened
        else:
            self._refresh_soon()  # opened again (another page): the screen behind may differ
        self.card.no_default_buttons()
        self.setGeometry(self._host.rect())
        self.fit_card()
        self.raise_()
        self.show()
        self.card.refresh_name()
        # The focus goes inside before the screen behind is hidden: hiding the widget that has
        # the focus makes Qt hand it on to the next one (the first home tile), and a screen
        # reader reads that one first.
        self.focus_first()
        overlay_a11y.sync_host(self._host)

    def close_overlay(self) -> None:
        if not self.is_open:
            return
        inside = QApplication.focusWidget()
        reading = self.read_button is not None and self.read_button.isVisibleTo(self.card)
        speaker = self._speaker() if reading else None
        if speaker is not None:
            speaker.stop()
            speaker.speaking_changed.disconnect(self._update_read_button)
        self.is_open = False
        # The screen behind shows again and the focus goes back while the overlay still shows:
        # hiding it with the focus inside would make Qt hand the focus to some other widget
        # first, and a screen reader would read that one.
        overlay_a11y.sync_host(self._host)
        returned = self._return_focus(inside)
        self.hide()
        if (
            returned is not None
            and shiboken6.isValid(returned)
            and returned.isVisible()
            and QApplication.focusWidget() is not returned
        ):
            # seen in a long test run: hiding the overlay left nothing focused; give it back
            returned.setFocus(Qt.FocusReason.OtherFocusReason)
        self._picture = None
        self._cover_host()
        self.closed.emit()

    def _cover_host(self) -> None:
        if self.IGNORE_AFTER_CLOSE_MS <= 0:
            return
        if self._shield is None:
            self._shield = _Shield(self._host)
        self._shield.cover(self.IGNORE_AFTER_CLOSE_MS)
        below = overlay_a11y.open_overlay(self._host)
        if below is not None:
            below.raise_()  # an overlay still open stays on top, and takes taps at once

    def _return_focus(self, inside: QWidget | None) -> QWidget | None:
        """Focus the opener (returned), else the overlay below, else nothing."""
        opener, self._opener = self._opener, None
        if (
            opener is not None
            and shiboken6.isValid(opener)
            and opener.isVisible()
            and opener.isEnabled()
        ):
            opener.setFocus(Qt.FocusReason.OtherFocusReason)
            return opener
        below = overlay_a11y.open_overlay(self._host)
        if below is not None:
            below.focus_first()
        elif inside is not None and shiboken6.isValid(inside) and inside.hasFocus():
            inside.clearFocus()  # nothing to go back to: no focus, rather than a hidden one
        return None

    # -- read aloud ----------------------------------------------------------------------------

    def add_read_button(self, layout: QBoxLayout, index: int = -1) -> QPushButton:
        """Put "Read aloud" into `layout` (at `index`): shown while the overlay is open and a
        voice of `speaker_source` speaks the kiosk's language, hidden otherwise."""
        button = QPushButton(self.card)
        button.clicked.connect(self.read_aloud)
        button.hide()
        layout.insertWidget(index, button)
        self.read_button = button
        return button

    def _speaker(self) -> Voice | None:
        return self.speaker_source() if self.speaker_source is not None else None

    def spoken_text(self) -> str:
        """What "Read aloud" says: the dialog's name, then the card's visible texts."""
        parts = [self.dialog_name()]
        for label in self.card.findChildren(QLabel):
            if label.isVisibleTo(self.card) and label.text() and label.text() not in parts:
                parts.append(label.text())
        return "\n".join(part for part in parts if part)

    def read_aloud(self) -> None:
        speaker = self._speaker()
        if speaker is None:
            return
        if speaker.speaking:
            speaker.stop()
        else:
            speaker.say(self.spoken_text(), i18n.current_language())

    def _update_read_button(self, _speaking: object = None) -> None:
        if self.read_button is None:
            return
        speaker = self._speaker() if self.read_button.isVisibleTo(self.card) else None
        speaking = speaker is not None and speaker.speaking
        self.read_button.setText(_("Stop reading") if speaking else _("Read aloud"))

    def escape(self) -> None:
        """What Escape does: close the overlay."""
        self.close_overlay()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.escape_closes and not event.modifiers():
            event.accept()
            self.escape()
            return
        super().keyPressEvent(event)

    # -- focus ---------------------------------------------------------------------------------

    def dialog_name(self) -> str:
        """The dialog's name for assistive technology: `accessible_title`, else the text of
        its first visible heading."""
        if self.accessible_title:
            return self.accessible_title
        for label in self.card.findChildren(QLabel):
            if (
                label.property("role") == "heading"
                and label.isVisibleTo(self.card)
                and label.text()
            ):
                return label.text()
        return ""

    def focus_chain(self) -> list[QWidget]:
        """The card's controls that Tab visits now, in Tab order."""
        chain: list[QWidget] = []
        widget = self.card.nextInFocusChain()
        while widget is not None and widget is not self.card and len(chain) < 10_000:
            if (
                self.card.isAncestorOf(widget)
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isVisibleTo(self.card)
                and widget.isEnabled()
                and widget.focusProxy() is None
                and widget not in chain
            ):
                chain.append(widget)
            widget = widget.nextInFocusChain()
        return chain

    def focus_first(self) -> None:
        buttons = [
            b
            for b in self.card.findChildren(QPushButton)
            if b.isVisibleTo(self.card) and b is not self.read_button
        ]
        if buttons:
            buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            chain = self.focus_chain()
            if chain:
                chain[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def focusNextPrevChild(self, next: bool) -> bool:
        chain = self.focus_chain()
        if not chain:
            return True
        focused = QApplication.focusWidget()
        if focused in chain:
            step = 1 if next else -1
            target = chain[(chain.index(focused) + step) % len(chain)]
        else:
            target = chain[0] if next else chain[-1]
        reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        return True

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if (
            new is None
            or not self.isVisible()
            or self.isAncestorOf(new)
            or overlay_a11y.open_overlay(self._host) is not self
            or not self._host.isAncestorOf(new)
        ):
            return
        QTimer.singleShot(0, self._pull_focus_back)

    def _pull_focus_back(self) -> None:
        focused = QApplication.focusWidget()
        if self.isVisible() and (focused is None or not self.isAncestorOf(focused)):
            self.focus_first()


class MessageOverlay(Overlay):
    """A title, a text and one or more buttons; and "Read aloud" when `speaker_source` gives a
    `kiosk.ui.shell.speech.Speaker` that has a voice for the kiosk's language (else it is
    hidden)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = QLabel(self.card)
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        self.text = QLabel(self.card)
        self.text.setWordWrap(True)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.text)
        self.buttons = QHBoxLayout()
        self.card_layout.addLayout(self.buttons)
        self.add_read_button(self.buttons)
        self.buttons.addStretch(1)

    def spoken_text(self) -> str:
        return "\n".join(part for part in (self.title.text(), self.text.text()) if part)

    def add_button(self, text: str, *, primary: bool = False) -> QPushButton:
        button = QPushButton(text, self.card)
        if primary:
            button.setProperty("role", "primary")
        self.buttons.addWidget(button)
        return button
