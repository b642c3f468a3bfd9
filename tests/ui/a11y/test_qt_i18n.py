"""Qt's own texts (qtbase) follow the kiosk's language, and Qt formats with Latin digits."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from kiosk.i18n import LANGUAGE_NAMES
from kiosk.ui.shell.qt_i18n import QtTranslations, qt_locale, translations_dir

STOCK = QDialogButtonBox.StandardButton


@pytest.fixture
def qt_texts(qapp: QApplication) -> Iterator[QtTranslations]:
    texts = QtTranslations(qapp)
    yield texts
    texts.remove()


def _button_texts(box: QDialogButtonBox) -> list[str]:
    return sorted(button.text().replace("&", "") for button in box.buttons())


@pytest.mark.parametrize("language", sorted(LANGUAGE_NAMES))
def test_qt_ships_a_qtbase_catalog_for_every_kiosk_language(language: str) -> None:
    assert (translations_dir() / f"qtbase_{language}.qm").is_file()


def test_stock_buttons_follow_the_language_live(qtbot, qt_texts: QtTranslations) -> None:  # type: ignore[no-untyped-def]
    box = QDialogButtonBox(STOCK.Cancel | STOCK.Yes)
    qtbot.addWidget(box)
    assert _button_texts(box) == ["Cancel", "Yes"]

    assert qt_texts.apply("nl")
    assert qt_texts.catalog_file is not None
    assert qt_texts.catalog_file.name == "qtbase_nl.qm"
    qtbot.waitUntil(lambda: _button_texts(box) == ["Annuleren", "Ja"])

    assert qt_texts.apply("fr")  # swapped, not stacked
    qtbot.waitUntil(lambda: _button_texts(box) == ["Annuler", "Oui"])
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"

    assert qt_texts.apply("uk")
    qtbot.waitUntil(lambda: _button_texts(box) == ["Скасувати", "Так"])

    qt_texts.remove()
    qtbot.waitUntil(lambda: _button_texts(box) == ["Cancel", "Yes"])


def test_a_message_box_made_after_the_switch_is_translated(qtbot, qt_texts: QtTranslations) -> None:  # type: ignore[no-untyped-def]
    qt_texts.apply("tr")
    box = QMessageBox(QMessageBox.Icon.Question, "", "?", QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "İptal"


def test_arabic_mirrors_stock_dialogs(qapp: QApplication, qt_texts: QtTranslations) -> None:
    qt_texts.apply("ar")
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "ألغِ"
    qt_texts.apply("nl")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_a_language_without_a_qt_catalog_falls_back_to_english(
    qt_texts: QtTranslations, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    empty = QtTranslations(QCoreApplication.instance(), folder=tmp_path)  # type: ignore[arg-type]
    assert not empty.apply("nl")
    assert empty.catalog_file is None
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def _non_ascii_digits(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) == "Nd" and not "0" <= c <= "9"}


def test_qlocale_of_arabic_cairo_would_use_arabic_indic_digits() -> None:
    """Why the rule exists: QLocale's usual Arabic writes ١٢٣٤, unlike babel."""
    assert _non_ascii_digits(QLocale("ar_EG").toString(1234))


@pytest.mark.parametrize("language", sorted(LANGUAGE_NAMES))
def test_qt_formats_with_latin_digits_in_every_language(
    language: str, qt_texts: QtTranslations
) -> None:
    locale = qt_locale(language)
    day = QDate(2024, 3, 15)
    samples = [
        locale.toString(1234567.5, "f", 2),
        locale.toString(541448820000000008),
        locale.toString(day, QLocale.FormatType.ShortFormat),
        locale.toString(day, QLocale.FormatType.LongFormat),
        locale.toCurrencyString(1234.5, "€"),
    ]
    for sample in samples:
        assert _non_ascii_digits(sample) == set(), f"{language}: {sample!r}"
    qt_texts.apply(language)
    assert QLocale().name() == locale.name()
    assert _non_ascii_digits(QLocale().toString(date(2024, 3, 15).year)) == set()
