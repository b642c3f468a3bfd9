"""Reading aloud with QtTextToSpeech, in the resident's language, when the computer can.

`Speaker(engine)` uses the named engine, else the platform's real one (`PREFERRED_ENGINES`:
speech-dispatcher `speechd` on Linux, `winrt` then `sapi` on Windows, `darwin` on macOS; any
other real engine after those). `mock` is Qt's test engine and is only used when asked for.

`can_speak(language)` is True only when the engine works and has a voice for that language, so
screens hide their "Read aloud" button otherwise. `say(text, language)` picks the engine locale
that matches the language (the location's variant first: nl_BE before nl_NL in Belgium, from
`kiosk.i18n.locale_name`) and a voice of that locale, then reads; `stop()` stops. With
`auto_read=True` (a setting), `step_opened(text, language)` reads a step as soon as it opens.

QtTextToSpeech is imported when the first Speaker is made (a guide opens), never at start-up.
Which engines work where is in docs/accessibility.md.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, Signal

from kiosk.i18n import locale_name

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

log = logging.getLogger(__name__)

TEST_ENGINES = frozenset({"mock"})
#: The engines to try first on each platform (sys.platform prefix -> engine names).
PREFERRED_ENGINES: dict[str, tuple[str, ...]] = {
    "linux": ("speechd", "flite"),
    "win32": ("winrt", "sapi"),
    "darwin": ("darwin", "macos"),
}


def pick_engine(available: list[str], platform: str | None = None) -> str | None:
    """The engine to use among `available` on `platform`; None when there is no real one."""
    platform = platform or sys.platform
    preferred = next(
        (names for prefix, names in PREFERRED_ENGINES.items() if platform.startswith(prefix)), ()
    )
    for name in preferred:
        if name in available:
            return name
    return next((name for name in available if name not in TEST_ENGINES), None)


def pick_locale(available: list[QLocale], language: str, country: str = "BE") -> QLocale | None:
    """The engine locale for `language`: the kiosk's exact locale (e.g. nl_BE), else the
    language's main one (nl_NL for nl), else any locale of that language; None if none."""
    wanted = QLocale(locale_name(language, country))
    same_language = [loc for loc in available if loc.language() == wanted.language()]
    if not same_language:
        return None
    main = QLocale(language)
    for territory in (wanted.territory(), main.territory()):
        for loc in same_language:
            if loc.territory() == territory:
                return loc
    return same_language[0]


class Speaker(QObject):
    """One text-to-speech engine, or none (then it can speak no language)."""

    speaking_changed = Signal(bool)

    def __init__(
        self,
        engine: str | None = None,
        parent: QObject | None = None,
        *,
        country: str = "BE",
        auto_read: bool = False,
        engine_parameters: dict[str, object] | None = None,
    ) -> None:
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech

        self.country = country
        self.auto_read = auto_read
        self.language: str | None = None
        self._tts: QTextToSpeech | None = None
        engines = QTextToSpeech.availableEngines()
        if engine is None:
            engine = pick_engine(engines)
        if engine is None or engine not in engines:
            log.info("no text-to-speech engine (available: %s); read-aloud is off", engines)
            return
        tts = QTextToSpeech(engine, engine_parameters or {}, self)
        if tts.state() == QTextToSpeech.State.Error:
            log.info("text-to-speech engine %s does not work: %s", engine, tts.errorString())
            tts.deleteLater()
            return
        tts.stateChanged.connect(self._on_state_changed)  # a method: no call once deleted
        self._tts = tts

    @property
    def engine(self) -> str | None:
        """The engine's name ("speechd", "sapi", "mock"...), None when there is none."""
        return self._tts.engine() if self._tts is not None else None

    def _on_state_changed(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        self.speaking_changed.emit(state == QTextToSpeech.State.Speaking)

    def _locale_for(self, language: str) -> QLocale | None:
        if self._tts is None:
            return None
        return pick_locale(list(self._tts.availableLocales()), language, self.country)

    def can_speak(self, language: str) -> bool:
        return self._locale_for(language) is not None

    @property
    def speaking(self) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return self._tts is not None and self._tts.state() == QTextToSpeech.State.Speaking

    def voice(self) -> QVoice | None:
        """The voice in use (after `say`), None when there is no engine."""
        return self._tts.voice() if self._tts is not None else None

    def _use(self, language: str) -> bool:
        """Switch the engine to `language`'s locale and one of its voices."""
        locale = self._locale_for(language)
        if self._tts is None or locale is None:
            return False
        if self._tts.locale() != locale:
            self._tts.setLocale(locale)
        if self._tts.voice().locale().language() != locale.language():
            voices = [v for v in self._tts.availableVoices() if v.locale() == locale] or [
                v for v in self._tts.availableVoices() if v.locale().language() == locale.language()
            ]
            if not voices:
                return False
            self._tts.setVoice(voices[0])
        self.language = language
        return True

    def say(self, text: str, language: str) -> bool:
        """Start reading `text` in `language`; False when there is no voice for it."""
        if not text.strip() or not self._use(language):
            return False
        assert self._tts is not None
        self._tts.say(text)
        return True

    def step_opened(self, text: str, language: str) -> bool:
        """A step (or result, or dialog) just opened: read it when auto-read is on."""
        if not self.auto_read:
            return False
        self.stop()
        return self.say(text, language)

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()
