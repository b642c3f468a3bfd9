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

Speech never runs on the GUI thread (issue #22): a real engine lives in a child process
(`SpeechProcess`, `kiosk.ui.shell.speech_worker`), which the Speaker talks to through
pipes without ever waiting for it. libspeechd can block for ever (no audio device, a
speech-dispatcher that does not answer); then only the child hangs. A child that is not ready
within `START_TIMEOUT_MS`, does not start speaking within `SAY_TIMEOUT_MS`, keeps "speaking"
far longer than the text could take (no audio device), or has no voice at all makes read-aloud
unavailable: `can_speak()` is False (screens hide the button), `availability_changed` fires and
the log says why; the child is killed, never waited for. `stop()`, a reset and quitting return
at once. Qt's `mock` engine (tests only) never blocks and stays in the process unless
`isolated=True`.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from kiosk.i18n import locale_name

if TYPE_CHECKING:
    import subprocess

    from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

log = logging.getLogger(__name__)

TEST_ENGINES = frozenset({"mock"})
#: How long the speech child may take to make its engine and list its voices.
START_TIMEOUT_MS = 8000
#: How long it may take from "say" to speaking.
SAY_TIMEOUT_MS = 4000
#: The longest a text may be read: this much per word, plus SAY_TIMEOUT_MS (else: no audio).
MS_PER_WORD = 1500
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
    #: Read-aloud became possible (the speech child is ready) or impossible (it failed).
    availability_changed = Signal()

    def __init__(
        self,
        engine: str | None = None,
        parent: QObject | None = None,
        *,
        country: str = "BE",
        auto_read: bool = False,
        engine_parameters: dict[str, object] | None = None,
        isolated: bool = False,
    ) -> None:
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech

        self.country = country
        self.auto_read = auto_read
        self.language: str | None = None
        self._tts: QTextToSpeech | None = None
        self._process: SpeechProcess | None = None
        engines = QTextToSpeech.availableEngines()
        if engine is None:
            engine = pick_engine(engines)
        if engine is None or engine not in engines:
            log.info("no text-to-speech engine (available: %s); read-aloud is off", engines)
            return
        if engine not in TEST_ENGINES or isolated:
            self._process = SpeechProcess.shared(engine, engine_parameters or {})
            self._process.speaking_changed.connect(self.speaking_changed)
            self._process.availability_changed.connect(self.availability_changed)
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
        if self._process is not None:
            return self._process.engine if self._process.usable else None
        return self._tts.engine() if self._tts is not None else None

    def _on_state_changed(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        self.speaking_changed.emit(state == QTextToSpeech.State.Speaking)

    def _locale_for(self, language: str) -> QLocale | None:
        if self._process is not None:
            return pick_locale(self._process.locales(), language, self.country)
        if self._tts is None:
            return None
        return pick_locale(list(self._tts.availableLocales()), language, self.country)

    def can_speak(self, language: str) -> bool:
        return self._locale_for(language) is not None

    @property
    def speaking(self) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if self._process is not None:
            return self._process.speaking
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
        if self._process is not None:
            locale = self._locale_for(language) if text.strip() else None
            if locale is None:
                return False
            self.language = language
            return self._process.say(text, locale.name())
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
        """Stop reading; returns at once, whatever the engine does."""
        if self._process is not None:
            self._process.stop()
        if self._tts is not None:
            self._tts.stop()


#: The speech children of this application, by engine and parameters (see `shared`).
_SHARED: dict[tuple[str, str], tuple[object, SpeechProcess]] = {}


class SpeechProcess(QObject):
    """A real engine in the speech child process; every call returns at once.

    Not usable until the child says it is ready; never usable again after it failed (then it
    is killed). The child's answers are read by a daemon thread that is never joined (it ends
    when the child does) and reach the GUI thread through a queued signal; commands are written
    to a non-blocking pipe, so a child that stopped reading cannot hold the GUI up either. See
    the module docstring for the time limits.
    """

    speaking_changed = Signal(bool)
    availability_changed = Signal()
    _line_received = Signal(bytes)

    @classmethod
    def shared(cls, engine: str, parameters: dict[str, object]) -> SpeechProcess:
        """The application's one child for `engine` (made on first use, kept while the
        application lives): every screen's speaker shares it, and one that failed stays off
        rather than starting a hanging engine again for every guide."""
        from PySide6.QtCore import QCoreApplication

        key = (engine, json.dumps(parameters, sort_keys=True))
        app = QCoreApplication.instance()
        known = _SHARED.get(key)
        if known is not None and known[0] is app and shiboken6.isValid(known[1]):
            return known[1]
        process = cls(engine, parameters, app)
        _SHARED[key] = (app, process)
        return process

    def __init__(self, engine: str, parameters: dict[str, object], parent: QObject | None) -> None:
        super().__init__(parent)
        import subprocess
        import threading

        self.engine = engine
        self.usable = False
        self.failed = False
        self.speaking = False
        self._locales: list[QLocale] = []
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_timeout)
        self._waiting_for = "start"
        self._line_received.connect(self._on_line)
        self._watchdog.start(START_TIMEOUT_MS)
        arguments = ["-m", "kiosk.ui.shell.speech_worker", engine, json.dumps(parameters)]
        try:
            self._child: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, *arguments],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            log.info("the speech child could not be started", exc_info=True)
            self._child = None
            QTimer.singleShot(0, lambda: self._fail("could not be started"))
            return
        assert self._child.stdin is not None
        os.set_blocking(self._child.stdin.fileno(), False)
        threading.Thread(
            target=self._read, args=(self._child,), name="speech-reader", daemon=True
        ).start()
        self.destroyed.connect(self._child.kill)

    def _read(self, child: subprocess.Popen[bytes]) -> None:
        """The reader thread: forwards the child's lines until it ends; never joined."""
        import contextlib

        assert child.stdout is not None
        gone = False
        with child.stdout:
            for line in child.stdout:
                try:
                    self._line_received.emit(line)
                except RuntimeError:  # the speaker is gone (its screen closed)
                    gone = True
                    child.kill()
                    break
        child.wait()  # reap it; this thread is the only one that waits, and nobody waits for it
        if child.stdin is not None:
            with contextlib.suppress(OSError):
                child.stdin.close()
        if not gone:
            with contextlib.suppress(RuntimeError):
                self._line_received.emit(b'{"ended": true}')

    def locales(self) -> list[QLocale]:
        return list(self._locales) if self.usable else []

    def say(self, text: str, locale: str) -> bool:
        if not self.usable:
            return False
        self._send({"say": text, "locale": locale})
        self._waiting_for = "speaking"
        self._watchdog.start(SAY_TIMEOUT_MS + MS_PER_WORD * len(text.split()))
        return True

    def stop(self) -> None:
        if self.usable:
            self._send({"stop": True})
        self._set_speaking(False)

    def kill(self) -> None:
        """End the child now (SIGKILL); nothing waits for it to go."""
        self._watchdog.stop()
        if self._child is not None and self._child.poll() is None:
            self._child.kill()

    def _send(self, message: dict[str, object]) -> None:
        if self._child is None or self._child.stdin is None:
            return
        try:
            self._child.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
            self._child.stdin.flush()
        except (BlockingIOError, BrokenPipeError, ValueError) as exc:
            self._fail(f"does not read its commands ({type(exc).__name__})")

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self.speaking:
            self.speaking = speaking
            self.speaking_changed.emit(speaking)

    def _fail(self, reason: str) -> None:
        if self.failed:
            return
        log.warning("read-aloud is off: the speech engine %s %s", self.engine, reason)
        self.failed = True
        self.usable = False
        self.kill()
        self._set_speaking(False)
        self.availability_changed.emit()

    def _on_timeout(self) -> None:
        if self._waiting_for == "start":
            self._fail(f"did not start within {START_TIMEOUT_MS / 1000:.0f} s (no answer)")
        elif self._waiting_for == "speaking":
            self._fail("did not start speaking (no answer)")
        else:
            self._fail("kept speaking far longer than the text takes (no audio device?)")

    def _on_line(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            return
        if isinstance(message, dict):
            self._on_message(message)

    def _on_message(self, message: dict[str, object]) -> None:
        if "error" in message:
            self._fail(f"does not work: {message['error']}")
        elif message.get("ended"):
            self._fail("stopped")
        elif isinstance(ready := message.get("ready"), list):
            self._watchdog.stop()
            self._waiting_for = ""
            self._locales = [QLocale(str(name)) for name in ready]
            if not self._locales:
                self._fail("has no voice")
                return
            log.info("speech engine %s ready: %d locales", self.engine, len(self._locales))
            self.usable = True
            self.availability_changed.emit()
        elif message.get("state") == "speaking":
            self._waiting_for = "end"  # the watchdog keeps the "say" limit
            self._set_speaking(True)
        elif message.get("state") in {"ready", "error"}:
            self._watchdog.stop()
            self._waiting_for = ""
            self._set_speaking(False)
