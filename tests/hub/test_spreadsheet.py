"""Cells a spreadsheet opens safely (kiosk.hub.spreadsheet): the formula-injection rule and the
two CSV dialects."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from kiosk.hub.spreadsheet import (
    CSV,
    CSV_EXCEL,
    FORMULA_STARTS,
    cell,
    csv_chunks,
    csv_text,
    neutralise,
    neutralise_json,
)

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # full-width =
    "\uff0bcmd",
    "\uff0d1",
    "\uff20SUM(A1)",
]


def test_hostile_texts_get_an_apostrophe() -> None:
    for text in HOSTILE:
        assert neutralise(text) == "'" + text


def test_harmless_texts_and_numbers_are_unchanged() -> None:
    for text in ("Bibliotheek Gent", "'quoted", " =spaced", "a=b", "2025-03-01", ""):
        assert neutralise(text) == text
    assert cell(-5) == -5
    assert cell(0) == 0
    assert cell(None) is None
    assert cell(True) == "true"
    assert cell(["=a", "b"]) == "'=a|b"


@given(st.text())
def test_no_neutralised_text_starts_a_formula(text: str) -> None:
    safe = neutralise(text)
    assert safe[:1] not in FORMULA_STARTS
    assert safe.removeprefix("'") == text or safe == text


def test_json_strings_and_keys_are_neutralised_numbers_kept() -> None:
    value = {"=k": ["=v", 3, None, True, {"n": -4, "t": "+x"}]}
    assert neutralise_json(value) == {"'=k": ["'=v", 3, None, True, {"n": -4, "t": "'+x"}]}


def test_csv_dialect_is_comma_without_bom() -> None:
    text = csv_text(["a", "b"], [["x;y", 1], ["=bad", None]], CSV)
    assert text == "a,b\r\nx;y,1\r\n'=bad,\r\n"


def test_csv_excel_dialect_is_semicolon_utf8_bom_crlf() -> None:
    text = csv_text(["naam", "aantal"], [["Bibliothèque; Liège", 3], ["=bad", 7]], CSV_EXCEL)
    assert text.startswith("\ufeffnaam;aantal\r\n")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [["naam", "aantal"], ["Bibliothèque; Liège", "3"], ["'=bad", "7"]]


def test_chunks_join_to_the_whole_file() -> None:
    rows = [[f"r{i}", i] for i in range(1234)]
    chunks = list(csv_chunks(["name", "n"], rows, CSV_EXCEL, batch=100))
    assert len(chunks) == 13
    assert "".join(chunks) == csv_text(["name", "n"], rows, CSV_EXCEL)
