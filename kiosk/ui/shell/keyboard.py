"""Keyboard help: Enter presses buttons, who is using the keyboard now, and the Tab order.

`EnterActivates` and `KeyboardUse` are window event filters. Install them on the main
window's QWindow (`MainWindow.install_window_filter`), never on the QApplication: an
application-wide Python filter crashes PySide6 6.11 as soon as a QWebEngineView runs (it
wraps WebEngine's internal objects passed as `watched`). This module is imported at
start-up, so it stays small; the accessibility checks themselves are in `kiosk.ui.a11y`.

`tab_stops(root)` and `set_tab_chain(widgets)` put widgets made after the screen around them
(a step's controls, a list of names) at their place in the Tab order: reading order.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget


def tab_stops(root: QWidget) -> list[QWidget]:
    """The widgets under `root` that take a Tab stop, whether shown or not, in tree order (a
    parent before its children, children in the order they were added: the layout order of
    our screens). A composite control (a spin box, a web view: its focus proxy is inside it)
    counts once, not with its inner parts. Give the result to `set_tab_chain` to put a whole
    subtree at its place in the Tab order."""
    stops: list[QWidget] = []

    def visit(widget: QWidget) -> None:
        for child in widget.children():
            if not isinstance(child, QWidget) or child.isWindow():
                continue
            proxy = child.focusProxy()
            if proxy is not None and child.isAncestorOf(proxy):
                stops.append(child)  # a composite: its proxy is the stop, its parts are not
                continue
            if proxy is None and child.focusPolicy() & Qt.FocusPolicy.TabFocus:
                stops.append(child)
            visit(child)

    visit(root)
    return stops


def set_tab_chain(widgets: Sequence[QWidget]) -> None:
    """Make Tab visit `widgets` in this order (hidden ones are skipped by Tab when it runs).

    A widget that takes no focus now but may later (a `ReadingArea` whose text grows) keeps
    its place too: `QWidget.setTabOrder` ignores NoFocus widgets, so they are made focusable
    for the moment of the call."""
    resting = [w for w in widgets if w.focusPolicy() == Qt.FocusPolicy.NoFocus]
    for widget in resting:
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    try:
        for first, second in pairwise(widgets):
            QWidget.setTabOrder(first, second)
    finally:
        for widget in resting:
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)


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
