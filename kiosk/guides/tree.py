"""guide.yaml text -> a small tree of maps, lists and scalars that knows the line of every node.

ruamel.yaml composes the YAML (1.2, core schema) into nodes with their positions; this module
turns them into `YMap`, `YSeq` and `YScalar` with 1-based line numbers. It refuses what a guide
never needs and what could hurt a kiosk: anchors and aliases (no billion laughs), custom tags,
duplicate keys, non-scalar keys, and nesting deeper than `MAX_DEPTH`. Every failure becomes a
`SyntaxProblem`; `parse()` never raises anything else. A duplicate key does not stop the
reading when the caller passes a `duplicates` list: the first value is kept, the problem goes
into the list, and every other problem of the file is still found.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

MAX_DEPTH = 40
MAX_NODES = 50_000
_CORE = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9_]+")


@dataclass
class YScalar:
    value: str | int | float | bool | None
    line: int


@dataclass
class YSeq:
    items: list[YNode]
    line: int


@dataclass
class YMap:
    items: list[tuple[YScalar, YNode]]
    line: int
    _index: dict[object, YNode] = field(default_factory=dict, repr=False)

    def get(self, key: str) -> YNode | None:
        return self._index.get(key)


YNode = YScalar | YSeq | YMap


@dataclass(frozen=True)
class SyntaxProblem:
    line: int
    message: str


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _scalar_value(tag: str, text: str, line: int) -> str | int | float | bool | None:
    if tag == _CORE + "str" or not tag.startswith(_CORE):
        if not tag.startswith(_CORE) and tag != "!":
            raise _Refused(line, f"custom YAML tag {tag!r} is not allowed")
        return text
    kind = tag[len(_CORE) :]
    try:
        if kind == "int":
            cleaned = text.replace("_", "")
            return int(cleaned, 10) if _INT.fullmatch(text) else int(cleaned, 0)
        if kind == "float":
            lowered = text.lower().lstrip("+")
            if lowered in (".inf", "-.inf"):
                return -math.inf if lowered.startswith("-") else math.inf
            if lowered == ".nan":
                return math.nan
            return float(text.replace("_", ""))
    except ValueError:
        return text
    if kind == "bool":
        return text.lower() in ("true", "yes", "on", "y")
    if kind == "null":
        return None
    return text


class _Builder:
    def __init__(self, duplicates: list[SyntaxProblem] | None = None) -> None:
        self.seen: set[int] = set()
        self.count = 0
        self.duplicates = duplicates

    def build(self, node: ScalarNode | SequenceNode | MappingNode, depth: int) -> YNode:
        line = int(node.start_mark.line) + 1
        if id(node) in self.seen or getattr(node, "anchor", None):
            raise _Refused(line, "YAML anchors and aliases (& and *) are not allowed in a guide")
        self.seen.add(id(node))
        self.count += 1
        if depth > MAX_DEPTH or self.count > MAX_NODES:
            raise _Refused(line, "the YAML is nested too deeply or is too big for a guide")
        tag = str(node.tag)
        if node.id == "scalar":
            return YScalar(_scalar_value(tag, str(node.value), line), line)
        if not tag.startswith(_CORE):
            raise _Refused(line, f"custom YAML tag {tag!r} is not allowed")
        if node.id == "sequence":
            return YSeq([self.build(item, depth + 1) for item in node.value], line)
        result = YMap([], line)
        for key_node, value_node in node.value:
            key = self.build(key_node, depth + 1)
            if not isinstance(key, YScalar):
                raise _Refused(key.line, "a key must be a plain word, not a list or a map")
            value = self.build(value_node, depth + 1)
            if key.value in result._index:
                if self.duplicates is None:
                    raise _Refused(key.line, f"duplicate key {key.value!r}")
                first = next(k.line for k, _v in result.items if k.value == key.value)
                self.duplicates.append(
                    SyntaxProblem(
                        key.line,
                        f"duplicate key {key.value!r}: it is already on line {first}; "
                        "remove one of the two (the first is used until then)",
                    )
                )
                continue
            result._index[key.value] = value
            result.items.append((key, value))
        return result


def parse(text: str, duplicates: list[SyntaxProblem] | None = None) -> YNode | SyntaxProblem | None:
    """The tree of `text`, None for an empty document, or the first syntax problem.

    With `duplicates`, a duplicate key is noted there instead of ending the parse."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        node = YAML(typ="safe", pure=True).compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return SyntaxProblem(line, f"YAML syntax error: {message or 'cannot parse'}")
    except (YAMLError, ValueError, TypeError, RecursionError, AttributeError) as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
        line = int(getattr(mark, "line", 0)) + 1
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return SyntaxProblem(line, f"YAML syntax error: {message}")
    if node is None:
        return None
    try:
        return _Builder(duplicates).build(node, 0)
    except _Refused as exc:
        return SyntaxProblem(exc.line, exc.message)
    except RecursionError:
        return SyntaxProblem(1, "the YAML is nested too deeply for a guide")
