"""Widgets that only draw what another widget already tells screen readers.

A tile is one button named after its guide, with its category, summary and time as its
description; inside, labels draw those texts and a label draws its icon. A `WrapButton` draws
its text with a label inside, a checklist item is a tick box named after its item beside a
label that shows the text, and the guide's "Step 2 of 6" label sits beside the progress bar of
that name. Exposed to AT-SPI, each of those labels is read a second time (Orca's flat review
and "say all" read the button, then the label with the same words), and a tile's icon is a
picture without a name.

Qt gives widgets no switch to leave the accessibility tree, but it leaves out the widgets it
uses internally by their object name (`childWidgets()` in Qt's qaccessiblewidget.cpp skips,
among others, "qt_rubberband"). `unspoken(widget)` gives a widget that name; nothing in the
kiosk looks widgets up by name, and the style sheet does not select on it.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

#: The object name Qt's accessibility leaves out of a widget's children.
UNSPOKEN_NAME = "qt_rubberband"

W = TypeVar("W", bound=QWidget)


def unspoken(widget: W) -> W:
    """Leave `widget` out of the accessibility tree (it only draws what a neighbour says)."""
    widget.setObjectName(UNSPOKEN_NAME)
    return widget
