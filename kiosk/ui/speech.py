"""Reading a step aloud with QtTextToSpeech, in the guide's language, when the computer can.

`Speaker(engine)` uses the named engine, else the first real one (`speechd` on Linux, `sapi`/
`winrt` on Windows; `mock` is for tests only). `can_speak(language)` is True only when the engine
works and has a voice for that language, so the guide screen can hide "Read aloud" otherwise.
QtTextToSpeech is imported when the first guide opens, never at start-up.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QObject, Signal

log = logging.getLogger(__name__)

TEST_ENGINES = frozenset({"mock"})


class Speaker(QObject):
    """One text-to-speech engine, or none (then it can speak no language)."""

    speaking_changed = Signal(bool)

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._tts: QTextToSpeech | None = None
        engines = QTextToSpeech.availableEngines()
        if engine is None:
            engine = next((name for name in engines if name not in TEST_ENGINES), None)
        if engine is None or engine not in engines:
            return
        tts = QTextToSpeech(engine, self)
        if tts.state() == QTextToSpeech.State.Error:
            log.info("text-to-speech engine %s does not work: %s", engine, tts.errorString())
            tts.deleteLater()
            return
        tts.stateChanged.connect(
            lambda state: self.speaking_changed.emit(state == QTextToSpeech.State.Speaking)
        )
        self._tts = tts

    def _locale_for(self, language: str) -> QLocale | None:
        if self._tts is None:
            return None
        wanted = QLocale(language).language()
        return next((loc for loc in self._tts.availableLocales() if loc.language() == wanted), None)

    def can_speak(self, language: str) -> bool:
        return self._locale_for(language) is not None

    @property
    def speaking(self) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return self._tts is not None and self._tts.state() == QTextToSpeech.State.Speaking

    def say(self, text: str, language: str) -> bool:
        """Start reading `text` in `language`; False when there is no voice for it."""
        locale = self._locale_for(language)
        if self._tts is None or locale is None:
            return False
        if self._tts.locale() != locale:
            self._tts.setLocale(locale)
        self._tts.say(text)
        return True

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()
