"""In-app lockdown: the window can't be closed, dialog shortcuts and context menus are swallowed,
remote debugging is stripped, and a reset ends with a receipt that says everything was wiped."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu

from kiosk.i18n import _
from kiosk.ui.lockdown import strip_remote_debugging

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


@pytest.mark.parametrize("sequence", SHORTCUTS)
def test_dialog_shortcuts_are_swallowed(make_kiosk, qtbot, sequence: str) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    fired: list[str] = []
    shortcut = QShortcut(QKeySequence(sequence), kiosk.window)
    shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
    shortcut.activated.connect(lambda: fired.append(sequence))
    field = QLineEdit(kiosk.home)
    field.show()
    field.setFocus()
    key = QKeySequence(sequence)[0]
    before = kiosk.key_guard.blocked
    qtbot.keyClick(field, key.key(), key.keyboardModifiers())
    assert fired == []
    assert kiosk.key_guard.blocked > before
    assert kiosk.window.isVisible()


def test_ordinary_typing_still_works(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    field = QLineEdit(kiosk.home)
    field.show()
    field.setFocus()
    qtbot.keyClicks(field, "Meter 12345")
    assert field.text() == "Meter 12345"


def test_no_context_menus(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    field = QLineEdit(kiosk.home)
    field.setText("copy me")
    field.show()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(5, 5), field.mapToGlobal(QPoint(5, 5))
    )
    QApplication.sendEvent(field, event)
    qtbot.wait(50)
    menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
    assert menus == []


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


def test_quit_is_refused_until_the_window_may_close(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt's quit() closes every window first; the locked window cancels it (Alt+F4 and friends
    end up there too). Only after allow_close() does a quit end the event loop."""
    from PySide6.QtCore import QTimer

    kiosk = make_kiosk()
    exits: list[int] = []
    QTimer.singleShot(0, kiosk.app.quit)
    QTimer.singleShot(300, lambda: kiosk.app.exit(7))  # ends the loop if quit() did not
    exits.append(kiosk.app.exec())
    assert exits == [7]
    assert kiosk.window.isVisible()

    kiosk.window.allow_close()
    QTimer.singleShot(0, kiosk.app.quit)
    QTimer.singleShot(3000, lambda: kiosk.app.exit(7))
    assert kiosk.app.exec() == 0
