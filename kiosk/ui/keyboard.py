"""Keyboard help at the window: Enter presses buttons, and who is using the keyboard now.

Both are window event filters. Install them on the main window's QWindow
(`MainWindow.install_window_filter`), never on the QApplication: an application-wide Python
filter crashes PySide6 6.11 as soon as a QWebEngineView runs (it wraps WebEngine's internal
objects passed as `watched`). This module is imported at start-up, so it stays small; the
accessibility checks themselves are in `kiosk.ui.a11y`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication


class KeyboardUse(QObject):
    """A window event filter that knows whether the resident is using the keyboard now: the
    last key press (Tab, arrows, Enter, Space, typing) came after the last tap or click.

    Screens move the focus to where the resident acts next only for keyboard users; on a touch
    screen, a focus ring on the first option would look as if it had been chosen already.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.active = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            self.active = True
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.active = False
        return False


class EnterActivates(QObject):
    """A window event filter: Enter (Return) on a focused button clicks it, as Space does.
    A plain QPushButton outside a QDialog ignores Enter; residents expect it to work.

    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.isAutoRepeat()
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            focused = QApplication.focusWidget()
            if isinstance(focused, QAbstractButton) and focused.isEnabled():
                focused.animateClick()
                return True
        return False
