"""What assistive technology (AT-SPI, the bus Orca reads) is told about in-window overlays.

Qt gives widgets no way to set their accessible role, nor to hide a widget from the tree while it
is shown, so `install()` adds one accessibility factory to Qt (once per process) that answers for
two kinds of widget:

- an overlay's card (`OverlayCard`) is a **dialog**, named after the overlay
  (`Overlay.dialog_name()`: its accessible name, else its first visible heading);
- an overlay host (a widget with the `HOST_PROPERTY` property set, such as the main window's
  content) lists **only its topmost open overlay** as its child while one is open, so the screen
  behind the overlay is out of the tree, as it is out of reach of Tab and of the pointer.

A host must be marked before its accessible interface is first asked for (Qt keeps it), so
`kiosk.ui.shell.main_window.MainWindow` marks its content when it makes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QFrame, QWidget

if TYPE_CHECKING:
    from kiosk.ui.widgets.overlay import Overlay

#: The property that marks a widget as the host of overlays (see the module's docstring).
HOST_PROPERTY = "overlayHost"

_installed = False


class OverlayCard(QFrame):
    """The card in the middle of an overlay: a dialog for assistive technology."""

    def __init__(self, overlay: Overlay) -> None:
        super().__init__(overlay)
        self.overlay = overlay


def open_overlay(host: QWidget) -> Overlay | None:
    """The topmost overlay open on `host` (the last raised), or None."""
    from kiosk.ui.widgets.overlay import Overlay

    shown = [
        child
        for child in host.children()
        if isinstance(child, Overlay) and child.isVisible() and child.modal
    ]
    return shown[-1] if shown else None


class _DialogAccessible(QAccessibleWidget):
    def __init__(self, card: OverlayCard) -> None:
        super().__init__(card, QAccessible.Role.Dialog)
        self._card = card

    def text(self, t: QAccessible.Text) -> str:
        if t == QAccessible.Text.Name:
            return self._card.overlay.dialog_name()
        return super().text(t)


class _HostAccessible(QAccessibleWidget):
    """The host's children are its topmost open overlay alone while one is open."""

    def _modal(self) -> QWidget | None:
        host = self.widget()
        return open_overlay(host) if host is not None else None

    def childCount(self) -> int:
        return 1 if self._modal() is not None else super().childCount()

    def child(self, index: int) -> QAccessibleInterface | None:  # type: ignore[override]
        modal = self._modal()
        if modal is None:
            return super().child(index)
        return QAccessible.queryAccessibleInterface(modal) if index == 0 else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        modal = self._modal()
        if modal is None:
            return super().indexOfChild(child)
        return 0 if child is not None and child.object() is modal else -1


def _factory(classname: str, obj: QObject) -> QAccessibleInterface | None:
    if not isinstance(obj, QWidget) or classname != obj.metaObject().className():
        return None  # asked again for each base class: answer only for the object's own
    if isinstance(obj, OverlayCard):
        return _DialogAccessible(obj)
    if obj.property(HOST_PROPERTY):
        return _HostAccessible(obj)
    return None


def install() -> None:
    """Add the factory to Qt (once; later calls do nothing)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True


def mark_host(host: QWidget) -> None:
    """Make `host`'s overlays modal for assistive technology (before it is first shown)."""
    install()
    host.setProperty(HOST_PROPERTY, True)
