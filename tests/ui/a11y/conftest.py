"""Fixtures for the accessibility tests: the kiosk built like tests/ui/conftest.py does, and
process-wide Qt state (default locale, layout direction, language) put back after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from kiosk import i18n


@pytest.fixture(autouse=True)
def restore_qt_state(qapp: QApplication) -> Iterator[None]:
    locale = QLocale()
    direction = qapp.layoutDirection()
    language = i18n.current_language()
    yield
    QLocale.setDefault(locale)
    qapp.setLayoutDirection(direction)
    i18n.set_language(language)


SEVEN = ("nl", "fr", "en", "ar", "tr", "pl", "uk")


@pytest.fixture
def a11y_kiosk(shown_kiosk):  # type: ignore[no-untyped-def]
    """make(text_scale=100, high_contrast=False, size=(1366, 768)): a kiosk offering all seven
    languages, with the tiles of the shipped guides (all seven languages), shown and exposed."""
    from kiosk.app import Kiosk
    from kiosk.config import DisplaySettings, SessionSettings, Settings
    from kiosk.ui.tiles import load_tiles

    def make(
        text_scale: int = 100, high_contrast: bool = False, size: tuple[int, int] = (1366, 768)
    ) -> Kiosk:
        settings = Settings(
            session=SessionSettings(idle_timeout=600, languages=SEVEN),
            display=DisplaySettings(text_scale=text_scale, high_contrast=high_contrast),
        )
        return shown_kiosk(settings, load_tiles, size)

    return make
