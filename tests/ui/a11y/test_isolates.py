"""Left-to-right values inside Arabic text keep their order (issue #30): a phone number, a
postcode and an IBAN, filled into a guide text or taken from the catalog, are laid out by Qt
in a right-to-left paragraph and read left to right on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from pytestqt.qtbot import QtBot

from kiosk import i18n
from kiosk.domain.placeholders import fill
from kiosk.i18n import LRI, PDI, ltr


def visual_x(text: str, index: int) -> float:
    """Where the character at `index` of `text` sits, laid out right to left."""
    layout = QTextLayout(text, QFont())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    return line.cursorToX(index)[0]


def reads_left_to_right(text: str, value: str) -> bool:
    """The parts of `value` (split at spaces) appear on screen from left to right."""
    parts = value.split(" ")
    positions = []
    offset = text.index(parts[0])
    for part in parts:
        index = text.index(part, offset)
        # the cursor between a part's first and second character: the edge before the first
        # one is shared with the text before it, and ambiguous at a change of direction
        positions.append(visual_x(text, index + 1))
        offset = index + len(part)
    return positions == sorted(positions)


def test_ltr_wraps_only_in_right_to_left_languages() -> None:
    assert ltr("0470 12 34 56", "ar") == f"{LRI}0470 12 34 56{PDI}"
    assert ltr("0470 12 34 56", "nl") == "0470 12 34 56"
    assert ltr("", "ar") == ""


def test_without_isolates_arabic_reverses_a_phone_number(qtbot: QtBot) -> None:
    text = "اتصل بالرقم 0470 12 34 56 من فضلك"
    assert not reads_left_to_right(text, "0470 12 34 56")


def test_guide_placeholders_keep_their_order_in_arabic(qtbot: QtBot) -> None:
    answers = {"phone": "0470 12 34 56", "postcode": "1234 AB", "iban": "BE71 0961 2345 6769"}
    text = fill("الهاتف: {phone}، الرمز البريدي: {postcode}، الحساب: {iban}.", answers, "ar_001")
    for value in answers.values():
        assert f"{LRI}{value}{PDI}" in text
        assert reads_left_to_right(text, value), value
    assert fill("{phone}", answers, "nl_BE") == "0470 12 34 56"


def test_catalog_examples_keep_their_order_in_arabic(qtbot: QtBot) -> None:
    arabic = i18n.translations_for("ar")
    phone = arabic.gettext("Type a phone number, for example 0470 12 34 56.")
    postcode = arabic.gettext("Type a postcode, for example 1000 or 1234 AB.")
    assert reads_left_to_right(phone, "0470 12 34 56")
    assert reads_left_to_right(postcode, "1234 AB")
