"""Every screen that exists is walked widget by widget (kiosk.ui.a11y): accessible names in the
current language, 48 px targets, Tab order = reading order, nothing clipped at 200 % text,
Arabic mirrored, high contrast applied. The same `audit()` runs over later screens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.exceptions import TimeoutError

from kiosk import i18n
from kiosk.ui.a11y import (
    MIN_TARGET_PX,
    Finding,
    accessible_name,
    audit,
    format_findings,
    interactive_widgets,
    reading_order,
    tab_order,
)
from tests.ui.a11y.conftest import SEVEN

#: Choosing a guide opens the guide screen, whose read-aloud loads QtMultimedia; that probes
#: for PipeWire on first use (not ours; the suite-wide pattern misses the "." in "0.3").
pytestmark = pytest.mark.qt_log_ignore(r"^Couldn't (load|resolve) pipewire-0\.3 (library|symbols)$")


def _settled(qtbot, kiosk, language: str) -> None:  # type: ignore[no-untyped-def]
    kiosk.window.apply_language(language)
    qtbot.waitUntil(lambda: not audit(kiosk.window), timeout=3000)


def _overlays(kiosk):  # type: ignore[no-untyped-def]
    window = kiosk.window
    return {
        "language": window.language_overlay,
        "help": window.help_overlay,
        "receipt": window.receipt,
        "countdown": window.countdown,
    }


def _open(kiosk, name: str) -> None:  # type: ignore[no-untyped-def]
    overlay = _overlays(kiosk)[name]
    if name == "countdown":
        overlay.start()
    elif name == "receipt":
        overlay.show_receipt()
    else:
        overlay.open()


def _close(kiosk, name: str) -> None:  # type: ignore[no-untyped-def]
    overlay = _overlays(kiosk)[name]
    if name == "countdown":
        overlay.stop()
    else:
        overlay.close_overlay()


@pytest.mark.parametrize("text_scale", [100, 150, 200])
@pytest.mark.parametrize("language", SEVEN)
def test_home_and_header_pass_the_audit(qtbot, a11y_kiosk, language: str, text_scale: int) -> None:  # type: ignore[no-untyped-def]
    kiosk = a11y_kiosk(text_scale=text_scale)
    kiosk.window.apply_language(language)
    try:
        qtbot.waitUntil(lambda: not audit(kiosk.window), timeout=3000)
    except TimeoutError:
        pytest.fail(format_findings(audit(kiosk.window)))
    # ("More below" under the tiles, when some are below the view, is a touch copy of
    # scrolling, not a Tab stop: #23)
    widgets = [
        w for w in interactive_widgets(kiosk.window) if not w.property("touchCopyOfKeyboard")
    ]
    assert len(widgets) == 4 + 5  # header buttons (with "Aa") and the five shipped guides' tiles


@pytest.mark.parametrize("text_scale", [100, 200])
@pytest.mark.parametrize("overlay", ["language", "help", "receipt", "countdown"])
@pytest.mark.parametrize("language", ["nl", "ar", "uk"])
def test_overlays_pass_the_audit(
    qtbot, a11y_kiosk, overlay: str, language: str, text_scale: int
) -> None:  # type: ignore[no-untyped-def]
    kiosk = a11y_kiosk(text_scale=text_scale)
    kiosk.window.apply_language(language)
    _open(kiosk, overlay)
    card = _overlays(kiosk)[overlay]
    qtbot.waitUntil(card.isVisible)
    try:
        qtbot.waitUntil(lambda: not audit(card), timeout=3000)
    except TimeoutError:
        pytest.fail(format_findings(audit(card)))
    assert interactive_widgets(card)
    _close(kiosk, overlay)


def test_accessible_names_follow_the_language(qtbot, a11y_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = a11y_kiosk()
    header = kiosk.window.header
    names = {}
    for language in ("nl", "en", "ar"):
        kiosk.window.apply_language(language)
        names[language] = [accessible_name(w) for w in interactive_widgets(kiosk.window)]
        tile = kiosk.home.tile_button("meter-reading")
        assert accessible_name(tile) == tile.title_label.text()
        assert all(names[language])
    assert (
        accessible_name(header.language_button) == "Language: العربية"
        or i18n.translations_for("ar") is not None
    )
    assert names["nl"] != names["en"]
    kiosk.window.apply_language("ar")
    assert accessible_name(kiosk.home.tile_button("meter-reading")) == "إرسال قراءة العدّاد"
    kiosk.window.apply_language("uk")
    assert accessible_name(kiosk.home.tile_button("meter-reading")) == (
        "Передати показання лічильника"
    )


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_tab_visits_every_control_in_reading_order(qtbot, a11y_kiosk, language: str) -> None:  # type: ignore[no-untyped-def]
    kiosk = a11y_kiosk()
    kiosk.window.apply_language(language)
    window = kiosk.window
    # ("More below" is a touch copy of scrolling, not a Tab stop: #23)
    qtbot.waitUntil(
        lambda: (
            tab_order(window)
            == [
                w
                for w in reading_order(interactive_widgets(window), window)
                if not w.property("touchCopyOfKeyboard")
            ]
        )
    )
    expected = tab_order(window)
    assert len(expected) == 9  # with the header's "Aa"
    # Now really press Tab, from the window's own focus (nothing ringed at start).
    window._root.setFocus()
    visited = []
    for _ in expected:
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Tab)
        visited.append(window.focusWidget())
    assert visited == expected
    # Enter and Space activate the focused tile.
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return):
        kiosk.window.show_home()
        tile = kiosk.home.tile_button(kiosk.home.guide_ids[0])
        tile.setFocus()
        with qtbot.waitSignal(kiosk.home.guide_chosen) as chosen:
            # Through the window, as a real keyboard is (the kiosk's filters sit there).
            qtbot.keyClick(kiosk.window.windowHandle(), key)
        assert chosen.args == [kiosk.home.guide_ids[0]]


def test_enter_activates_any_focused_button(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QPushButton

    from kiosk.ui.shell.keyboard import EnterActivates

    button = QPushButton("OK")
    qtbot.addWidget(button)
    button.show()
    qtbot.waitExposed(button)
    button.activateWindow()
    button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button)
    enter = EnterActivates(button)
    handle = button.windowHandle()
    handle.installEventFilter(enter)
    try:
        with qtbot.waitSignal(button.clicked):
            qtbot.keyClick(handle, Qt.Key.Key_Return)
    finally:
        handle.removeEventFilter(enter)


def test_arabic_mirrors_header_and_tiles(qtbot, a11y_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = a11y_kiosk()
    header = kiosk.window.header

    def x(widget) -> int:  # type: ignore[no-untyped-def]
        return widget.mapTo(kiosk.window, widget.rect().topLeft()).x()

    first, second = (kiosk.home.tile_button(g) for g in kiosk.home.guide_ids[:2])
    kiosk.window.apply_language("nl")
    qtbot.waitUntil(lambda: x(header.start_over_button) > x(header.language_button))
    assert x(header.location) < x(header.language_button)
    assert x(first) < x(second)
    kiosk.window.apply_language("ar")
    assert kiosk.window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # Start over (the way back) is now on the left, the location name on the right, and the
    # first tile on the right.
    qtbot.waitUntil(lambda: x(header.start_over_button) < x(header.language_button))
    assert x(header.location) > x(header.language_button)
    assert x(first) > x(second)
    assert kiosk.home._title.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_high_contrast_theme_applies(qtbot, a11y_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = a11y_kiosk(high_contrast=True)
    image = kiosk.window.grab().toImage()
    content = kiosk.home.mapTo(kiosk.window, kiosk.home.rect().center())
    assert QColor(image.pixel(5, content.y())) == QColor("#000000")
    header_bg = QColor(image.pixel(2, 2))
    assert header_bg == QColor("#000000")
    assert "#FFFF00" in QApplication.instance().styleSheet()  # type: ignore[union-attr]
    # Every tile's category name is drawn in a colour that differs from the tile behind it.
    for guide_id in kiosk.home.guide_ids:
        label = kiosk.home.tile_button(guide_id).category_label
        text = label.palette().color(label.foregroundRole())
        behind = label.parentWidget().palette().color(label.parentWidget().backgroundRole())
        assert text == QColor("#FFFFFF"), (guide_id, text.name())
        assert text != behind
    assert not audit(kiosk.window), format_findings(audit(kiosk.window))


def test_the_audit_finds_what_is_wrong(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    small = QPushButton("ok")
    small.setStyleSheet("min-height: 0px; min-width: 0px; padding: 0px;")
    small.setFixedSize(30, 30)
    nameless = QPushButton()
    nameless.setMinimumSize(60, 60)
    untabbable = QPushButton("Go")
    untabbable.setMinimumSize(60, 60)
    untabbable.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    cut = QLabel("a long text that cannot fit in twenty pixels")
    cut.setFixedWidth(20)
    for widget in (small, nameless, untabbable, cut):
        layout.addWidget(widget)
    root.resize(400, 400)
    root.show()
    qtbot.waitExposed(root)
    found = [str(f) for f in audit(root, check_order=False)]
    assert any("'ok'" in f and f"smaller than {MIN_TARGET_PX}x{MIN_TARGET_PX}" in f for f in found)
    assert any(f.startswith("QPushButton: has no accessible name") for f in found)
    assert any("'Go'" in f and "cannot be reached with Tab" in f for f in found)
    assert any("QLabel" in f and "clipped: text needs" in f for f in found)
    # Tab order against reading order: put the last button first in the chain.
    QWidget.setTabOrder(nameless, small)
    assert any("reading order" in str(f) for f in audit(root))
    assert isinstance(audit(root)[0], Finding)
