"""Arabic at 1280x720 with larger text: every line of the digital-login intro is whole (#23,
stranger round 6: the first letters of right-to-left lines were cut). When the scroll bar came,
the view got narrower but the texts kept the old width, so their right edge — where an Arabic
line begins — lay under the edge of the view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget

from tests.ui.flows.guides.conftest import PLATFORM_NOISE

pytestmark = PLATFORM_NOISE

SHOTS = Path("/work/notes/shots/s6-23")


def cut_lines(root: QWidget) -> list[str]:
    """Visible word-wrapped labels whose text is cut at a side: the label is wider than what
    its parents show of it, or a line of it is wider than the label (font metrics)."""
    cut = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text().strip():
            continue
        shown = label.visibleRegion().boundingRect()
        if shown.isEmpty():
            continue  # scrolled out of view (up or down): not cut at a side
        if shown.left() > 0 or shown.right() < label.width() - 1:
            cut.append(f"{label.text()[:40]!r}: {label.width()} wide, {shown.width()} shown")
        if not label.wordWrap():
            continue
        width = label.contentsRect().width()
        metrics = label.fontMetrics()
        for word in label.text().split():
            if metrics.horizontalAdvance(word) > width:
                cut.append(f"{word!r} is wider than its label ({width})")
    return cut


def test_arabic_lines_are_whole_at_large_text_on_1280x720(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(languages=("nl", "ar"), default_language="nl")
    window = kiosk.window
    window.apply_language("ar")
    for scale in (150, 175, 200):
        window.apply_display(scale, False)
        screen = kiosk.flows.guides.start("digital-login")
        window.resize(1280, 720)
        area = screen.intro.area
        qtbot.waitUntil(lambda a=area: a.widget().width() == a.viewport().width())
        qtbot.wait(50)  # a posted layout request, if any, runs (the old code's cut stays)
        assert screen.on_intro
        scrolls = area.verticalScrollBar().isVisible()
        assert scrolls or scale < 200
        if SHOTS.is_dir():
            window.grab().save(str(SHOTS / f"digital-login-intro-ar-{scale}.png"))
        assert cut_lines(screen) == [], f"at {scale} %"
        kiosk.flows.guides.close()
