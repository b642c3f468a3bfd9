"""Is the focus visible? A check of every focusable control of a screen, from screenshots.

For each control that Tab can reach (visible, enabled, a Tab stop), `focus_findings` scrolls
it into view and grabs it from its window without the focus and with it (`QWidget.grab()`,
in-process), and counts the pixels whose colour changed by a contrast ratio of 3:1 or more.
WCAG 2.4.13 (focus appearance) asks for an area at
least as large as a 2 px thick perimeter of the control: 2 × 2 × (width + height) pixels.
The window's content itself must never be a Tab stop (a screen reader finds an unnamed "filler"
there).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget


def _luminance(image: QImage) -> np.ndarray:
    """The relative luminance of every pixel (WCAG), as a height × width array."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, line = rgb.width(), rgb.height(), rgb.bytesPerLine()
    raw = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=line * height)
    pixels = raw.reshape(height, line)[:, : width * 3].reshape(height, width, 3) / 255.0
    linear = np.where(pixels <= 0.04045, pixels / 12.92, ((pixels + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def changed_area(before: QImage, after: QImage, ratio: float = 3.0) -> int:
    """How many pixels differ by a contrast ratio of at least `ratio` between two images."""
    first, second = _luminance(before), _luminance(after)
    height = min(first.shape[0], second.shape[0])
    width = min(first.shape[1], second.shape[1])
    first, second = first[:height, :width], second[:height, :width]
    ratios = (np.maximum(first, second) + 0.05) / (np.minimum(first, second) + 0.05)
    return int((ratios >= ratio).sum())


@dataclass(frozen=True)
class FocusFinding:
    widget: str
    area: int
    needed: int

    def __str__(self) -> str:
        return f"{self.widget}: {self.area} px changed by 3:1, {self.needed} needed"


def _describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    return f"{type(widget).__name__} {widget.accessibleName() or label or widget.objectName()!r}"


def focus_stops(root: QWidget) -> list[QWidget]:
    """The controls under `root` that Tab reaches now."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
        and not w.visibleRegion().isEmpty()
    ]


def _scroll_to(widget: QWidget) -> None:
    """Scroll the control into view, as Tab does."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 0, 0)
        parent = parent.parentWidget()


def _shot(widget: QWidget) -> QImage:
    """The control as it is seen: grabbed from its window (`widget.grab()` alone would paint
    a see-through control on the default grey, not on the page behind it)."""
    window = widget.window()
    area = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return window.grab(area).toImage()


def focus_findings(root: QWidget) -> tuple[int, list[FocusFinding]]:
    """(controls checked, findings) for every Tab stop under `root`."""
    findings: list[FocusFinding] = []
    stops = focus_stops(root)
    for widget in stops:
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()
        _scroll_to(widget)
        QApplication.processEvents()
        before = _shot(widget)
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        if not widget.hasFocus():
            findings.append(FocusFinding(_describe(widget) + " (takes no focus)", 0, 0))
            continue
        after = _shot(widget)
        needed = 4 * (widget.width() + widget.height())
        area = changed_area(before, after)
        if area < needed:
            findings.append(FocusFinding(_describe(widget), area, needed))
        widget.clearFocus()
    return len(stops), findings
