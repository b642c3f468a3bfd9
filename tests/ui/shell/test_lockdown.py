"""In-app lockdown: the window can't be closed, dialog shortcuts and context menus are swallowed,
remote debugging is stripped, and a reset ends with a receipt that says everything was wiped."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QWidget

from kiosk.i18n import _
from kiosk.ui.shell.lockdown import strip_remote_debugging

SHORTCUTS = [
    "Ctrl+P",
    "Ctrl+S",
    "Ctrl+O",
    "Ctrl+N",
    "Ctrl+T",
    "Ctrl+W",
    "Ctrl+U",
    "F11",
    "F12",
    "Ctrl+Shift+I",
    "Ctrl+Shift+J",
    "Alt+F4",
]


def test_closing_the_window_is_refused(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    assert kiosk.window.close() is False
    assert kiosk.window.isVisible()
    kiosk.window.allow_close()
    assert kiosk.window.close() is True


MODIFIER_KEYS = {
    k.value for k in (Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_Meta)
}


class KeyRecorder(QLineEdit):
    """A text field that notes every key and context-menu event that reaches it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.keys: list[tuple[int, int]] = []
        self.menus = 0

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() not in MODIFIER_KEYS:  # a bare Ctrl/Shift/Alt press does nothing
            self.keys.append((event.key(), event.modifiers().value))
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menus += 1
        super().contextMenuEvent(event)


def focused_recorder(kiosk) -> KeyRecorder:  # type: ignore[no-untyped-def]
    field = KeyRecorder(kiosk.home)
    field.setText("copy me")
    field.show()
    kiosk.window.activateWindow()
    field.setFocus()
    return field


@pytest.mark.parametrize("sequence", SHORTCUTS)
def test_dialog_shortcuts_are_swallowed(make_kiosk, qtbot, sequence: str) -> None:  # type: ignore[no-untyped-def]
    """Keys arrive at the window (as a real keyboard's do) and never reach a widget or page."""
    kiosk = make_kiosk()
    field = focused_recorder(kiosk)
    key = QKeySequence(sequence)[0]
    before = kiosk.key_guard.blocked
    qtbot.keyClick(kiosk.window.windowHandle(), key.key(), key.keyboardModifiers())
    assert kiosk.key_guard.blocked > before
    assert field.keys == []
    assert kiosk.window.isVisible()


def test_ordinary_typing_still_works(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    field = focused_recorder(kiosk)
    field.clear()
    handle = kiosk.window.windowHandle()
    for char in "Meter 12345":
        QTest.keyClick(handle, char)
    assert field.text() == "Meter 12345"
    assert kiosk.key_guard.blocked == 0


def test_no_context_menus(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    field = focused_recorder(kiosk)
    handle = kiosk.window.windowHandle()
    where = field.mapTo(kiosk.window, QPoint(5, 5))
    qtbot.mouseClick(handle, Qt.MouseButton.RightButton, pos=where)
    qtbot.keyClick(handle, Qt.Key.Key_Menu)
    qtbot.wait(50)
    menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
    assert menus == []
    assert field.menus == 0
    assert kiosk.key_guard.blocked >= 1  # the right press never reached a widget


def test_the_guard_watches_the_window_not_the_application(make_kiosk) -> None:  # type: ignore[no-untyped-def]
    """An application-wide Python event filter crashes PySide6 6.11 once a QWebEngineView
    runs; the kiosk's filters must sit on its window (and move with it when Qt recreates it)."""
    from kiosk.app import show_kiosk

    kiosk = make_kiosk()
    show_kiosk(kiosk, windowed=False)  # new window flags: Qt recreates the QWindow
    field = focused_recorder(kiosk)
    before = kiosk.key_guard.blocked
    QTest.keyClick(kiosk.window.windowHandle(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert kiosk.key_guard.blocked > before  # ShortcutOverride and KeyPress both pass there
    assert field.keys == []


def test_remote_debugging_is_stripped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QTWEBENGINE_REMOTE_DEBUGGING", "9222")
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --remote-debugging-port=9222")
    argv = ["kiosk", "run", "--remote-debugging-port=9223", "--windowed"]
    removed = strip_remote_debugging(argv)
    assert "QTWEBENGINE_REMOTE_DEBUGGING" not in os.environ
    assert os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] == "--disable-gpu"
    assert argv == ["kiosk", "run", "--windowed"]
    assert len(removed) == 3


def test_a_reset_shows_the_clean_receipt_then_it_goes(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    kiosk.window.receipt._timer.setInterval(200)
    kiosk.start_over("test")
    assert kiosk.window.receipt.isVisible()
    assert kiosk.window.receipt.title.text() == _("Everything has been wiped")
    qtbot.waitUntil(lambda: not kiosk.window.receipt.isVisible(), timeout=3000)


QUIT_CHILD = """
import sys, tempfile
from pathlib import Path
from PySide6.QtCore import QTimer
from kiosk.app import build_kiosk
from kiosk.config import Settings
from kiosk.paths import home_paths

kiosk = build_kiosk(Settings(), home_paths(Path(tempfile.mkdtemp())), open_store=False)
kiosk.window.show()
QTimer.singleShot(0, kiosk.app.quit)
QTimer.singleShot(500, lambda: kiosk.app.exit(7))  # ends the loop if quit() did not
print("locked", kiosk.app.exec(), kiosk.window.isVisible())
kiosk.window.allow_close()
QTimer.singleShot(0, kiosk.app.quit)
QTimer.singleShot(5000, lambda: kiosk.app.exit(7))
print("allowed", kiosk.app.exec())
"""


def test_quit_is_refused_until_the_window_may_close() -> None:
    """Qt's quit() closes every window first; the locked window cancels it (Alt+F4 and friends
    end up there too). Only after allow_close() does a quit end the event loop. In a child
    process: a finished application loop is no state to leave behind for other tests."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", QUIT_CHILD],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[:2] == ["locked 7 True", "allowed 0"]
