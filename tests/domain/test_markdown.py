"""The Markdown subset and placeholders of guide texts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.markdown import (
    BulletList,
    NumberedList,
    Paragraph,
    Span,
    find_links,
    parse,
    to_html,
    to_plain,
)
from kiosk.domain.placeholders import fill, placeholders


def test_blocks() -> None:
    text = "Hello **you**.\nSecond line\n\n- one\n- **two**\n\n3. three\n4. four\n"
    blocks = parse(text)
    assert blocks == (
        Paragraph(((Span("Hello "), Span("you", True), Span(".")), (Span("Second line"),))),
        BulletList(((Span("one"),), (Span("two", True),))),
        NumberedList(((Span("three"),), (Span("four"),)), start=3),
    )
    assert to_html(text) == (
        "<p>Hello <b>you</b>.<br>Second line</p><ul><li>one</li><li><b>two</b></li></ul>"
        '<ol start="3"><li>three</li><li>four</li></ol>'
    )
    assert to_plain(text) == "Hello you. Second line\n- one\n- two\n3. three\n4. four"


def test_html_is_escaped() -> None:
    assert to_html("<script>alert(1)</script> & **<b>**") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>&lt;b&gt;</b></p>"
    )


def test_links_are_found() -> None:
    assert find_links("see [the site](https://x.example) now") == ["[the site](https://x.example)"]
    assert find_links("<https://x.example>") == ["<https://x.example>"]
    assert find_links('<a href="x">') == ["<a "]
    assert find_links("go to www.fluvius.be and press [OK]") == []


@given(st.text(max_size=200))
def test_html_never_contains_unescaped_tags_from_the_text(text: str) -> None:
    html = to_html(text)
    stripped = html
    for tag in (
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<ul>",
        "</ul>",
        "<ol>",
        "</ol>",
        "<li>",
        "</li>",
        "<br>",
    ):
        stripped = stripped.replace(tag, "")
    stripped = __import__("re").sub(r'<ol start="\d+">', "", stripped)
    assert "<" not in stripped


def test_placeholders_and_fill() -> None:
    text = "EAN {ean}, reading {reading} on {day}; {unknown} {Not_a_field} {}"
    assert placeholders(text) == ["ean", "reading", "day", "unknown"]
    answers = {"ean": "541448820000000008", "reading": Decimal("1234.50"), "day": date(2025, 3, 1)}
    # #23: numbers are never grouped (a Dutch reader takes "1.234" for a decimal)
    assert fill(text, answers, "nl_BE") == (
        "EAN 541448820000000008, reading 1234,50 on 1 mrt 2025;  {Not_a_field} {}"
    )
    assert fill("{reading}", answers, "nl_NL") == "1234,50"
    assert fill("{reading} {day}", answers, "en_GB") == "1234.50 1 Mar 2025"
    # and what the resident typed is echoed exactly as typed
    assert fill("{reading}", answers, "nl_BE", {"reading": "1234.50"}) == "1234.50"
