"""Accessibility checks that walk any widget tree: run them over every screen and overlay.

`audit(root)` lists what a resident with poor eyesight, a keyboard or a screen reader would trip
over, as `Finding`s (empty list: all good):

- every interactive widget (buttons, fields, boxes, sliders...) has an accessible name, as a
  screen reader announces it (QAccessible's name: the text, or `setAccessibleName`);
- every interactive widget is a target of at least `MIN_TARGET_PX` (48) px each way;
- every interactive widget can be reached with Tab (its focus policy includes Qt.TabFocus),
  except a touch copy of what keys do directly (property `TOUCH_COPY`: a PIN pad's digits);
- nothing else takes a Tab stop (a scroll area or frame where the focus would vanish);
- the Tab order follows the reading order (top to bottom, then left to right; right to left
  in a right-to-left layout);
- no text is clipped: a label's or button's size hint (height for its width, when it wraps)
  fits its geometry, and no label or control sticks out of its parent or the window (except
  inside a scroll area, which scrolls).

The helpers (`interactive_widgets`, `tab_order`, `reading_order`, `clipped`) are public so tests
can say more precisely what is wrong. Hidden widgets are skipped: audit what is on screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

MIN_TARGET_PX = 48
#: Widget types a resident acts on.
INTERACTIVE_TYPES: tuple[type[QWidget], ...] = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractSlider,
    QAbstractItemView,
)
#: A widget property: this control is a touch-screen copy of what the keyboard does directly
#: (the digit keys of a PIN pad, beside the PIN field that takes typed digits); it needs no
#: Tab stop of its own. Everything else is still checked.
TOUCH_COPY = "touchCopyOfKeyboard"
#: Pixels a size hint may exceed a geometry by before it counts as clipped (rounding).
TOLERANCE_PX = 1


@dataclass(frozen=True)
class Finding:
    """One accessibility problem of one widget."""

    widget: QWidget
    problem: str

    def __str__(self) -> str:
        return f"{describe(self.widget)}: {self.problem}"


def describe(widget: QWidget) -> str:
    """A short way to name a widget in a message: class, object name, text."""
    name = type(widget).__name__
    if widget.objectName():
        name += f"#{widget.objectName()}"
    text = _text_of(widget)
    if text:
        name += f" {text[:40]!r}"
    return name


def _text_of(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    if callable(text):
        value = text()
        if isinstance(value, str):
            return value
    return ""


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) if widget is not root else not widget.isHidden()


def can_scroll(area: QAbstractScrollArea) -> bool:
    """Whether the scroll area's content is larger than its view (there is something to scroll)."""
    return area.verticalScrollBar().maximum() > 0 or area.horizontalScrollBar().maximum() > 0


def is_interactive(widget: QWidget) -> bool:
    """True for widgets a resident acts on (not scroll bars: they scroll with the keyboard).

    A scroll area that takes the focus while it has something to scroll (a long text) is a
    control too: the arrow and page keys scroll it, so it needs a name and a Tab stop."""
    if isinstance(widget, QScrollBar):
        return False
    if (
        isinstance(widget, QAbstractScrollArea)
        and not isinstance(widget, INTERACTIVE_TYPES)
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    ):
        return can_scroll(widget)
    if isinstance(widget, QLineEdit) and isinstance(
        widget.parentWidget(), QAbstractSpinBox | QComboBox
    ):
        return False  # the line edit inside a spin box or combo box: the box is the target
    return isinstance(widget, INTERACTIVE_TYPES)


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """The shown, enabled interactive widgets under `root` (and root itself), in tree order."""
    candidates = [root, *root.findChildren(QWidget)]
    return [
        widget
        for widget in candidates
        if is_interactive(widget) and widget.isEnabled() and _shown(widget, root)
    ]


def accessible_name(widget: QWidget) -> str:
    """What a screen reader announces as the widget's name."""
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    return interface.text(QAccessible.Text.Name).replace("&", "").strip()


def tab_order(root: QWidget) -> list[QWidget]:
    """The widgets under `root` that Tab visits, in the order it visits them."""
    inside = {id(w) for w in interactive_widgets(root)}
    order: list[QWidget] = []
    seen: set[int] = set()
    widget = root.nextInFocusChain()
    while widget is not None and id(widget) not in seen:
        seen.add(id(widget))
        if (
            id(widget) in inside
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isEnabled()
            and _shown(widget, root)
        ):
            order.append(widget)
        if widget is root:
            break
        widget = widget.nextInFocusChain()
    return order


def silent_tab_stops(root: QWidget) -> list[QWidget]:
    """Widgets under `root` that take a Tab stop but are not controls (a scroll area, a frame):
    the focus lands there with nothing to see or do. The window's own root widget, which
    holds the focus before the first Tab, is not counted."""
    exempt = {id(root)}
    window = root.window()
    central = getattr(window, "centralWidget", None)
    if callable(central) and central() is not None:
        exempt.add(id(central()))
    return [
        widget
        for widget in root.findChildren(QWidget)
        if id(widget) not in exempt
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.isEnabled()
        and _shown(widget, root)
        and not is_interactive(widget)
        and not isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)
    ]


def _rect_in(widget: QWidget, root: QWidget) -> QRect:
    return QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())


def _outer_scroll_area(widget: QWidget, root: QWidget) -> QAbstractScrollArea | None:
    """The outermost scroll area (other than a list or text box) between `widget` and `root`
    that scrolls it (a button of the area's own, such as "More below" beside its view, is not
    scrolled by it)."""
    found = None
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if (
            isinstance(parent, QAbstractScrollArea)
            and not isinstance(parent, INTERACTIVE_TYPES)
            and parent.viewport().isAncestorOf(widget)
        ):
            found = parent
        parent = parent.parentWidget()
    return found


def reading_order(widgets: Iterable[QWidget], root: QWidget) -> list[QWidget]:
    """`widgets` in reading order: by rows (top to bottom; widgets whose vertical middles fall
    in the same band are a row), each row left to right, or right to left when `root` is laid
    out right to left. What sits in a scroll area is read where the area is, in its own reading
    order (the area first when it is a Tab stop itself): content scrolled out of view below the
    buttons still comes before them."""
    rtl = root.layoutDirection() == Qt.LayoutDirection.RightToLeft
    placed, areas = _place(widgets, root)
    listed = {id(w) for w in widgets}
    ordered: list[QWidget] = []
    for row in _rows(placed):
        row.sort(key=lambda item: -item[0].right() if rtl else item[0].left())
        for _rect, widget in row:
            if id(widget) in areas:
                area, inside = areas[id(widget)]
                if id(area) in listed:
                    ordered.append(area)
                content = area.widget() if hasattr(area, "widget") else None
                ordered.extend(reading_order(inside, content if content is not None else area))
            else:
                ordered.append(widget)
    return ordered


_Areas = dict[int, tuple[QAbstractScrollArea, list[QWidget]]]


def _place(widgets: Iterable[QWidget], root: QWidget) -> tuple[list[tuple[QRect, QWidget]], _Areas]:
    """Where each widget is in `root`; a widget inside a scroll area is placed as that area
    (listed once), and kept, by the area's id, with the area's other widgets."""
    areas: _Areas = {}
    placed: list[tuple[QRect, QWidget]] = []
    for widget in widgets:
        area = _outer_scroll_area(widget, root)
        if area is None and not (
            isinstance(widget, QAbstractScrollArea) and not isinstance(widget, INTERACTIVE_TYPES)
        ):
            placed.append((_rect_in(widget, root), widget))
            continue
        area = area or widget  # type: ignore[assignment]
        assert isinstance(area, QAbstractScrollArea)
        if id(area) not in areas:
            areas[id(area)] = (area, [])
            placed.append((_rect_in(area, root), area))
        if widget is not area:
            areas[id(area)][1].append(widget)
    return placed, areas


def _rows(placed: list[tuple[QRect, QWidget]]) -> list[list[tuple[QRect, QWidget]]]:
    """Rows, top to bottom: widgets whose vertical middles fall in the same band."""
    placed.sort(key=lambda item: item[0].top())
    rows: list[list[tuple[QRect, QWidget]]] = []
    for rect, widget in placed:
        middle = rect.center().y()
        if rows and any(r.top() <= middle <= r.bottom() for r, _w in rows[-1]):
            rows[-1].append((rect, widget))
        else:
            rows.append([(rect, widget)])
    return rows


def _inside_scroll_area(widget: QWidget, root: QWidget) -> bool:
    """Whether a scroll area (`root` itself included) holds `widget`: it may lie outside the
    view, and scrolls into it."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        if parent is root:
            return False
        parent = parent.parentWidget()
    return False


def clipped(widget: QWidget, root: QWidget) -> str | None:
    """Why the text or the body of `widget` is cut off, or None when it is not."""
    return _text_cut_off(widget) or _body_cut_off(widget) or _sticks_out(widget, root)


def _text_cut_off(widget: QWidget) -> str | None:
    """A label's or a plain button's text that does not fit the widget."""
    size = widget.size()
    if isinstance(widget, QLabel) and widget.text() and widget.wordWrap():
        needed = widget.heightForWidth(size.width())
        if needed > size.height() + TOLERANCE_PX:
            return f"text needs {needed} px of height, has {size.height()}"
        return None
    plain_button = isinstance(widget, QAbstractButton) and widget.layout() is None and widget.text()
    if (isinstance(widget, QLabel) and widget.text()) or plain_button:
        hint = widget.sizeHint()
        if hint.width() > size.width() + TOLERANCE_PX:
            return f"text needs {hint.width()} px of width, has {size.width()}"
        if hint.height() > size.height() + TOLERANCE_PX:
            return f"text needs {hint.height()} px of height, has {size.height()}"
    return None


def _body_cut_off(widget: QWidget) -> str | None:
    """A widget (not a label) whose content needs more height than it has for its width."""
    if widget.hasHeightForWidth() and not isinstance(widget, QLabel):
        size = widget.size()
        needed = widget.heightForWidth(size.width())
        if needed > size.height() + TOLERANCE_PX:
            return f"content needs {needed} px of height, has {size.height()}"
    return None


def _sticks_out(widget: QWidget, root: QWidget) -> str | None:
    """Outside its window or its parent (what a scroll area holds may be: it scrolls in)."""
    if _inside_scroll_area(widget, root):
        return None
    window = widget.window()
    if not window.rect().contains(_rect_in(widget, window)):
        return "sticks out of the window"
    parent = widget.parentWidget()
    if parent is not None and widget is not root and not parent.rect().contains(widget.geometry()):
        return f"sticks out of its parent {describe(parent)}"
    return None


def _texts_and_controls(root: QWidget) -> list[QWidget]:
    found = [
        w
        for w in root.findChildren(QWidget)
        if _shown(w, root) and (isinstance(w, QLabel) or is_interactive(w))
    ]
    return [
        w for w in found if not (isinstance(w, QLabel) and not w.text() and w.pixmap().isNull())
    ]


def audit(
    root: QWidget,
    *,
    min_target: int = MIN_TARGET_PX,
    check_order: bool = True,
) -> list[Finding]:
    """Every accessibility problem found under `root` (see the module docstring)."""
    findings: list[Finding] = []
    widgets = interactive_widgets(root)
    for widget in widgets:
        if not accessible_name(widget):
            findings.append(Finding(widget, "has no accessible name"))
        if widget.width() < min_target or widget.height() < min_target:
            findings.append(
                Finding(
                    widget,
                    f"target is {widget.width()}x{widget.height()} px, "
                    f"smaller than {min_target}x{min_target}",
                )
            )
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not widget.property(TOUCH_COPY):
            findings.append(Finding(widget, "cannot be reached with Tab"))
    for widget in silent_tab_stops(root):
        findings.append(Finding(widget, "takes a Tab stop but is not a control"))
    if check_order:
        findings.extend(order_findings(root))
    for widget in _texts_and_controls(root):
        why = clipped(widget, root)
        if why is not None:
            findings.append(Finding(widget, f"clipped: {why}"))
    return findings


def order_findings(root: QWidget) -> list[Finding]:
    """Where the Tab order leaves the reading order (one finding per widget out of place)."""
    order = tab_order(root)
    expected = reading_order(order, root)
    findings = []
    for position, (got, wanted) in enumerate(zip(order, expected, strict=True)):
        if got is not wanted:
            findings.append(
                Finding(
                    got,
                    f"is Tab stop {position + 1}, but reading order puts {describe(wanted)} there",
                )
            )
            break  # the rest shifts with it; one message says enough
    return findings


def format_findings(findings: Sequence[Finding]) -> str:
    return "\n".join(str(finding) for finding in findings)
