"""Read-aloud (kiosk.ui.shell.speech) with Qt's mock text-to-speech engine: it speaks the given text
in a voice of the right locale, and says when it cannot speak a language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt

from kiosk.ui.shell.speech import Speaker, pick_engine, pick_locale

FAST = {"delayScale": 0.01}

#: QtMultimedia (under QtTextToSpeech) probes for PipeWire on first use; not ours.
pytestmark = pytest.mark.qt_log_ignore(r"^Couldn't (load|resolve) pipewire-0\.3 (library|symbols)$")


def _mock(qapp, **kwargs: object) -> Speaker:  # type: ignore[no-untyped-def]
    speaker = Speaker("mock", qapp, engine_parameters=FAST, **kwargs)  # type: ignore[arg-type]
    assert speaker.engine == "mock"
    return speaker


def _spoken(qtbot, speaker: Speaker, text: str, language: str) -> list[str]:  # type: ignore[no-untyped-def]
    words: list[str] = []
    speaker._tts.sayingWord.connect(lambda word, *_rest: words.append(word))  # type: ignore[union-attr]
    with qtbot.waitSignal(speaker.speaking_changed, check_params_cb=lambda on: not on):
        assert speaker.say(text, language)
    return words


def test_the_platform_engine_is_preferred_and_mock_is_never_picked() -> None:
    assert pick_engine(["mock", "flite", "speechd"], "linux") == "speechd"
    assert pick_engine(["mock", "sapi", "winrt"], "win32") == "winrt"
    assert pick_engine(["mock", "sapi"], "win32") == "sapi"
    assert pick_engine(["mock", "other"], "linux") == "other"
    assert pick_engine(["mock"], "linux") is None
    assert pick_engine([], "win32") is None


def test_the_location_variant_of_a_language_is_preferred() -> None:
    available = [QLocale("nl_NL"), QLocale("nl_BE"), QLocale("fr_FR"), QLocale("en_US")]
    assert pick_locale(available, "nl", "BE").name() == "nl_BE"  # type: ignore[union-attr]
    assert pick_locale(available, "nl", "NL").name() == "nl_NL"  # type: ignore[union-attr]
    assert pick_locale(available, "fr", "BE").name() == "fr_FR"  # type: ignore[union-attr]
    assert pick_locale(available, "en").name() == "en_US"  # type: ignore[union-attr]
    assert pick_locale([*available, QLocale("en_GB")], "en").name() == "en_GB"  # type: ignore[union-attr]
    assert pick_locale(available, "ar") is None
    assert pick_locale([QLocale("ar_EG")], "ar").name() == "ar_EG"  # type: ignore[union-attr]


def test_mock_speaks_the_text_in_the_right_locale_and_voice(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    speaker = _mock(qapp)
    assert speaker.can_speak("en")
    words = _spoken(qtbot, speaker, "Type your EAN code. It has 18 digits.", "en")
    assert words == ["Type", "your", "EAN", "code", "It", "has", "18", "digits"]
    assert speaker._tts.locale().name() == "en_GB"  # type: ignore[union-attr]
    assert speaker.voice().locale().name() == "en_GB"  # type: ignore[union-attr]
    assert speaker.language == "en"
    assert not speaker.speaking


def test_switching_language_switches_locale_and_voice(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    # The mock engine has English, Norwegian and Finnish voices; Finnish stands in for any
    # second language here.
    speaker = _mock(qapp)
    _spoken(qtbot, speaker, "Hello", "en")
    words = _spoken(qtbot, speaker, "Hei maailma", "fi")
    assert words == ["Hei", "maailma"]
    assert speaker._tts.locale().name() == "fi_FI"  # type: ignore[union-attr]
    assert speaker.voice().name() in {"Kari", "Anneli"}  # type: ignore[union-attr]


def test_languages_without_a_voice_cannot_be_spoken(qapp) -> None:  # type: ignore[no-untyped-def]
    speaker = _mock(qapp)
    for language in ("nl", "fr", "ar", "tr", "pl", "uk"):
        assert not speaker.can_speak(language)
        assert not speaker.say("tekst", language)
    assert not speaker.speaking


def test_no_engine_means_no_read_aloud(qapp) -> None:  # type: ignore[no-untyped-def]
    speaker = Speaker("no-such-engine", qapp)
    assert speaker.engine is None
    assert not speaker.can_speak("en")
    assert not speaker.say("Hello", "en")
    assert speaker.voice() is None
    speaker.stop()  # harmless


def test_stop_ends_reading(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    speaker = Speaker("mock", qapp)  # normal speed: still speaking when stopped
    with qtbot.waitSignal(speaker.speaking_changed, check_params_cb=lambda on: on):
        speaker.say("one two three four five six seven eight nine ten", "en")
    assert speaker.speaking
    with qtbot.waitSignal(speaker.speaking_changed, check_params_cb=lambda on: not on):
        speaker.stop()
    assert not speaker.speaking


def test_auto_read_reads_a_step_when_it_opens_only_when_set(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    quiet = _mock(qapp)
    assert not quiet.step_opened("Do you have everything?", "en")
    assert not quiet.speaking
    reader = _mock(qapp, auto_read=True)
    with qtbot.waitSignal(reader.speaking_changed, check_params_cb=lambda on: not on):
        assert reader.step_opened("Do you have everything?", "en")
    assert not reader.step_opened("Heeft u alles?", "nl")  # no Dutch voice: silent


def test_a_dialog_is_read_aloud_in_the_kiosks_language(qtbot, a11y_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = a11y_kiosk()
    window = kiosk.window
    window.speech_engine = "mock"
    window.speech_parameters = FAST
    window.apply_language("en")
    window.show_help()
    overlay = window.help_overlay
    qtbot.waitUntil(overlay.isVisible)
    assert overlay.read_button.isVisible()
    assert overlay.read_button.text() == "Read aloud"
    speaker = window.speaker()
    words: list[str] = []
    speaker._tts.sayingWord.connect(lambda word, *_rest: words.append(word))
    with qtbot.waitSignal(speaker.speaking_changed, check_params_cb=lambda on: on):
        qtbot.mouseClick(overlay.read_button, Qt.MouseButton.LeftButton)
    assert overlay.read_button.text() == "Stop reading"
    qtbot.waitUntil(lambda: not speaker.speaking, timeout=10_000)
    assert speaker.language == "en"
    assert speaker._tts.locale().name().startswith("en_")
    # Every word of the dialog's title and text, in order.
    expected = [w.strip(".,:;!?\u201c\u201d") for w in overlay.spoken_text().split()]
    assert words == [w for w in expected if w]
    assert overlay.read_button.text() == "Read aloud"
    # Closing the dialog while it reads stops the reading.
    with qtbot.waitSignal(speaker.speaking_changed, check_params_cb=lambda on: on):
        qtbot.mouseClick(overlay.read_button, Qt.MouseButton.LeftButton)
    overlay.close_overlay()
    qtbot.waitUntil(lambda: not speaker.speaking)


def test_no_voice_no_read_aloud_button_in_dialogs(qtbot, a11y_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = a11y_kiosk()
    window = kiosk.window
    window.speech_engine = "mock"  # English, Norwegian and Finnish voices only
    window.apply_language("ar")
    window.show_help()
    qtbot.waitUntil(window.help_overlay.isVisible)
    assert not window.speaker().can_speak("ar")
    assert not window.help_overlay.read_button.isVisible()
    window.help_overlay.close_overlay()
    window.apply_language("en")
    window.countdown.start()
    qtbot.waitUntil(window.countdown.isVisible)
    assert window.countdown.read_button.isVisible()
    window.countdown.stop()
