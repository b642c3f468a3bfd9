"""The name rule (kiosk/domain/names.py): what every stored name may hold."""

from __future__ import annotations

import pytest

from kiosk.domain.names import NameRefused, check_name, clean_text, name_ok


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bibliotheek Centrum", "Bibliotheek Centrum"),
        ("  Digipunt   Gent\tZuid ", "Digipunt Gent Zuid"),
        ("Café Ü", "Café Ü"),  # NFC: e + combining acute becomes é
        ("مكتبة المدينة", "مكتبة المدينة"),
        ("Бібліотека", "Бібліотека"),
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian needs the zero-width non-joiner
        ("👩\u200d💻 desk", "👩\u200d💻 desk"),
        ("O'Brien-Smit", "O'Brien-Smit"),
    ],
)
def test_accepted_names_are_normalised(raw: str, expected: str) -> None:
    assert check_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("kiosk\u202eexe.txt", "bidi"),
        ("a\u2066b", "bidi"),
        ("a\u200fb", "bidi"),
        ("a\u061cb", "bidi"),
        ("loc\x00ation", "control"),
        ("loc\x80ation", "control"),
        ("loc\x85ation", "control"),  # NEL: white space to str.split(), still a control
        ("a\x1cb", "control"),  # file separator: the same
        ("a\x1fb", "control"),
        ("loc\x9bation", "control"),
        ("loc\x7fation", "control"),
        ("a\x1bb", "control"),
        ("a\ufeffb", "invisible"),
        ("a\u2060b", "invisible"),
        ("a\ud800b", "invisible"),
        ("a\ue000b", "invisible"),
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("---", "empty"),
        ("x" * 121, "too_long"),
    ],
)
def test_refused_names_say_why(raw: str, reason: str) -> None:
    with pytest.raises(NameRefused) as caught:
        check_name(raw, "kiosk")
    assert caught.value.reason == reason
    assert "kiosk" in caught.value.message


def test_newlines_become_spaces_not_part_of_the_name() -> None:
    assert check_name("Digipunt\nGent\r\nZuid") == "Digipunt Gent Zuid"
    # The Unicode line and paragraph separators are line breaks too.
    assert check_name("a\u2028c\u2029d") == "a c d"


def test_cap_counts_characters_after_normalising() -> None:
    assert check_name("é" * 60, limit=60) == "é" * 60
    assert check_name("e\u0301" * 60, limit=60) == "é" * 60
    with pytest.raises(NameRefused) as caught:
        check_name("é" * 61, "volunteer", limit=60)
    assert "60" in caught.value.message


def test_name_ok_is_the_boolean_form() -> None:
    assert name_ok("Gent")
    assert not name_ok("Gent\u202e")


def test_clean_text_drops_what_names_may_not_hold_and_shortens() -> None:
    assert clean_text("hub\x00 down\u202e\n[Errno 111]", 200) == "hub down [Errno 111]"
    shortened = clean_text("x" * 50, 10)
    assert shortened == "x" * 9 + "…"
    assert len(shortened) == 10


def test_messages_use_the_right_article() -> None:
    """Found by a stranger: "a organisation name"."""
    with pytest.raises(NameRefused) as caught:
        check_name("x" * 200, "organisation")
    assert caught.value.message.startswith("an organisation name")
    with pytest.raises(NameRefused) as caught:
        check_name("", "kiosk")
    assert caught.value.message.startswith("a kiosk")
