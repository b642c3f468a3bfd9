"""The unchecked check box's border reaches 3:1 against the page around it, in both themes
(WCAG 1.4.11; before: 1.68:1 border and 1.13:1 fill), and a checked one shows a mark."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton, QVBoxLayout, QWidget

from kiosk.ui.shell.theme import Theme
from tests.support.screens import screens_dir


def _relative_luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def _ratio(a: QColor, b: QColor) -> float:
    high, low = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "contrast"])
def test_unchecked_check_box_border_reaches_3_to_1(qtbot: Any, high_contrast: bool) -> None:
    theme = Theme.create(100, high_contrast)
    page = QWidget()
    page.setObjectName("Page")
    page.setStyleSheet(theme.stylesheet())
    layout = QVBoxLayout(page)
    box = QCheckBox("I have my letter", page)
    ticked = QCheckBox("I have my meter", page)
    ticked.setChecked(True)
    layout.addWidget(box)
    layout.addWidget(ticked)
    qtbot.addWidget(page)
    page.resize(600, 200)
    page.show()
    qtbot.waitExposed(page)
    option = QStyleOptionButton()
    option.initFrom(box)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    centre_y = rect.center().y()
    border = image.pixelColor(rect.left() + 1, centre_y)
    # Against the page and the card a check box sits on.
    for around in (theme.palette.background, theme.palette.surface):
        assert _ratio(border, QColor(around)) >= 3.0, (border.name(), around)
    # The checked box: its mark differs from its fill.
    checked = ticked.grab().toImage()
    fill = checked.pixelColor(rect.left() + 5, rect.top() + 5)
    colours = {
        checked.pixelColor(x, y).name()
        for x in range(rect.left() + 5, rect.right() - 5)
        for y in range(rect.top() + 5, rect.bottom() - 5)
    }
    assert len(colours) > 3, fill.name()
    if (folder := screens_dir()) is not None:
        theme = "contrast" if high_contrast else "normal"
        page.grab().save(str(folder / f"a11y-check-box-{theme}.png"))
