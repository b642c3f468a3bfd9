"""What assistive technology (AT-SPI, the bus Orca reads) is told about in-window overlays.

Qt gives widgets no way to set their accessible role, nor to hide a shown widget from the
accessibility tree. An earlier version added a Python accessibility factory
(`QAccessible.installFactory`) for both; it crashed the process: Qt asks every factory about
every object whose interface is wanted, PySide then wraps that object for Python, and for
QtWebEngine's internal Qt Quick item (asked for when a web page takes the focus) that wrapping
segfaults inside PySide. So there is no Python factory, and both are done with Qt's own parts:

- an overlay's card (`OverlayCard`) is a `QDialog` turned into a plain child widget: Qt's own
  factory gives every QDialog the **dialog** role. Its accessible name is kept equal to the
  overlay's `Overlay.dialog_name()` (`OverlayCard.refresh_name`);
- while an overlay is open, the other children of its host (the header, the screens, an overlay
  below it) are **hidden**, so they are out of the tree as they are out of reach of Tab and of the
  pointer; the overlay paints a picture of them, taken just before, under its dimmed backdrop
  (`Overlay.open`). `sync_host()` decides what is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

if TYPE_CHECKING:
    from kiosk.ui.widgets.overlay import Overlay

#: The property that marks a widget the overlay base hid (and shows again when none is open).
HIDDEN_PROPERTY = "hiddenByOverlay"


class OverlayCard(QDialog):
    """The card in the middle of an overlay: a dialog for assistive technology, and otherwise a
    plain child widget (no window, no default button, no key handling of its own)."""

    def __init__(self, overlay: Overlay) -> None:
        super().__init__(overlay)
        self.setWindowFlags(Qt.WindowType.Widget)  # QDialog makes itself a window: not here
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.overlay = overlay

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QDialog would reject (hide the card) on Escape and press a default button on Enter;
        # the overlay decides about Escape, and Enter is the focused button's own.
        QWidget.keyPressEvent(self, event)

    def no_default_buttons(self) -> None:
        """Buttons in a QDialog press on Enter as "default" buttons and draw a frame for it:
        these are ordinary buttons."""
        for button in self.findChildren(QPushButton):
            if button.autoDefault():
                button.setAutoDefault(False)

    def refresh_name(self) -> None:
        name = self.overlay.dialog_name()
        if self.accessibleName() != name:
            self.setAccessibleName(name)


def open_overlay(host: QWidget) -> Overlay | None:
    """The topmost overlay open on `host` (the last opened), or None."""
    from kiosk.ui.widgets.overlay import Overlay

    shown = [
        child
        for child in host.children()
        if isinstance(child, Overlay) and child.is_open and child.modal
    ]
    return max(shown, key=lambda overlay: overlay.opened_order) if shown else None


def sync_host(host: QWidget) -> None:
    """Show the topmost open overlay of `host` alone: hide the host's other children (they come
    back when no overlay is open), and the open overlays below it."""
    from kiosk.ui.widgets.overlay import Overlay, is_shield

    top = open_overlay(host)
    for child in host.children():
        if not isinstance(child, QWidget) or child.isWindow() or is_shield(child):
            continue
        if isinstance(child, Overlay):
            if child.is_open and child.modal:
                child.setVisible(child is top)
        elif top is not None:
            if child.isVisible():
                child.setProperty(HIDDEN_PROPERTY, True)
                _keep_place(child, True)
                child.hide()
        elif child.property(HIDDEN_PROPERTY):
            child.setProperty(HIDDEN_PROPERTY, False)
            _keep_place(child, False)
            child.show()


def withdraw(widget: QWidget) -> None:
    """Hide `widget` for good, also when an open overlay has hidden it for the moment: without
    this, closing the overlay would show it again (a stopped session bar came back, frozen)."""
    if widget.property(HIDDEN_PROPERTY):
        widget.setProperty(HIDDEN_PROPERTY, False)
        _keep_place(widget, False)
    widget.hide()


def _keep_place(widget: QWidget, keep: bool) -> None:
    """While hidden by an overlay, a widget keeps its place in the host's layout (and is laid
    out when the window changes size), so the picture of it painted behind the overlay
    (`Overlay.refresh_picture`) matches the window."""
    policy = widget.sizePolicy()
    if policy.retainSizeWhenHidden() != keep:
        policy.setRetainSizeWhenHidden(keep)
        widget.setSizePolicy(policy)


def hidden_by_overlay(host: QWidget) -> list[QWidget]:
    """The host's children an open overlay hides, in stacking order (bottom first)."""
    return [
        child
        for child in host.children()
        if isinstance(child, QWidget) and not child.isWindow() and child.property(HIDDEN_PROPERTY)
    ]
