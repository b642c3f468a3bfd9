"""What a guide's qr_scan step keeps and refuses (kiosk.qr.answer), with real decoded codes."""

from __future__ import annotations

from kiosk.domain.qr_payload import interpret
from kiosk.i18n import set_language
from kiosk.qr.answer import accepted, answer_text, plain_line, refusal
from kiosk.qr.decode import DecodedCode, read_qimage
from tests.ui.screens.qr.frames import FLUVIUS_TEXT, code_image

WIFI = "WIFI:T:WPA;S:Bibliotheek Gast;P:lezen2025;;"


def code(text: str) -> DecodedCode:
    return DecodedCode("QRCode", text, interpret(text), text.encode())


def test_only_the_expected_kinds_are_kept() -> None:
    codes = [code(WIFI), code("https://www.kbc.be/")]
    assert [c.payload.kind for c in accepted(codes, ("url",))] == ["url"]
    assert accepted(codes, ("epc_payment",)) == []
    assert accepted(codes, ()) == codes  # no `expect`: every code


def test_the_refusal_names_what_the_code_holds_and_what_is_wanted() -> None:
    set_language("en")
    assert refusal([code(WIFI)], ("epc_payment",)) == (
        "This code holds a Wi-Fi network, not a payment. "
        "Read the right code on your letter, or ask a volunteer."
    )
    assert refusal([code("hello")], ("epc_payment", "url")).startswith(
        "This code holds a text, not a payment or a website."
    )


def test_the_answer_is_the_plain_sentence_on_one_line_without_markup() -> None:
    set_language("en")
    image_codes = read_qimage(code_image(FLUVIUS_TEXT))
    text = answer_text(image_codes, "en")
    assert text.startswith("This is a payment request: pay €45.20 to Fluvius System Operator")
    both = answer_text([code("**bold**  and\nmore"), code("__x__")], "en")
    assert "\n" not in both
    assert "**" not in both
    assert "__" not in both
    assert plain_line("a **b**") == "a *\u200b*b*\u200b*"
