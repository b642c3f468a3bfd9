"""The idle timeout: nothing happens on an untouched screen; after input and N idle seconds a
countdown asks "Are you still there?"; any input cancels it; at zero the kiosk resets."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from kiosk import i18n
from kiosk.ui.shell.main_window import HOME


def touch(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    """A click that arrives like a real one: at the window, where the kiosk watches input."""
    window = widget.window()
    qtbot.mouseClick(
        window.windowHandle(), Qt.MouseButton.LeftButton, pos=widget.mapTo(window, QPoint(5, 5))
    )


def test_untouched_home_screen_is_not_counted_down(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(idle_timeout=0.2, countdown=1)
    qtbot.wait(600)
    assert not kiosk.idle.armed
    assert not kiosk.window.countdown.isVisible()


def test_idle_counts_down_then_resets(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(idle_timeout=0.3, countdown=2)
    kiosk.window.apply_language("en")
    kiosk.window.language_overlay.open()
    touch(qtbot, kiosk.window.header.location)
    assert kiosk.idle.armed

    with qtbot.waitSignal(kiosk.idle.idle_reached, timeout=3000):
        pass
    assert kiosk.window.countdown.isVisible()
    assert "2 seconds" in kiosk.window.countdown.text.text()
    qtbot.waitUntil(lambda: "1 second." in kiosk.window.countdown.text.text(), timeout=3000)

    with qtbot.waitSignal(kiosk.window.countdown.expired, timeout=3000):
        pass
    assert len(kiosk.resets) == 1
    assert kiosk.resets[0].ok
    assert not kiosk.window.countdown.isVisible()
    assert not kiosk.window.language_overlay.isVisible()
    assert kiosk.window.current_screen_name == HOME
    assert i18n.current_language() == "nl", "a reset returns to the default language"
    assert not kiosk.idle.armed, "the next countdown waits for the next resident"


def test_input_during_the_countdown_cancels_it(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(idle_timeout=0.3, countdown=5)
    touch(qtbot, kiosk.window.header.location)
    with qtbot.waitSignal(kiosk.idle.idle_reached, timeout=3000):
        pass
    assert kiosk.window.countdown.running
    with qtbot.waitSignal(kiosk.window.countdown.cancelled, timeout=1000):
        qtbot.keyClick(kiosk.window.windowHandle(), Qt.Key.Key_Shift)
    assert not kiosk.window.countdown.isVisible()
    assert kiosk.resets == []
    assert kiosk.idle.armed


def test_still_here_button_cancels(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(idle_timeout=0.3, countdown=5)
    kiosk.window.countdown.start()
    with qtbot.waitSignal(kiosk.window.countdown.cancelled, timeout=1000):
        touch(qtbot, kiosk.window.countdown.still_here)
    assert kiosk.resets == []


def test_start_over_resets_at_once(make_kiosk, qtbot, kiosk_home) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    assert kiosk.paths.scan_dir.is_dir()  # the scanner's folder exists from the start (#22)
    session_file = kiosk.paths.session_dir / "download.pdf"
    session_file.parent.mkdir(parents=True, exist_ok=True)
    session_file.write_bytes(b"%PDF-1.4 resident's letter")
    (kiosk.paths.scan_dir / "letter.png").write_bytes(b"scan")
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("BE71 0961 2345 6769")
    kiosk.window.apply_language("fr")
    qtbot.mouseClick(kiosk.window.header.start_over_button, Qt.MouseButton.LeftButton)
    assert len(kiosk.resets) == 1
    assert not session_file.exists()
    assert kiosk.paths.session_dir.is_dir()
    assert kiosk.paths.scan_dir.is_dir()  # emptied, and there again for the next resident
    assert list(kiosk.paths.scan_dir.iterdir()) == []
    assert QGuiApplication.clipboard().text() == ""
    assert i18n.current_language() == "nl"
    assert set(kiosk.resets[0].done) >= {"overlays", "session-folder", "clipboard", "screen"}


def test_store_opens_after_the_first_paint_and_queued_work_waits_for_it(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from kiosk.domain.records import GuideRun, RunEnd

    kiosk = make_kiosk()
    now = datetime.now(UTC)
    run = GuideRun("meter-reading", 1, "nl", now, now, ("start",), RunEnd.ABANDONED, "start")
    results: list[object] = []
    kiosk.store.call(lambda store: store.add(run), on_done=results.append)
    kiosk.store.call(lambda store: store.counts().pending, on_done=results.append)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10_000)
    assert results == [None, 1]
    assert kiosk.store.store is not None
