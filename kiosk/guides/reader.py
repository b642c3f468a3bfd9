"""Typed reading of the YAML tree, collecting every problem instead of stopping at the first.

`Reader` holds the file name and the problems found so far; its `take_*` helpers read one key
of a map as the type the format wants and, when it is wrong, note a problem with the line of
the value and return None, so that checking goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kiosk.domain.guide import LANGUAGE_PATTERN, VARIANT_PATTERN, Texts
from kiosk.guides.errors import Problem
from kiosk.guides.tree import YMap, YNode, YScalar, YSeq


def _describe(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a map"
    if isinstance(node, YSeq):
        return "a list"
    if node.value is None:
        return "nothing"
    if isinstance(node.value, bool):
        return "true/false"
    if isinstance(node.value, int | float):
        return f"the number {node.value}"
    return f"the text {node.value!r}"


@dataclass
class Reader:
    """Problems of one guide file, and typed access to its nodes."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    languages: tuple[str, ...] = ()
    #: Line and key of every translatable text, for the checks that run on the built guide.
    text_lines: dict[int, tuple[int, str]] = field(default_factory=dict)

    def problem(
        self, line: int, message: str, step: str | None = None, key: str | None = None
    ) -> None:
        self.problems.append(Problem(self.file, line, message, step, key))

    def keys(
        self,
        node: YMap,
        allowed: Iterable[str],
        required: Iterable[str],
        step: str | None = None,
        where: str = "",
    ) -> None:
        """Unknown keys and missing required keys of `node`."""
        allowed_set = set(allowed)
        for key, _value in node.items:
            if not isinstance(key.value, str) or key.value not in allowed_set:
                hint = f"; allowed{where}: {', '.join(sorted(allowed_set))}"
                self.problem(key.line, f"unknown key {key.value!r}{hint}", step, str(key.value))
        for name in required:
            if node.get(name) is None:
                self.problem(node.line, f"missing required key '{name}'{where}", step, name)

    def map(self, node: YNode, step: str | None, key: str | None) -> YMap | None:
        if isinstance(node, YMap):
            return node
        self.problem(node.line, f"expected a map, found {_describe(node)}", step, key)
        return None

    def seq(self, node: YNode | None, step: str | None, key: str) -> YSeq | None:
        """`node` as a list (None, and a problem, if it is something else; None if absent)."""
        if node is None or isinstance(node, YSeq):
            return node
        self.problem(node.line, f"expected a list, found {_describe(node)}", step, key)
        return None

    def text(self, node: YNode | None, step: str | None, key: str) -> str | None:
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, str) and node.value.strip():
            return node.value
        self.problem(node.line, f"expected a text, found {_describe(node)}", step, key)
        return None

    def integer(
        self, node: YNode | None, step: str | None, key: str, minimum: int, maximum: int
    ) -> int | None:
        if node is None:
            return None
        value = node.value if isinstance(node, YScalar) else None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(node.line, f"expected a whole number, found {_describe(node)}", step, key)
            return None
        if not minimum <= value <= maximum:
            self.problem(
                node.line, f"must be between {minimum} and {maximum}, not {value}", step, key
            )
            return None
        return value

    def number(self, node: YNode | None, step: str | None, key: str) -> float | None:
        if node is None:
            return None
        value = node.value if isinstance(node, YScalar) else None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            self.problem(node.line, f"expected a number, found {_describe(node)}", step, key)
            return None
        if value in (float("inf"), float("-inf")):
            self.problem(node.line, "expected a finite number", step, key)
            return None
        return float(value)

    def boolean(self, node: YNode | None, step: str | None, key: str) -> bool | None:
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        self.problem(node.line, f"expected true or false, found {_describe(node)}", step, key)
        return None

    def pattern(
        self, node: YNode | None, step: str | None, key: str, regex: re.Pattern[str], what: str
    ) -> str | None:
        value = self.text(node, step, key)
        if value is None or node is None:
            return None
        if not regex.fullmatch(value):
            self.problem(node.line, f"{value!r} is not a valid {what}", step, key)
            return None
        return value

    def choice(
        self, node: YNode | None, step: str | None, key: str, options: Iterable[str], what: str
    ) -> str | None:
        value = self.text(node, step, key)
        if value is None or node is None:
            return None
        known = tuple(options)
        if value not in known:
            self.problem(
                node.line, f"unknown {what} {value!r}; use one of: {', '.join(known)}", step, key
            )
            return None
        return value

    def texts(self, node: YNode | None, step: str | None, key: str) -> Texts | None:
        """A translatable text: a map with a non-empty text for every guide language (rule 4)."""
        if node is None:
            return None
        if not isinstance(node, YMap):
            self.problem(
                node.line,
                f"expected a text per language (a map like {{nl: ..., fr: ...}}), "
                f"found {_describe(node)}",
                step,
                key,
            )
            return None
        result: dict[str, str] = {}
        for lang_node, value_node in node.items:
            lang = lang_node.value
            variant = VARIANT_PATTERN.fullmatch(lang) if isinstance(lang, str) else None
            if not isinstance(lang, str) or not (LANGUAGE_PATTERN.fullmatch(lang) or variant):
                self.problem(lang_node.line, f"{lang!r} is not a language code", step, key)
                continue
            base = variant.group(1) if variant else lang
            if self.languages and base not in self.languages:
                self.problem(
                    lang_node.line,
                    f"language '{lang}' is not in the guide's languages "
                    f"({', '.join(self.languages)})",
                    step,
                    key,
                )
                continue
            text = self.text(value_node, step, f"{key}.{lang}")
            if text is not None:
                result[lang] = text
        missing = [lang for lang in self.languages if lang not in result and node.get(lang) is None]
        if missing:
            self.problem(node.line, f"missing the text in {', '.join(missing)}", step, key)
        texts: Mapping[str, str] = result
        self.text_lines[id(texts)] = (node.line, key)
        return texts
