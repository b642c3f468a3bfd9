"""Switching language in the header redraws the current screen live."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk import i18n


def test_language_switch_redraws_the_home_screen(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    home = kiosk.home
    assert i18n.current_language() == "nl"
    assert home._title.text() == "Wat wilt u doen?"
    assert home.tile_button("meter-reading").title_label.text() == "Meterstand doorgeven"
    assert kiosk.window.header.start_over_button.text() == "Opnieuw beginnen"

    qtbot.mouseClick(kiosk.window.header.language_button, Qt.MouseButton.LeftButton)
    assert kiosk.window.language_overlay.isVisible()
    with qtbot.waitSignal(kiosk.window.language_changed, timeout=1000) as changed:
        qtbot.mouseClick(kiosk.window.language_overlay.buttons["fr"], Qt.MouseButton.LeftButton)
    assert changed.args == ["fr"]
    assert not kiosk.window.language_overlay.isVisible()
    assert home._title.text() == "Que voulez-vous faire\u202f?"  # narrow no-break space (#30)
    assert home.tile_button("meter-reading").title_label.text() == "Relevé"
    # A guide without French falls back to its first language.
    assert home.tile_button("read-qr-code").title_label.text() == "QR-code lezen"
    assert kiosk.window.header.language_button.text() == "Français"

    kiosk.window.apply_language("en")
    assert home._title.text() == "What do you want to do?"
    assert kiosk.window.header.start_over_button.text() == "Start over"


def test_languages_are_offered_in_their_own_names(make_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(languages=("nl", "fr", "en", "ar", "uk"))
    names = {code: b.text() for code, b in kiosk.window.language_overlay.buttons.items()}
    assert names == {
        "nl": "Nederlands",
        "fr": "Français",
        "en": "English",
        "ar": "العربية",
        "uk": "Українська",
    }


def test_arabic_mirrors_the_window(make_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(languages=("nl", "ar"))
    kiosk.window.apply_language("ar")
    assert kiosk.window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    kiosk.window.apply_language("nl")
    assert kiosk.window.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_the_language_picker_opens_on_the_current_language(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    kiosk = make_kiosk()
    kiosk.window.activateWindow()
    for language in ("nl", "fr"):
        kiosk.window.apply_language(language)
        kiosk.window.show_languages()
        overlay = kiosk.window.language_overlay
        qtbot.waitUntil(overlay.isVisible)
        wanted = overlay.buttons[language]
        qtbot.waitUntil(lambda wanted=wanted: QApplication.focusWidget() is wanted)
        overlay.close_overlay()
