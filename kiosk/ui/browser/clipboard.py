"""No website writes the resident's clipboard, by any API.

`navigator.clipboard` and a `document.execCommand('copy')` without a click are refused by
Chromium itself (`JavascriptCanAccessClipboard` is off, see `kiosk.ui.browser.guard.harden`). But
`execCommand('copy'/'cut')` in a click handler, or a `copy` event handler that replaces what the
resident copies, still reached the clipboard: a page could put an attacker's IBAN where the
resident's own text was.

`ClipboardGuard` watches the application's clipboard (and the X11 selection, where there is one)
while a web page exists. A change is kept only when the focus is in one of the kiosk's own text
fields (the only places the resident copies from on purpose: Ctrl+C in a `QLineEdit`); any other
change (from a web page, whatever the API, or the resident's Ctrl+C inside a website, which a
page can rewrite) is undone as soon as Chromium's write has returned, before any input can paste
it: the clipboard gets back what it held before, or is emptied.
Emptying is always kept (the reset empties it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit

log = logging.getLogger(__name__)

_MODES = (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection)
_KIOSK_TEXT_FIELDS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


def _kiosk_field_has_focus() -> bool:
    from PySide6.QtWebEngineWidgets import QWebEngineView

    widget = QApplication.focusWidget()
    if widget is None or not isinstance(widget, _KIOSK_TEXT_FIELDS):
        return False
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QWebEngineView):
            return False
        parent = parent.parentWidget()
    return True


class ClipboardGuard(QObject):
    """Undoes every clipboard change while `watching()` holds, unless a kiosk field made it."""

    def __init__(self, parent: QObject | None, watching: Callable[[], bool]) -> None:
        super().__init__(parent)
        self.watching = watching
        self.refused = 0
        self._restoring = False
        clipboard = QGuiApplication.clipboard()
        self._kept: dict[QClipboard.Mode, str] = {
            mode: clipboard.text(mode) for mode in self._modes(clipboard)
        }
        clipboard.changed.connect(self._on_changed)

    @staticmethod
    def _modes(clipboard: QClipboard) -> list[QClipboard.Mode]:
        return [
            m for m in _MODES if m == QClipboard.Mode.Clipboard or clipboard.supportsSelection()
        ]

    def _on_changed(self, mode: QClipboard.Mode) -> None:
        if self._restoring or mode not in _MODES:
            return
        clipboard = QGuiApplication.clipboard()
        data = clipboard.mimeData(mode)
        empty = data is None or not data.formats()
        if empty or not self.watching() or _kiosk_field_has_focus():
            self._kept[mode] = "" if empty else clipboard.text(mode)
            return
        self.refused += 1
        log.info("a clipboard write from a web page was undone")
        # Not inside Chromium's own write (it is still on the stack): right after it, before any
        # input event could paste the page's text.
        QTimer.singleShot(0, lambda: self._restore(mode))

    def _restore(self, mode: QClipboard.Mode) -> None:
        clipboard = QGuiApplication.clipboard()
        kept = self._kept.get(mode, "")
        if clipboard.text(mode) == kept and (kept or not clipboard.mimeData(mode).formats()):
            return
        self._restoring = True
        try:
            if kept:
                clipboard.setText(kept, mode)
            else:
                clipboard.clear(mode)
        finally:
            self._restoring = False
