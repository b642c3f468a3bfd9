"""A website's own questions (`alert()`, `confirm()`, `prompt()`) as in-window overlays.

Qt would show them as separate top-level windows (`QMessageBox`, `QInputDialog`) with the text the
page chooses, out of reach of the kiosk's key guard and idle watcher; and a reset while such a
window was open killed the kiosk. Here they are overlays on the website's area
(`kiosk.ui.widgets.overlay.Overlay`: modal for the keyboard and assistive technology, closed by
Escape): the card names the website ("The website 127.0.0.1 says:"), shows the page's text as plain
text (never rich text, at most `MAX_TEXT` characters), and answers with the kiosk's own translated
buttons.

`PageDialog.ask()` is what `GuardedPage.javaScriptAlert/Confirm/Prompt` call: the page waits for
the answer, so `ask()` runs a local event loop until the resident answers, presses Escape, or the
overlay is closed by anyone else (a reset closes every overlay; `GuardedBrowser.dispose()` calls
`cancel()`), which answers "Cancel". The page itself is deleted only after `ask()` returned (see
`kiosk.ui.browser.page.WebSession.release`).

`DialogGate` decides whether a dialog is shown at all: the first one of a site in this web step
is, any later one only after the resident clicked or typed in the website again
(`kiosk.ui.browser.gestures.InputGestures`). Forty alerts from a timer give one overlay, not forty,
and a page that reloads itself after its alert gets no second one.
"""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from kiosk.i18n import _, ltr
from kiosk.ui.widgets.overlay import Overlay

#: The kinds of page dialogs.
ALERT, CONFIRM, PROMPT = "alert", "confirm", "prompt"
#: The longest page text shown (the rest is cut, with an ellipsis).
MAX_TEXT = 600


@dataclass
class Answer:
    """What the resident answered: OK or not, and the text typed for a prompt."""

    accepted: bool = False
    text: str = ""


class PageDialog(Overlay):
    """The overlay for one page dialog at a time (a later one waits behind the first)."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host, max_width=720)
        self.title = QLabel(self.card)
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        self.text = QLabel(self.card)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # the page's words, never markup
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.field = QLineEdit(self.card)
        self.field.setMaxLength(1000)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.text)
        self.card_layout.addWidget(self.field)
        row = QHBoxLayout()
        self.ok_button = self._button(row, primary=True)
        self.cancel_button = self._button(row)
        row.addStretch(1)
        self.card_layout.addLayout(row)
        self.ok_button.clicked.connect(self._accept)
        self.cancel_button.clicked.connect(self.close_overlay)
        self.field.returnPressed.connect(self._accept)  # Return and the keypad's Enter
        self.kind = ALERT
        self._site = ""
        self._answer: Answer | None = None
        self._loop: QEventLoop | None = None
        self.retranslate_ui()

    def _button(self, row: QHBoxLayout, *, primary: bool = False) -> QPushButton:
        button = QPushButton(self.card)
        if primary:
            button.setProperty("role", "primary")
        row.addWidget(button)
        return button

    @property
    def waiting(self) -> bool:
        """Whether a page waits for this dialog's answer."""
        return self._loop is not None

    def show_question(self, kind: str, site: str, text: str, default: str = "") -> None:
        """Fill and open the overlay (without waiting: `ask()` waits)."""
        self.kind = kind
        self._site = site
        shown = text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
        self.text.setText(shown)
        self.text.setVisible(bool(shown))
        self.field.setVisible(kind == PROMPT)
        self.field.setText(default[:1000])
        self.cancel_button.setVisible(kind != ALERT)
        self.retranslate_ui()
        self.open()
        if kind == PROMPT:
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
            self.field.selectAll()

    def ask(self, kind: str, site: str, text: str, default: str = "") -> Answer:
        """Show the question and wait for the answer (Cancel when anything closes it)."""
        answer = Answer()
        self._answer = answer
        loop = QEventLoop()
        self._loop = loop
        self.closed.connect(loop.quit)
        try:
            self.show_question(kind, site, text, default)
            if self.is_open:
                loop.exec()
        finally:
            if shiboken6.isValid(self):
                self.closed.disconnect(loop.quit)
                self._loop = None
                self._answer = None
        return answer

    def cancel(self) -> None:
        """Close with "Cancel" (a reset, the website's step being left)."""
        self.close_overlay()

    def _accept(self) -> None:
        if self._answer is not None:
            self._answer.accepted = True
            self._answer.text = self.field.text() if self.kind == PROMPT else ""
        self.close_overlay()

    def retranslate_ui(self) -> None:
        site = self._site
        self.title.setText(
            _("The website {site} says:").format(site=ltr(site)) if site else _("The website says:")
        )
        self.ok_button.setText(_("OK"))
        self.cancel_button.setText(_("Cancel"))
        self.field.setAccessibleName(_("Your answer"))


class DialogGate:
    """Whether a page may show a dialog now: one without a gesture per site (scheme, host and
    port) for the life of the view, which is one resident's visit to the web step; after
    that, one per gesture. A page that reloads itself gets no new allowance (#25, round two)."""

    def __init__(self) -> None:
        self.shown = 0
        self.suppressed = 0
        self._gestures_at_last = -1
        self._free_used: set[str] = set()

    def allow(self, gestures: int, site: str = "") -> bool:
        """`gestures`: how many clicks and keys the resident made in the website so far;
        `site`: the asking page's origin."""
        if gestures <= self._gestures_at_last and site in self._free_used:
            self.suppressed += 1
            return False
        self.shown += 1
        self._free_used.add(site)
        self._gestures_at_last = max(self._gestures_at_last, gestures)
        return True

    def answered(self, gestures: int) -> None:
        """A gesture made while the dialog was open (its own buttons) does not count."""
        self._gestures_at_last = max(self._gestures_at_last, gestures)
