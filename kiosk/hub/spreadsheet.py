"""Cells a spreadsheet opens safely, and the two CSV dialects of the hub's exports.

**Formula injection.** A spreadsheet that opens a CSV file runs a cell that begins with `=` as
a formula, and Excel and LibreOffice do the same for `+`, `-` and `@` (and for a tab or carriage
return in front of one of those). A location named `=HYPERLINK("http://evil.example","click")`
would become a link in the report of whoever opens it. So every *text* cell of every export
goes through `neutralise()`: a text that begins with one of

    =  +  -  @  TAB  CR  LF   or the full-width  ＝  ＋  －  ＠   (U+FF1D, U+FF0B, U+FF0D, U+FF20)

gets an apostrophe in front (`'=HYPERLINK(...)`), which spreadsheets show as text. The
full-width forms are included because spreadsheets with an East Asian input mode turn them
into their ASCII form when a cell is entered. Numbers (counts, revisions) are written as
numbers and never changed: only `str` values are neutralised, never `int`. The rule is in
docs/exports.md.

**Dialects.** `csv` is comma-separated UTF-8 with CRLF line ends (RFC 4180), for programs.
`csv-excel` is what Dutch and Belgian spreadsheets open with a double click: semicolons, UTF-8
with a byte-order mark (so accented names are not read as Windows-1252), CRLF. Both quote a cell
only when it needs it.

The writers take rows already fetched (any iterable) and yield the file in chunks, so a caller
may join them or stream them; they know nothing of the database.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
#: What goes in front of such a cell.
TEXT_MARK = "'"
BOM = "\ufeff"

Cell = str | int | None


def neutralise(text: str) -> str:
    """`text` as a cell no spreadsheet runs as a formula (see the module docstring)."""
    return TEXT_MARK + text if text[:1] in FORMULA_STARTS else text


def cell(value: object) -> Cell:
    """A value as a CSV cell: numbers stay numbers, None is empty, everything else is text
    (booleans as `true`/`false`, lists joined with `|`), neutralised."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        return neutralise("|".join(str(item) for item in value))
    return neutralise(str(value))


def neutralise_json(value: object) -> object:
    """A JSON value with every string in it (object keys too) neutralised; numbers, booleans
    and null unchanged."""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dict):
        return {neutralise(str(key)): neutralise_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [neutralise_json(item) for item in value]
    return value


def neutralise_object(value: dict[str, object]) -> dict[str, object]:
    """A JSON object with every string in it neutralised (`neutralise_json`)."""
    return {neutralise(key): neutralise_json(item) for key, item in value.items()}


@dataclass(frozen=True)
class Dialect:
    """How a CSV export is written."""

    name: str
    delimiter: str
    bom: bool


CSV = Dialect("csv", ",", bom=False)
CSV_EXCEL = Dialect("csv-excel", ";", bom=True)
DIALECTS = {dialect.name: dialect for dialect in (CSV, CSV_EXCEL)}


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[object]], dialect: Dialect, batch: int = 500
) -> Iterator[str]:
    """The CSV file of `header` and `rows`, in chunks of about `batch` rows; every cell goes
    through `cell()`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=dialect.delimiter, lineterminator="\r\n")
    if dialect.bom:
        out.write(BOM)
    writer.writerow([cell(name) for name in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([cell(value) for value in row])
        if count % batch == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], dialect: Dialect) -> str:
    return "".join(csv_chunks(header, rows, dialect))
