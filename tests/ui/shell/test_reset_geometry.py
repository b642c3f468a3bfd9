"""A reset puts the window back to the kiosk's size (#23, stranger round 6: something that grew
the window, such as 200 % text on a small screen, outlived the visit)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from kiosk.app import show_kiosk


def test_a_reset_puts_a_grown_full_screen_window_back(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    show_kiosk(kiosk, windowed=False)
    window = kiosk.window
    screen = window.screen().geometry()

    def kiosk_geometry() -> QRect:
        # the screen's; the offscreen test screen (800x800) is narrower than the window's
        # minimum width, which Qt keeps
        return QRect(screen.topLeft(), screen.size().expandedTo(window.minimumSizeHint()))

    qtbot.waitUntil(lambda: window.geometry() == kiosk_geometry())  # full screen now
    full = window.geometry()
    # 200 % text in Arabic in a guide: its minimum width grows the window past the screen
    window.apply_language("ar")
    window.apply_display(200, False)
    kiosk.flows.guides.start("meter-reading")
    qtbot.waitUntil(lambda: window.width() > full.width())
    grown = window.width()
    kiosk.start_over("test")
    qtbot.waitUntil(lambda: window.geometry() == kiosk_geometry())
    assert window.width() < grown


def test_a_reset_puts_a_grown_windowed_kiosk_back(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    show_kiosk(kiosk, windowed=True)
    window = kiosk.window
    window.apply_display(200, False)
    window.resize(1700, 1000)
    qtbot.waitUntil(lambda: window.size() == QSize(1700, 1000))
    kiosk.start_over("test")
    qtbot.waitUntil(lambda: window.size() == QSize(1366, 768))
    assert "window-size" in kiosk.reset.action_names
