"""The small Markdown subset of guide texts: paragraphs, **bold**, bullet and numbered lists.

`parse()` turns a text into blocks (`Paragraph`, `BulletList`, `NumberedList`) of inline
`Span`s, which a UI can render any way it likes; `to_html()` gives a tiny, escaped HTML
(`<p>`, `<b>`, `<ul>`, `<ol>`, `<li>` and nothing else) that Qt's rich text shows as it is.
Anything else is plain text. Links are not allowed in guides: `find_links()` finds them for
the checker (`[label](target)`, `<scheme:...>` autolinks and raw `<a ...>` tags).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_LINKS = (
    re.compile(r"\[[^\]\n]*\]\([^)\n]*\)"),
    re.compile(r"<[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>"),
    re.compile(r"<a[\s>]", re.IGNORECASE),
)


@dataclass(frozen=True)
class Span:
    """A run of text, bold or not."""

    text: str
    bold: bool = False


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[Line, ...]


@dataclass(frozen=True)
class NumberedList:
    items: tuple[Line, ...]
    start: int = 1


Block = Paragraph | BulletList | NumberedList


def find_links(text: str) -> list[str]:
    """Every link-like piece of `text` (links are not part of the guide subset)."""
    return [match.group(0) for pattern in _LINKS for match in pattern.finditer(text)]


def inline(text: str) -> Line:
    """Split one line into plain and **bold** spans."""
    spans: list[Span] = []
    position = 0
    for match in _BOLD.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()]))
        spans.append(Span(match.group(1) or match.group(2) or "", bold=True))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return tuple(spans)


def parse(text: str) -> tuple[Block, ...]:
    """The blocks of `text`: blank lines separate paragraphs; list items start with `-`/`1.`."""
    blocks: list[Block] = []
    paragraph: list[Line] = []
    items: list[Line] = []
    kind: str | None = None
    start = 1

    def flush() -> None:
        nonlocal kind, start
        if paragraph:
            blocks.append(Paragraph(tuple(paragraph)))
            paragraph.clear()
        if items:
            blocks.append(
                BulletList(tuple(items)) if kind == "bullet" else NumberedList(tuple(items), start)
            )
            items.clear()
        kind = None

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        bullet = _BULLET.match(raw)
        numbered = _NUMBERED.match(raw)
        if not line:
            flush()
        elif bullet:
            if kind != "bullet":
                flush()
                kind = "bullet"
            items.append(inline(bullet.group(1).strip()))
        elif numbered:
            if kind != "numbered":
                flush()
                kind = "numbered"
                start = int(numbered.group(1))
            items.append(inline(numbered.group(2).strip()))
        elif kind is not None and raw[:1].isspace() and items:
            items[-1] = (*items[-1], Span(" "), *inline(line))
        else:
            if kind is not None:
                flush()
            paragraph.append(inline(line))
    flush()
    return tuple(blocks)


def _line_html(line: Line) -> str:
    return "".join(
        f"<b>{html.escape(span.text)}</b>" if span.bold else html.escape(span.text) for span in line
    )


def to_html(text: str) -> str:
    """`text` as minimal escaped HTML; every character of the text is escaped."""
    parts: list[str] = []
    for block in parse(text):
        if isinstance(block, Paragraph):
            parts.append("<p>" + "<br>".join(_line_html(line) for line in block.lines) + "</p>")
        else:
            tag = "ul" if isinstance(block, BulletList) else "ol"
            attributes = ""
            if isinstance(block, NumberedList) and block.start != 1:
                attributes = f' start="{block.start}"'
            lis = "".join(f"<li>{_line_html(item)}</li>" for item in block.items)
            parts.append(f"<{tag}{attributes}>{lis}</{tag}>")
    return "".join(parts)


def to_plain(text: str) -> str:
    """`text` without markup (for reading aloud, printing and QR codes)."""
    lines: list[str] = []
    for block in parse(text):
        if isinstance(block, Paragraph):
            lines.append(" ".join("".join(s.text for s in line) for line in block.lines))
        elif isinstance(block, BulletList):
            lines.extend("- " + "".join(s.text for s in item) for item in block.items)
        else:
            lines.extend(
                f"{block.start + n}. " + "".join(s.text for s in item)
                for n, item in enumerate(block.items)
            )
    return "\n".join(lines)
