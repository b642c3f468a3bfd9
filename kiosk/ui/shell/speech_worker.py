"""The speech child process: QtTextToSpeech in a process of its own, talked to in JSON lines.

`python -m kiosk.ui.shell.speech_worker ENGINE` makes the engine, then writes one line
`{"ready": ["nl_BE", "en_GB", ...]}` (the locales it has a voice for, `[]` when it has none) or
`{"error": "..."}` and exits. It then reads commands on stdin, one JSON object a line:
`{"say": TEXT, "locale": "nl_BE"}` and `{"stop": true}`, and writes `{"state": "speaking"}` /
`{"state": "ready"}` / `{"state": "error"}` as the engine changes state. It quits when stdin
closes (the kiosk went away) or on `{"quit": true}`.

Why a process: libspeechd's calls (`spd_open`, listing voices, saying) can block for ever when
speech-dispatcher has no audio device or does not answer. Here they block only this process,
which the kiosk kills (`kiosk.ui.shell.speech.SpeechProcess`); the kiosk's window never waits.
It imports only QtCore and QtTextToSpeech; no window, no kiosk module but this one.
"""

from __future__ import annotations

import json
import sys
import threading


def _write(message: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal
    from PySide6.QtTextToSpeech import QTextToSpeech

    app = QCoreApplication(argv[:1])
    engine = argv[1] if len(argv) > 1 else ""
    parameters = json.loads(argv[2]) if len(argv) > 2 else {}
    if engine not in QTextToSpeech.availableEngines():
        _write({"error": f"no engine {engine!r}"})
        return 0
    tts = QTextToSpeech(engine, parameters, None)
    if tts.state() == QTextToSpeech.State.Error:
        _write({"error": tts.errorString() or "the engine does not work"})
        return 0
    voiced = sorted({v.locale().name() for v in tts.availableVoices()})
    locales = [loc.name() for loc in tts.availableLocales()]
    _write({"ready": sorted(set(locales) | set(voiced))})

    states = {
        QTextToSpeech.State.Speaking: "speaking",
        QTextToSpeech.State.Ready: "ready",
        QTextToSpeech.State.Error: "error",
    }
    tts.stateChanged.connect(
        lambda state: _write({"state": states[state]}) if state in states else None
    )

    class Commands(QObject):
        """Lives on the main thread: lines emitted from the reader thread arrive queued."""

        received = Signal(str)

        def on_line(self, line: str) -> None:
            try:
                command = json.loads(line)
            except ValueError:
                return
            if not isinstance(command, dict) or command.get("quit"):
                app.quit()
                return
            if command.get("stop"):
                tts.stop()
                return
            text, locale = command.get("say"), command.get("locale")
            if isinstance(text, str) and isinstance(locale, str):
                wanted = QLocale(locale)
                if tts.locale() != wanted:
                    tts.setLocale(wanted)
                voices = [v for v in tts.availableVoices() if v.locale() == wanted]
                if voices and tts.voice().locale() != wanted:
                    tts.setVoice(voices[0])
                tts.say(text)

    commands = Commands()
    commands.received.connect(commands.on_line)

    def read_stdin() -> None:
        for line in sys.stdin:
            commands.received.emit(line)
        commands.received.emit('{"quit": true}')

    threading.Thread(target=read_stdin, daemon=True).start()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
