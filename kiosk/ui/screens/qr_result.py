"""The result screen: what a code asks, in one plain sentence, with big warnings under it.

One card per code: the sentence (kiosk.qr.explain), each warning as a framed block that says the
risk and what to do, and buttons. "Show bigger" redraws the code large (segno), for a phone to
scan; a code with a warning keeps its warnings above the big code and never invites scanning it
("Scan this code with your phone" is only for codes without warnings). The big code shrinks to
fit the screen (1280×720 and up).
A web address opens only through `open_url_requested(url)`, which the app wires to the
guarded browser, and only when `url_allowed(host)` says its host is allowed. Emits
`rescan_requested()` and `done_requested()` for the two buttons at the bottom.

`embedded=True` is the form a guide's `qr_scan` step shows beside its text: no margins of its
own and no "Done" button (the guide's Next goes on). `spoken_text()` is every card's sentence
and warnings, for reading aloud.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Sequence

import segno
import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import _
from kiosk.qr.decode import DecodedCode
from kiosk.qr.explain import explain, on_screen
from kiosk.ui.shell.theme import Theme

#: Side of the big code, in pixels (at most; it shrinks to fit the screen).
BIG_CODE_PX = 560
#: The least width of the warnings and the hint beside the big code.
BIG_TEXT_MIN_PX = 240


class QrResultScreen(QWidget):
    open_url_requested = Signal(str)
    rescan_requested = Signal()
    done_requested = Signal()

    def __init__(
        self,
        theme: Theme,
        codes: Sequence[DecodedCode],
        *,
        url_allowed: Callable[[str], bool] | None = None,
        country: str = "BE",
        parent: QWidget | None = None,
        embedded: bool = False,
    ):
        super().__init__(parent)
        self.setObjectName("Screen")
        self._theme = theme
        self._codes = list(codes)
        self._url_allowed = url_allowed or (lambda _host: False)
        self._country = country
        self._embedded = embedded
        self._spoken: list[str] = []
        self.summary_labels: list[QLabel] = []
        self.warning_labels: list[QLabel] = []
        self.open_buttons: list[QPushButton] = []
        self.bigger_buttons: list[QPushButton] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._pages = QStackedWidget(self)
        layout.addWidget(self._pages)

        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._pages.addWidget(self._scroll)

        self._big_page = QWidget()
        self._big_page.setObjectName("Screen")
        big = QVBoxLayout(self._big_page)
        big.setContentsMargins(*((0, 0, 0, 0) if embedded else (40, 30, 40, 30)))
        self._big_hint = _label("heading")
        #: The shown code's warnings, above it (hidden for a code without warnings).
        self.big_warning = _label("warning")
        self.big_warning.setTextFormat(Qt.TextFormat.RichText)
        self.big_warning.hide()
        self._big_code_shown: DecodedCode | None = None
        self._big_pixmap = QPixmap()
        self.big_code = QLabel()
        self.big_code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Sized to the room on screen (`_fit_big_code`), never taller than the window.
        self.big_code.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._big_back = QPushButton()
        self._big_back.setProperty("role", "primary")
        self._big_back.clicked.connect(self.show_cards)
        self._bigger_of: QPushButton | None = None  # the "Show bigger" that opened the big code
        # The warnings and the hint beside the code, so both fit a 720-pixel high screen.
        row = QHBoxLayout()
        row.setSpacing(24)
        self._big_texts = QWidget()
        texts = QVBoxLayout(self._big_texts)
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setSpacing(20)
        texts.addWidget(self._big_back, 0, Qt.AlignmentFlag.AlignLeading)  # always in view
        texts.addWidget(self.big_warning)
        texts.addWidget(self._big_hint)
        texts.addStretch(1)
        self._big_texts.setMinimumWidth(BIG_TEXT_MIN_PX)
        row.addWidget(self._big_texts, 1)
        row.addWidget(self.big_code, 0, Qt.AlignmentFlag.AlignTop)
        big.addLayout(row)
        big.addStretch(1)
        self._pages.addWidget(self._big_page)
        # The buttons stay in view under the cards, however long the cards are.
        self._bar = QWidget()
        buttons = QHBoxLayout(self._bar)
        if embedded:
            buttons.setContentsMargins(0, 12, 0, 0)
        else:
            buttons.setContentsMargins(40, 0, 40, 30)
        self.rescan_button = QPushButton()
        self.rescan_button.clicked.connect(self.rescan_requested)
        buttons.addWidget(self.rescan_button)
        buttons.addStretch(1)
        self.done_button = QPushButton()
        self.done_button.setProperty("role", "primary")
        self.done_button.clicked.connect(self.done_requested)
        self.done_button.setVisible(not embedded)
        buttons.addWidget(self.done_button)
        layout.addWidget(self._bar)
        self._pages.currentChanged.connect(
            lambda _index: self._bar.setVisible(not self.showing_big_code)
        )
        self.retranslate_ui()

    @property
    def showing_big_code(self) -> bool:
        return self._pages.currentWidget() is self._big_page

    def retranslate_ui(self) -> None:
        """Rebuild every text in the current language."""
        content = QWidget()
        content.setObjectName("Screen")
        column = QVBoxLayout(content)
        if self._embedded:
            column.setContentsMargins(0, 0, 12, 0)
        else:
            column.setContentsMargins(40, 30, 40, 30)
        column.setSpacing(20)
        title = _label("heading" if self._embedded else "title")
        title.setText(_("What the code says"))
        # its scroll bar named after what it scrolls, as every other one (#24)
        self._scroll.verticalScrollBar().setAccessibleName(
            _("Scroll: {what}").format(what=title.text())
        )
        column.addWidget(title)
        self.summary_labels, self.warning_labels = [], []
        self._spoken = []
        self.open_buttons, self.bigger_buttons = [], []
        self._tab_chain: list[QPushButton] = []
        for code in self._codes:
            column.addWidget(self._card(code))
        column.addStretch(1)
        self.rescan_button.setText(_("Read another code"))
        self.done_button.setText(_("Done"))
        self._scroll.setWidget(content)
        # Tab follows the reading order: the cards' buttons, then the buttons under them.
        chain = [*self._tab_chain, self.rescan_button, self.done_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._big_back.setText(_("Back"))
        if self._big_code_shown is not None:
            self._describe_big(self._big_code_shown)

    def spoken_text(self) -> str:
        """Every card's sentence and warnings, as plain text."""
        return "\n".join(self._spoken)

    def _card(self, code: DecodedCode) -> QFrame:
        explanation = explain(code.payload, country=self._country)
        card = QFrame()
        card.setObjectName("Card")
        box = QVBoxLayout(card)
        box.setContentsMargins(28, 24, 28, 24)
        box.setSpacing(16)
        sentence = _label("heading")
        sentence.setText(on_screen(explanation.summary, code.payload))
        sentence.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        box.addWidget(sentence)
        self.summary_labels.append(sentence)
        self._spoken.append(explanation.summary)
        for warning in explanation.warnings:
            block = _label("warning")
            block.setTextFormat(Qt.TextFormat.RichText)
            block.setText(f"<b>⚠ {_escape(warning.title)}</b><br>{_escape(warning.advice)}")
            block.setAccessibleName(f"{warning.title}. {warning.advice}")
            block.setProperty("warning_name", warning.name)
            box.addWidget(block)
            self.warning_labels.append(block)
            self._spoken.append(f"{warning.title}. {warning.advice}")
        if not explanation.warnings and code.payload.kind in ("epc_payment", "url"):
            calm = _label("muted")
            calm.setText(_("We found nothing suspicious. If you are not sure, ask a volunteer."))
            box.addWidget(calm)
        row = QHBoxLayout()
        bigger = QPushButton(_("Show bigger"))
        bigger.clicked.connect(lambda _checked=False, c=code: self.show_bigger(c))
        row.addWidget(bigger)
        self.bigger_buttons.append(bigger)
        self._tab_chain.append(bigger)
        row.addStretch(1)
        if code.payload.kind == "url":
            url = str(code.payload.details.get("url") or "")
            host = str(code.payload.details.get("host") or "")
            allowed = bool(host) and self._url_allowed(host)
            if allowed:
                open_button = QPushButton(_("Open this website"))
                open_button.setProperty("role", "primary")
                open_button.clicked.connect(
                    lambda _checked=False, u=url: self.open_url_requested.emit(u)
                )
                row.addWidget(open_button)
                self.open_buttons.append(open_button)
                self._tab_chain.append(open_button)
            else:
                note = _label("muted")
                note.setText(_("This website cannot be opened on this kiosk."))
                box.addWidget(note)
        box.addLayout(row)
        return card

    def show_cards(self) -> None:
        """Back from the big code to the cards; the focus, when it was on the big page's
        "Back", returns to the "Show bigger" that opened it."""
        focused = self.window().focusWidget()
        had_focus = focused is not None and self._big_page.isAncestorOf(focused)
        self._pages.setCurrentWidget(self._scroll)
        opener, self._bigger_of = self._bigger_of, None
        if had_focus and opener is not None and shiboken6.isValid(opener):
            opener.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_bigger(self, code: DecodedCode) -> None:
        """Redraw `code` large, on its own page, for a phone camera. The picture is named
        for screen readers, and the focus (when it was on this screen) goes to the page's
        "Back": the only control it has."""
        data: str | bytes = code.raw if code.raw else code.text
        try:
            qr = segno.make_qr(data, error="m")
        except (ValueError, segno.DataOverflowError):
            return
        buffer = io.BytesIO()
        qr.save(buffer, kind="png", scale=max(1, BIG_CODE_PX // qr.symbol_size()[0]), border=4)
        pixmap = QPixmap()
        pixmap.loadFromData(buffer.getvalue(), "PNG")
        self._big_pixmap = pixmap
        self._big_code_shown = code
        self._describe_big(code)
        self.big_code.setAccessibleName(_("QR code: {what}").format(what=self._summary(code)))
        focused = self.window().focusWidget()
        had_focus = focused is not None and self.isAncestorOf(focused)
        if had_focus and isinstance(focused, QPushButton) and focused in self.bigger_buttons:
            self._bigger_of = focused
        self._pages.setCurrentWidget(self._big_page)
        if had_focus:
            self._big_back.setFocus(Qt.FocusReason.OtherFocusReason)
        parent = self.parentWidget()
        while parent is not None:  # the top of the big page in view (the guide's side panel)
            if isinstance(parent, QAbstractScrollArea):
                parent.verticalScrollBar().setValue(0)
            parent = parent.parentWidget()
        self._fit_big_code()
        QTimer.singleShot(0, self._fit_big_code)  # again once the page is laid out

    @property
    def big_hint_text(self) -> str:
        return self._big_hint.text()

    def _describe_big(self, code: DecodedCode) -> None:
        """Above the big code: its warnings and "do not scan", or the invitation to scan."""
        warnings = explain(code.payload, country=self._country).warnings
        if warnings:
            # The titles here (the advice is on the card, one tap back on "Back"); all of it
            # for a screen reader.
            self.big_warning.setText("<br>".join(f"<b>⚠ {_escape(w.title)}</b>" for w in warnings))
            self.big_warning.setAccessibleName(" ".join(f"{w.title}. {w.advice}" for w in warnings))
            self._big_hint.setText(
                _("Be careful with this code. Do not scan it unless a volunteer says it is safe.")
            )
        else:
            self._big_hint.setText(_("Scan this code with your phone"))
        # Beside warnings the sentence is one of them (smaller, in the danger colour).
        self._big_hint.setProperty("role", "error" if warnings else "heading")
        self._big_hint.style().unpolish(self._big_hint)
        self._big_hint.style().polish(self._big_hint)
        self.big_warning.setVisible(bool(warnings))

    def _room_below(self, widget: QWidget) -> int:
        """How many pixels are visible from the top of `widget` down: to the window's bottom, or
        to the bottom of a scrolling area it is in (the guide's side panel)."""
        window = self.window()
        top = widget.mapTo(window, QPoint(0, 0)).y()
        bottom = window.height()
        parent = self.parentWidget()
        while parent is not None:
            if isinstance(parent, QAbstractScrollArea):
                viewport = parent.viewport()
                bottom = min(bottom, viewport.mapTo(window, QPoint(0, viewport.height())).y())
            parent = parent.parentWidget()
        return bottom - top

    def _fit_big_code(self) -> None:
        """The big code as large as the room on screen allows (never cut off), at most
        BIG_CODE_PX: the warnings and the hint above it and Back under it stay in view."""
        if self._big_pixmap.isNull():
            return
        if not self.isVisible():  # not laid out yet: full size now, fitted when shown
            self.big_code.setFixedSize(self._big_pixmap.size())
            self.big_code.setPixmap(self._big_pixmap)
            return
        layout = self._big_page.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        spacing = max(0, layout.spacing())
        width = self._big_page.width() - margins.left() - margins.right()
        # the texts beside the code keep at least BIG_TEXT_MIN_PX and about half the width
        width = min(width - BIG_TEXT_MIN_PX - 24, int(width * 0.55))
        room = self._room_below(self._big_page) - margins.top() - margins.bottom() - spacing
        side = max(120, min(BIG_CODE_PX, room, width))
        self.big_code.setFixedSize(side, side)
        self.big_code.setPixmap(
            self._big_pixmap.scaled(
                side,
                side,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.showing_big_code:
            self._fit_big_code()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.showing_big_code:
            self._fit_big_code()

    def _summary(self, code: DecodedCode) -> str:
        return explain(code.payload, country=self._country).summary


def _label(role: str | None = None) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
