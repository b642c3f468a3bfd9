"""The reading area: a Tab stop only while it scrolls, and a "More below" button that pages down
and goes once the end is in view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.a11y import audit, format_findings
from kiosk.ui.widgets.reading_area import ReadingArea


def _area(qtbot, lines: int) -> ReadingArea:  # type: ignore[no-untyped-def]
    area = ReadingArea()
    qtbot.addWidget(area)
    content = QWidget()
    layout = QVBoxLayout(content)
    for number in range(lines):
        layout.addWidget(QLabel(f"Line {number + 1} of the step text"))
    area.setWidget(content)
    area.setAccessibleName("Step 1 of 3")
    area.resize(500, 300)
    area.show()
    qtbot.waitExposed(area)
    return area


def test_short_text_takes_no_tab_stop_and_shows_no_sign(qtbot) -> None:  # type: ignore[no-untyped-def]
    area = _area(qtbot, 2)
    assert area.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert not area.more.isVisible()
    assert not audit(area), format_findings(audit(area))


def test_long_text_scrolls_with_keys_and_the_sign_pages_down(qtbot) -> None:  # type: ignore[no-untyped-def]
    area = _area(qtbot, 40)
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert area.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.waitUntil(area.more.isVisible)
    assert area.more.text().endswith("More below")
    assert area.more.height() >= 48
    # in its own strip under the text, inside the area, never over the text (#23)
    assert area.rect().contains(area.more.geometry())
    assert not area.viewport().geometry().intersects(area.more.geometry())
    qtbot.mouseClick(area.more, Qt.MouseButton.LeftButton)
    assert bar.value() == bar.pageStep()
    while bar.value() < bar.maximum():
        qtbot.mouseClick(area.more, Qt.MouseButton.LeftButton)
    assert not area.more.isVisible()  # the end is in view
    bar.setValue(0)
    assert area.more.isVisible()
    assert not audit(area), format_findings(audit(area))
