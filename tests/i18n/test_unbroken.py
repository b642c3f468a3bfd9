"""Values that must stay whole on screen (issue #30): a Belgian structured communication
never breaks over two lines, Wi-Fi names and passwords keep their order in Arabic, and booking
times are 24-hour "14:30" in every language, with a range that never splits."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from pytestqt.qtbot import QtBot

from kiosk import i18n
from kiosk.domain.qr_payload import interpret
from kiosk.i18n import LRI, PDI, clock_time, time_range, unbroken
from kiosk.qr.explain import on_screen, summary

OGM = "+++090/9337/55493+++"


def line_texts(text: str, width: float) -> list[str]:
    """`text` laid out right to left at `width` pixels, one string per line."""
    layout = QTextLayout(text, QFont())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def whole_on_one_line(text: str, value: str, width: float) -> bool:
    return any(value in line.replace(i18n.WJ, "") for line in line_texts(text, width))


def test_a_structured_communication_breaks_without_word_joiners(qtbot: QtBot) -> None:
    text = f"هذا طلب دفع إلى Stad Gent، مع المرجع {OGM}"
    widths = range(120, 420, 10)
    assert not all(whole_on_one_line(text, OGM, w) for w in widths)


def test_a_structured_communication_never_breaks(qtbot: QtBot) -> None:
    text = f"هذا طلب دفع إلى Stad Gent، مع المرجع {i18n.ltr(unbroken(OGM), 'ar')}"
    assert all(whole_on_one_line(text, OGM, w) for w in range(200, 600, 5))


def test_the_payment_sentence_keeps_the_reference_whole(qtbot: QtBot) -> None:
    payload = interpret(
        "BCD\n002\n1\nSCT\nGKCCBEBB\nStad Gent\nBE68539007547034\nEUR12.50\n\n"
        "+++090/9337/55493+++\n"
    )
    i18n.set_language("ar")
    try:
        text = on_screen(summary(payload, "ar"), payload)
    finally:
        i18n.set_language("nl")
    assert unbroken(OGM) in text
    assert unbroken("BE68 5390 0754 7034") in text
    assert all(whole_on_one_line(text, OGM, w) for w in range(200, 600, 5))
    assert all(
        whole_on_one_line(text, "BE68\u00a05390\u00a00754\u00a07034", w) for w in range(300, 600, 5)
    )


def test_wifi_name_and_password_are_isolated_in_arabic() -> None:
    payload = interpret("WIFI:T:WPA;S:Bib-Gast;P:Zomer-2024!;;")
    i18n.set_language("ar")
    try:
        text = summary(payload, "ar")
    finally:
        i18n.set_language("nl")
    assert f"{LRI}Bib-Gast{PDI}" in text
    assert f"{LRI}Zomer-2024!{PDI}" in text


def test_times_are_24_hour_in_every_language() -> None:
    start, end = datetime(2026, 12, 4, 14, 30), datetime(2026, 12, 4, 15, 0)
    for language in i18n.LANGUAGE_NAMES:
        locale = i18n.locale_name(language, "BE")
        assert clock_time(start, locale) == "14:30", language
        assert time_range(start, end, locale) == "14:30\u00a0\u2013\u00a015:00", language


def test_arabic_date_and_time_use_the_arabic_comma() -> None:
    assert i18n.translations_for("ar").gettext("{date}, {time}") == "{date}، {time}"
