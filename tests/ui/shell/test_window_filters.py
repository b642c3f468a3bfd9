"""The window's input filters (Enter-activates, key guard, idle watcher) survive a new QWindow.

Under X11 the first web view makes Qt destroy the kiosk's QWindow and create another one (see
`MainWindow.install_window_filter`); offscreen it does not, so this test makes Qt recreate the
QWindow itself, as Qt does (`QWidget.destroy()`, then `show()` creates a new one). Nothing calls
`attach_window_filters()` by hand. (Before the fix, the filters stayed on the destroyed QWindow:
Enter did nothing, Ctrl+P went through, and the idle watcher saw no input.)
On a real X server, after a real web step: tests/e2e/real_clients/test_real_clients.py.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton


def test_filters_move_to_a_recreated_window(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    window = kiosk.window
    old_id = int(window.winId())
    window.destroy()  # what Qt does to the QWindow when the first web view comes (xcb)
    window.show()
    qtbot.waitExposed(window)
    handle = window.windowHandle()
    assert handle is not None
    assert int(window.winId()) != old_id  # a new QWindow

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is handle)
    button = QPushButton("Press me", kiosk.home)
    button.show()
    button.setFocus()
    # Enter presses the focused button.
    with qtbot.waitSignal(button.clicked, timeout=2000):
        qtbot.keyClick(handle, Qt.Key.Key_Return)
    # The key guard still swallows its shortcuts.
    blocked = kiosk.key_guard.blocked
    qtbot.keyClick(handle, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert kiosk.key_guard.blocked > blocked
    # The idle watcher still sees input.
    with qtbot.waitSignal(kiosk.idle.activity, timeout=2000):
        qtbot.keyClick(handle, Qt.Key.Key_Shift)
    assert kiosk.idle.armed
