"""In-app lockdown: no way out of the kiosk window through Qt.

- `KeyGuard` swallows, application-wide, the shortcuts that open dialogs or other windows
  (print, save, open, new window/tab, close tab, developer tools, view source, full-screen
  toggles), every context menu, and drag and drop; and every history navigation outside the
  guide: Alt+Left/Right, the keyboard's Back/Forward/Home-page keys and the mouse's Back and
  Forward buttons (and any button beyond the middle one);
- `strip_remote_debugging()` removes QtWebEngine's remote-debugging switches from the
  environment and argv before Qt starts;
- closing the main window is refused unless the admin screen allowed it (see MainWindow).

What the operating system must add (a session that runs only the kiosk) is in docs/deploy.md.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent

log = logging.getLogger(__name__)

Mod = Qt.KeyboardModifier
Key = Qt.Key

#: (modifiers, key) pairs that are swallowed everywhere in the kiosk.
BLOCKED_SHORTCUTS: frozenset[tuple[int, int]] = frozenset(
    {
        *(
            (Mod.ControlModifier.value, key.value)
            for key in (
                Key.Key_P,  # print
                Key.Key_S,  # save page
                Key.Key_O,  # open file
                Key.Key_N,  # new window
                Key.Key_T,  # new tab
                Key.Key_W,  # close tab
                Key.Key_U,  # view source
                Key.Key_J,  # downloads
                Key.Key_H,  # history
                Key.Key_D,  # bookmark
                Key.Key_F,  # find bar (a separate widget)
                Key.Key_L,  # address bar
                Key.Key_Q,  # quit
            )
        ),
        *(
            ((Mod.ControlModifier | Mod.ShiftModifier).value, key.value)
            for key in (Key.Key_I, Key.Key_J, Key.Key_C, Key.Key_N, Key.Key_P, Key.Key_Delete)
        ),
        (Mod.NoModifier.value, Key.Key_F11.value),
        (Mod.NoModifier.value, Key.Key_F12.value),
        (Mod.NoModifier.value, Key.Key_F1.value),
        (Mod.NoModifier.value, Key.Key_F7.value),  # caret browsing prompt
        (Mod.AltModifier.value, Key.Key_F4.value),
        (Mod.AltModifier.value, Key.Key_Home.value),
        (Mod.AltModifier.value, Key.Key_Left.value),  # history navigation outside the guide
        (Mod.AltModifier.value, Key.Key_Right.value),
        (Mod.MetaModifier.value, Key.Key_Meta.value),
    }
)

_MODIFIER_MASK = (
    Mod.ShiftModifier | Mod.ControlModifier | Mod.AltModifier | Mod.MetaModifier
).value
_SHORTCUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride})
#: Context menus, and drag and drop (a file dropped on a page must not open or upload it).
_MENU_EVENTS = frozenset(
    {QEvent.Type.ContextMenu, QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop}
)


#: Keys swallowed with any modifiers: browser keys of multimedia keyboards.
BLOCKED_KEYS: frozenset[int] = frozenset(
    key.value
    for key in (
        Key.Key_Back,
        Key.Key_Forward,
        Key.Key_HomePage,
        Key.Key_Favorites,
        Key.Key_Search,
        Key.Key_OpenUrl,
        Key.Key_Explorer,
        Key.Key_LaunchMail,
    )
)
#: Mouse buttons the kiosk uses; the others (Back, Forward, extra buttons) are swallowed.
ALLOWED_BUTTONS = (
    Qt.MouseButton.LeftButton | Qt.MouseButton.RightButton | Qt.MouseButton.MiddleButton
)
_BUTTON_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
    }
)


def is_blocked(event: QKeyEvent) -> bool:
    modifiers = event.modifiers().value & _MODIFIER_MASK
    return (
        (modifiers, event.key()) in BLOCKED_SHORTCUTS
        or event.key() in BLOCKED_KEYS
        or event.matches(QKeySequence.StandardKey.Print)
    )


def is_history_button(event: QMouseEvent) -> bool:
    """A mouse button that browsers use for history (Back, Forward) or any extra button."""
    return bool(event.button() & ~ALLOWED_BUTTONS) or bool(event.buttons() & ~ALLOWED_BUTTONS)


class KeyGuard(QObject):
    """A window event filter for blocked shortcuts and context menus.

    Installed on the main window's QWindow (`MainWindow.install_window_filter`): every key and
    mouse event of the kiosk passes there before any widget or web page sees it. (Not on the
    QApplication: an application-wide Python filter crashes PySide6 6.11 with a live web view.)
    Context menus are stopped at their source: the right mouse button and the Menu key never
    reach a widget, so no widget can build a menu.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blocked = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _MENU_EVENTS:
            self.blocked += 1
            return True
        if kind in _SHORTCUT_EVENTS and isinstance(event, QKeyEvent) and is_blocked(event):
            self.blocked += 1
            event.accept()
            return True
        if kind in _BUTTON_EVENTS and isinstance(event, QMouseEvent) and is_history_button(event):
            self.blocked += 1
            event.accept()
            return True
        return False


#: Environment variables and switches that would open a remote-debugging door into the browser.
DEBUG_ENV = ("QTWEBENGINE_REMOTE_DEBUGGING",)
DEBUG_SWITCHES = ("--remote-debugging-port", "--remote-debugging-pipe", "--remote-allow-origins")


def strip_remote_debugging(argv: list[str] | None = None) -> list[str]:
    """Remove remote-debugging settings from the environment, the Chromium flags and argv.

    Returns what was removed (for the log).
    """
    removed: list[str] = []
    for name in DEBUG_ENV:
        if os.environ.pop(name, None) is not None:
            removed.append(name)
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if flags:
        kept = [f for f in flags.split() if not f.startswith(DEBUG_SWITCHES)]
        if len(kept) != len(flags.split()):
            removed.append("QTWEBENGINE_CHROMIUM_FLAGS remote-debugging switch")
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(kept)
    if argv is not None:
        for arg in list(argv):
            if arg.startswith(DEBUG_SWITCHES):
                argv.remove(arg)
                removed.append(arg)
    if removed:
        log.warning("removed remote-debugging settings: %s", ", ".join(removed))
    return removed
