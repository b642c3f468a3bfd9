"""Qt's own texts and formats follow the kiosk's language.

Our texts go through gettext (`kiosk.i18n`); Qt's stock texts (the Cancel and Yes of a
QDialogButtonBox, a QMessageBox, a file dialog, the context menu of a line edit) come from
Qt's catalog `qtbase_<lang>.qm`, which ships in PySide6's wheel under
`QLibraryInfo.path(TranslationsPath)`. `QtTranslations.apply(language)` swaps that catalog
in one QTranslator, so Qt sends every widget a LanguageChange event and stock buttons redraw
themselves. It also sets the default QLocale (for QSpinBox, QDateEdit, QCalendarWidget...) from
`kiosk.i18n.locale_name()`, the one place of the digit rule: Latin digits in every language,
so Qt shows "15/3/2024" in Arabic, never "١٥/٣/٢٠٢٤". And it sets the application's layout
direction, so a stock dialog mirrors like the main window does for Arabic.

Wiring (in kiosk.app.build_kiosk, before `window.apply_language(default_language)`):

    qt_texts = QtTranslations(app, settings.location.country, parent=window)
    window.language_changed.connect(qt_texts.apply)
    qt_texts.apply(default_language)
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtGui import QGuiApplication

from kiosk import i18n

log = logging.getLogger(__name__)

#: Qt's catalogs for stock widgets (qtbase holds the standard buttons and dialogs).
CATALOG = "qtbase"


def translations_dir() -> Path:
    """Where Qt's own .qm catalogs are (inside PySide6's wheel)."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def qt_locale(language: str, country: str = "BE") -> QLocale:
    """The QLocale for `language` at a location in `country` (Latin digits everywhere)."""
    return QLocale(i18n.locale_name(language, country))


class QtTranslations(QObject):
    """One QTranslator with Qt's catalog for the current language, swapped on change."""

    def __init__(
        self,
        app: QCoreApplication,
        country: str = "BE",
        folder: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._country = country
        self._folder = folder if folder is not None else translations_dir()
        self._translator: QTranslator | None = None
        self._first_locale = QLocale()
        self.language: str | None = None

    @property
    def catalog_file(self) -> Path | None:
        """The .qm file in use, None when Qt's English source texts are shown."""
        if self._translator is None:
            return None
        return Path(self._translator.filePath())

    def apply(self, language: str) -> bool:
        """Use Qt's catalog, locale and direction for `language`; False when Qt has no
        catalog for it (Qt's English texts are shown then)."""
        self.language = language
        QLocale.setDefault(qt_locale(language, self._country))
        if isinstance(self._app, QGuiApplication):
            QGuiApplication.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft
                if i18n.is_rtl(language)
                else Qt.LayoutDirection.LeftToRight
            )
        translator = QTranslator(self)
        found = translator.load(f"{CATALOG}_{language}", str(self._folder))
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator.deleteLater()
            self._translator = None
        if not found:
            translator.deleteLater()
            if language != "en":
                log.info(
                    "Qt has no %s catalog for %r; stock buttons stay English", CATALOG, language
                )
            return False
        self._app.installTranslator(translator)
        self._translator = translator
        return True

    def remove(self) -> None:
        """Back to Qt's English texts, the first locale and left-to-right (for shutdown and
        tests: all three are application-wide)."""
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator.deleteLater()
            self._translator = None
        QLocale.setDefault(self._first_locale)
        if isinstance(self._app, QGuiApplication):
            QGuiApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.language = None
