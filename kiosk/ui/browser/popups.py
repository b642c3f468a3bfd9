"""The page's own popups stay inside the web view: never over the kiosk's header.

Chromium draws a `<select>` list, the date, time and month pickers of `<input type=date>` (and
`time`, `month`, `week`, `datetime-local`) and a `<datalist>`'s suggestions itself, but QtWebEngine
shows each in a separate top-level popup window (a `QQuickWidget` with `Qt.Popup`, or the
`AutofillPopupWidget`), a child of the `QWebEngineView`. Chromium places it by the *screen*:
below the field, or above it when there is no room below, and at any height the list needs. So a
field near the top or the bottom of the website put the popup over the kiosk's header ("Start
over", "Help") or the guide's buttons (#25, round two).

Refusing these popups would break every booking site; `PopupKeeper` keeps them in-window
instead: it watches each popup window QtWebEngine makes in the view (an event filter the browser
installs on every widget of the view) and, as it shows, moves or resizes, puts it inside the
view's rectangle on the screen (`inside`). A popup larger than the view (a long `<select>` list
at large text) starts at the view's top and reaches down over the guide's buttons below the
website, never up over the header; only one larger than the window below the view's top is cut
(Chromium does not lay its list out again: the options in the cut part are then reached with the
arrow keys or by typing, not by pointing). A datalist's suggestions hang below the field being
typed into: moved up into the view they would cover that field, so they may reach down over the
guide's buttons too (never above the view's top). The popup still works where it lands: Chromium
is told its new place (QtWebEngine follows the window's moves), so a click on an option picks
that option. The popups close with their view (`GuardedBrowser.dispose`, at every reset).
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

_PLACING = frozenset({QEvent.Type.Show, QEvent.Type.Move, QEvent.Type.Resize})


def inside(popup: QRect, area: QRect, room: QRect | None = None) -> QRect:
    """`popup` moved so that it lies inside `area` (the view); one larger than `area` may use
    `room` (from the view's top down to the window's bottom, never above the view) in that
    direction, and is cut to `room` only when it is larger still."""
    room = area if room is None else room
    width = min(popup.width(), room.width())
    height = min(popup.height(), room.height())
    return QRect(
        _along(popup.x(), width, area.left(), area.width(), room.left(), room.width()),
        _along(popup.y(), height, area.top(), area.height(), room.top(), room.height()),
        width,
        height,
    )


def _along(start: int, size: int, lo: int, span: int, room_lo: int, room_span: int) -> int:
    """Where a popup of `size` starts along one axis: inside [lo, lo + span) when it fits, else
    from `lo` on (or as far back as `room` needs)."""
    if size <= span:
        return max(lo, min(start, lo + span - size))
    return max(room_lo, min(lo, room_lo + room_span - size))


def is_page_popup(widget: QWidget) -> bool:
    """A popup window QtWebEngine made for the page (not the kiosk's own widgets)."""
    return widget.isWindow() and bool(widget.windowFlags() & Qt.WindowType.Popup)


class PopupKeeper(QObject):
    """An event filter for the widgets of one web view: page popups stay inside `view`."""

    def __init__(self, view: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.placed = 0  # popups moved or resized into the view (for tests and the log)
        self._busy = False

    def area(self) -> QRect:
        """The view's rectangle on the screen (where a popup goes)."""
        view = self.view
        if not shiboken6.isValid(view) or not view.isVisible():
            return QRect()
        return QRect(view.mapToGlobal(QPoint(0, 0)), view.size())

    def room(self, area: QRect) -> QRect:
        """Where a popup larger than the view may reach: from the view's top (never above it,
        where the kiosk's header is) down to the window's bottom, across the window."""
        window = self.view.window()
        left = window.mapToGlobal(QPoint(0, 0)).x()
        bottom = window.mapToGlobal(QPoint(0, window.height())).y()
        return QRect(left, area.top(), window.width(), max(bottom - area.top(), area.height()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in _PLACING
            and not self._busy
            and isinstance(watched, QWidget)
            and is_page_popup(watched)
        ):
            self.keep_inside(watched)
        return False

    def keep_inside(self, popup: QWidget) -> None:
        area = self.area()
        if area.isEmpty():  # the website is not on the screen: no popup of it either
            QTimer.singleShot(0, popup, popup.close)
            return
        room = self.room(area)
        if popup.inherits("QtWebEngineWidgetUI::AutofillPopupWidget"):
            # A datalist's suggestions hang below the field being typed into: moved up into the
            # view they would cover it. They may reach down over the guide's buttons instead.
            area = room
        wanted = popup.geometry()
        placed = inside(wanted, area, room)
        if placed == wanted:
            return
        self._busy = True
        try:
            popup.setGeometry(placed)
        finally:
            self._busy = False
        self.placed += 1
        log.info("kept a page popup inside the website: %s -> %s", _text(wanted), _text(placed))


def _text(rect: QRect) -> str:
    return f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"
