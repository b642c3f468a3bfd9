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
