"""Every in-window overlay is a modal dialog, for the keyboard and for assistive technology.

The language picker, the help overlay and the volunteer panel (`kiosk.ui.widgets.overlay`):
the card is a dialog with a name; the screen behind is out of the accessibility tree; Tab and
Shift+Tab never leave the card; Escape closes; the focus goes back to what opened the overlay;
taps right after closing are ignored. Keys go to the window's QWindow, as a keyboard's do.
(Before: Tab went on to the header and the tiles behind the picker, Enter on a hidden tile
opened a guide, Escape closed nothing, and the cards were unnamed panels.)
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.widgets.overlay import Overlay

TABS = 30


def press(
    qtbot: Any, kiosk: Any, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(kiosk.window.windowHandle(), key, modifier)


def _focused_kiosk(make_kiosk: Any, qtbot: Any) -> Any:
    kiosk = make_kiosk(languages=("nl", "fr", "en", "ar", "tr", "pl", "uk"), default_language="nl")
    kiosk.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is kiosk.window.windowHandle())
    return kiosk


def shown_children(kiosk: Any) -> list[object]:
    """The objects of the root's children in the accessibility tree that are not invisible."""
    root = QAccessible.queryAccessibleInterface(kiosk.window.root_widget)
    children = (root.child(i) for i in range(root.childCount()))
    return [c.object() for c in children if not c.state().invisible]


def assert_modal(qtbot: Any, kiosk: Any, overlay: Overlay, name: str) -> None:
    """The overlay is the one dialog in the tree, and Tab stays inside it."""
    card = QAccessible.queryAccessibleInterface(overlay.card)
    assert card.role() == QAccessible.Role.Dialog
    assert card.text(QAccessible.Text.Name) == name
    assert shown_children(kiosk) == [overlay]  # the screen behind is hidden, out of the tree
    for key, modifier in (
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier),
    ):
        seen: set[QWidget] = set()
        for _ in range(TABS):
            press(qtbot, kiosk, key, modifier)
            focused = QApplication.focusWidget()
            assert focused is not None
            assert overlay.card.isAncestorOf(focused), f"Tab left the overlay for {focused!r}"
            seen.add(focused)
        assert seen == set(overlay.focus_chain())  # and it reaches every control of the card


def test_language_picker_is_a_modal_dialog(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = _focused_kiosk(make_kiosk, qtbot)
    opener = kiosk.window.header.language_button
    opener.setFocus()
    press(qtbot, kiosk, Qt.Key.Key_Return)
    picker = kiosk.window.language_overlay
    qtbot.waitUntil(picker.isVisible)
    assert QApplication.focusWidget() is picker.buttons["nl"]
    assert picker.buttons["nl"].isChecked()  # the chosen language is checked
    assert not picker.buttons["fr"].isChecked()
    state = QAccessible.queryAccessibleInterface(picker.buttons["nl"]).state()
    assert state.checked
    assert_modal(qtbot, kiosk, picker, "Kies uw taal")
    # Escape closes it, and the focus is back on the language button.
    press(qtbot, kiosk, Qt.Key.Key_Escape)
    assert not picker.isVisible()
    assert QApplication.focusWidget() is opener
    assert kiosk.window.stack in shown_children(kiosk)  # the screen is back in the tree
    # Choosing a language closes it too: the new one is checked.
    press(qtbot, kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(picker.isVisible)
    picker.buttons["fr"].setFocus()
    press(qtbot, kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not picker.isVisible())
    assert picker.buttons["fr"].isChecked()
    assert not picker.buttons["nl"].isChecked()
    assert QApplication.focusWidget() is opener


def test_help_overlay_is_a_modal_dialog(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = _focused_kiosk(make_kiosk, qtbot)
    kiosk.window.apply_language("en")
    opener = kiosk.window.header.help_button
    opener.setFocus()
    press(qtbot, kiosk, Qt.Key.Key_Return)
    overlay = kiosk.window.help_overlay
    qtbot.waitUntil(overlay.isVisible)
    assert QApplication.focusWidget() is kiosk.window.help_ok
    assert_modal(qtbot, kiosk, overlay, "Need help?")
    # Focus put behind the overlay (a timer of the screen, say) is brought back.
    kiosk.window.header.start_over_button.setFocus()
    qtbot.waitUntil(lambda: overlay.isAncestorOf(QApplication.focusWidget()))
    press(qtbot, kiosk, Qt.Key.Key_Escape)
    assert not overlay.isVisible()
    assert QApplication.focusWidget() is opener


def test_taps_right_after_closing_are_ignored(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = _focused_kiosk(make_kiosk, qtbot)
    kiosk.window.show_help()
    overlay = kiosk.window.help_overlay
    tile = kiosk.home.tile_button("meter-reading")
    opened: list[str] = []
    kiosk.home.guide_chosen.connect(opened.append)
    handle = kiosk.window.windowHandle()

    def tap(widget: QWidget) -> None:  # through the window, as a real tap comes
        centre = widget.mapTo(kiosk.window, widget.rect().center())
        qtbot.mouseClick(handle, Qt.MouseButton.LeftButton, pos=centre)

    tap(kiosk.window.help_ok)
    qtbot.waitUntil(lambda: not overlay.isVisible())
    # The second tap of a double tap, on the tile that was behind the overlay: nothing.
    tap(tile)
    assert opened == []
    shields = [w for w in kiosk.window.root_widget.children() if type(w).__name__ == "_Shield"]
    assert len(shields) == 1
    qtbot.waitUntil(lambda: not shields[0].isVisible(), timeout=3000)
    tap(tile)
    qtbot.waitUntil(lambda: opened == ["meter-reading"])
