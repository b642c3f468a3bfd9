"""French typography (issue #30): a narrow no-break space (U+202F) before ? ! ; and a no-break
space (U+00A0) before :, in the catalog and in every shipped guide, so that a sign never
wraps onto a line of its own at large text sizes. A colon inside a word or a number
("https:", "10:30") is not punctuation and is left alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
#: A sign that ends a phrase (followed by a space, the end, a quote, a bracket or bold).
SIGN = re.compile(r"(.)([?!;:])(?=\s|$|[)»”\"'*])")
WANTED = {"?": "\u202f", "!": "\u202f", ";": "\u202f", ":": "\u00a0"}


#: Guillemets take a no-break space inside: « {name} » (issue #30).
GUILLEMET = re.compile(r"«(?!\u00a0)|(?<!\u00a0)»")


def spacing_problems(text: str) -> list[str]:
    return [
        text[max(0, match.start() - 25) : match.end()]
        for match in SIGN.finditer(text)
        if match.group(1) != WANTED[match.group(2)]
    ] + [text[max(0, m.start() - 25) : m.end() + 10] for m in GUILLEMET.finditer(text)]


def french_texts(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "fr" and isinstance(value, str):
                yield value
            else:
                yield from french_texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from french_texts(item)


def test_the_rule() -> None:
    assert spacing_problems("Prêt ?") == ["Prêt ?"]
    assert spacing_problems("Prêt?") == ["Prêt?"]
    assert spacing_problems("Prêt\u202f? Oui\u00a0: https://x.be 10:30") == []
    assert len(spacing_problems("la colonne « nom » manque")) == 2
    assert spacing_problems("la colonne «\u00a0nom\u00a0» manque") == []


def test_french_catalog_has_no_break_spaces() -> None:
    path = ROOT / "translations" / "fr" / "LC_MESSAGES" / "kiosk.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    problems = []
    for message in catalog:
        if message.id:
            strings = [message.string] if isinstance(message.string, str) else message.string
            for string in strings:
                problems += spacing_problems(string)
    assert problems == []


def test_french_guide_texts_have_no_break_spaces() -> None:
    problems = []
    for path in sorted((ROOT / "resources" / "guides").glob("*/guide.yaml")):
        for text in french_texts(YAML(typ="safe").load(path.read_text(encoding="utf-8"))):
            problems += [f"{path.parent.name}: {found}" for found in spacing_problems(text)]
    assert problems == []
