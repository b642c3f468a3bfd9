"""The YAML tree of a guide.yaml -> a `Guide`, checking keys, types, patterns and paths.

This is rule 1 (every key known), rule 4 (every text in every language, via `Reader.texts`),
rule 5 (pictures exist inside the bundle, under 2 MB) and rule 6 (web urls) of docs/guide-format.md,
plus every per-key constraint. It always builds a guide, as complete as it can, so that the
graph rules (`kiosk.guides.rules`) can still run and report their own problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from kiosk.domain.guide import (
    CATEGORIES,
    FIELD_PATTERN,
    FORMATS,
    HANDOFF_REASONS,
    ID_PATTERN,
    IMAGE_SUFFIXES,
    INPUT_KINDS,
    LANGUAGE_PATTERN,
    MAX_IMAGE_BYTES,
    NUMERIC_KINDS,
    PAYLOAD_KINDS,
    STEP_CLASSES,
    Guide,
    InfoStep,
    Option,
    Step,
)
from kiosk.guides.reader import Reader
from kiosk.guides.tree import YMap, YNode, YScalar

GUIDE_KEYS = (
    "format",
    "id",
    "version",
    "category",
    "languages",
    "title",
    "summary",
    "duration_minutes",
    "icon",
    "scope_limit",
    "allowed_sites",
    "steps",
)
GUIDE_REQUIRED = ("format", "id", "version", "category", "languages", "title", "summary", "steps")
STEP_COMMON = ("id", "type", "text", "image", "next")
STEP_EXTRA: dict[str, tuple[str, ...]] = {
    "info": (),
    "choice": ("options",),
    "checklist": ("items",),
    "input": ("field", "kind", "unit", "min", "max", "decimals", "required", "hint"),
    "qr_scan": ("field", "expect"),
    "web": ("url",),
    "appointment": ("service",),
    "handoff": ("reason", "to"),
    "summary": ("show", "print", "qr"),
}
STEP_REQUIRED: dict[str, tuple[str, ...]] = {
    "choice": ("options",),
    "checklist": ("items",),
    "input": ("field", "kind"),
    "qr_scan": ("field",),
    "web": ("url",),
    "appointment": ("service",),
    "handoff": ("reason",),
    "summary": ("show",),
}
_HOST = (
    r"(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+"
)


@dataclass
class StepLines:
    """Where a step and its keys are in the file (for the graph rules)."""

    line: int
    keys: dict[str, int] = field(default_factory=dict)
    option_lines: list[int] = field(default_factory=list)

    def of(self, key: str) -> int:
        return self.keys.get(key, self.line)


@dataclass
class Built:
    guide: Guide
    step_lines: list[StepLines]
    guide_lines: dict[str, int]


def check_path(
    reader: Reader, node: YNode | None, bundle: Path | None, step: str | None, key: str
) -> str | None:
    """Rule 5: a picture path that stays inside the bundle, exists, and is under 2 MB."""
    value = reader.text(node, step, key)
    if value is None or node is None:
        return None
    pure = PurePosixPath(value)
    if (
        "\\" in value
        or pure.is_absolute()
        or ".." in pure.parts
        or (len(value) > 1 and value[1] == ":")
    ):
        reader.problem(
            node.line, f"{value!r} must be a path inside the bundle, like images/x.svg", step, key
        )
        return None
    if pure.suffix.lower() not in IMAGE_SUFFIXES:
        reader.problem(node.line, f"{value!r} must be a PNG, JPEG or SVG picture", step, key)
        return None
    if bundle is None:
        return value
    target = bundle / pure
    try:
        inside = target.resolve().is_relative_to(bundle.resolve())
        exists = inside and target.is_file()
        size = target.stat().st_size if exists else 0
    except OSError:
        inside, exists, size = True, False, 0
    if not inside:
        reader.problem(node.line, f"{value!r} points outside the bundle (a link?)", step, key)
    elif not exists:
        reader.problem(node.line, f"picture {value!r} does not exist in the bundle", step, key)
    elif size >= MAX_IMAGE_BYTES:
        reader.problem(
            node.line, f"picture {value!r} is {size} bytes; the limit is 2 MB", step, key
        )
    else:
        return value
    return None


def _host_list(reader: Reader, node: YNode | None) -> tuple[str, ...]:
    import re

    seq = reader.seq(node, None, "allowed_sites")
    hosts: list[str] = []
    for item in seq.items if seq else []:
        value = reader.text(item, None, "allowed_sites")
        if value is None:
            continue
        if "://" in value or "/" in value:
            reader.problem(
                item.line,
                f"{value!r}: write the host only, like www.example.be",
                None,
                "allowed_sites",
            )
        elif not re.fullmatch(_HOST, value):
            reader.problem(
                item.line,
                f"{value!r} is not a host name (lowercase, like www.example.be)",
                None,
                "allowed_sites",
            )
        else:
            hosts.append(value)
    return tuple(hosts)


def _web_url(reader: Reader, node: YNode | None, step: str, sites: tuple[str, ...]) -> str:
    """Rule 6: https, and the host is in allowed_sites."""
    value = reader.text(node, step, "url")
    if value is None or node is None:
        return ""
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        reader.problem(node.line, f"{value!r} is not a valid url", step, "url")
        return ""
    if parts.scheme != "https":
        reader.problem(node.line, f"{value!r} must start with https://", step, "url")
    elif parts.username is not None or parts.password is not None:
        reader.problem(node.line, f"{value!r} must not carry a user name or password", step, "url")
    elif host not in sites:
        reader.problem(node.line, f"host {host!r} is not listed in allowed_sites", step, "url")
    return value


def _options(reader: Reader, node: YNode | None, step: str, lines: StepLines) -> tuple[Option, ...]:
    seq = reader.seq(node, step, "options")
    if seq is None:
        return ()
    if not seq.items:
        reader.problem(seq.line, "a choice needs at least one option", step, "options")
    options: list[Option] = []
    for item in seq.items:
        option = reader.map(item, step, "options")
        if option is None:
            continue
        reader.keys(option, ("label", "goto"), ("label",), step, " in an option")
        label = reader.texts(option.get("label"), step, "options.label")
        goto_node = option.get("goto")
        goto = reader.text(goto_node, step, "goto")
        lines.option_lines.append(goto_node.line if goto_node else option.line)
        options.append(Option(label or {}, goto))
    return tuple(options)


def _step_extras(
    reader: Reader, node: YMap, kind: str, step: str, sites: tuple[str, ...], lines: StepLines
) -> dict[str, Any]:
    get = node.get
    if kind == "choice":
        return {"options": _options(reader, get("options"), step, lines)}
    if kind == "checklist":
        seq = reader.seq(get("items"), step, "items")
        if seq is not None and not seq.items:
            reader.problem(seq.line, "a checklist needs at least one item", step, "items")
        items = [reader.texts(item, step, "items") for item in (seq.items if seq else [])]
        return {"items": tuple(item for item in items if item is not None)}
    if kind == "input":
        return _input_extras(reader, node, step)
    if kind == "qr_scan":
        expect: list[str] = []
        seq = reader.seq(get("expect"), step, "expect")
        for item in seq.items if seq else []:
            value = reader.choice(item, step, "expect", PAYLOAD_KINDS, "payload kind")
            if value is not None and value in expect:
                reader.problem(item.line, f"payload kind {value!r} is listed twice", step, "expect")
            elif value is not None:
                expect.append(value)
        field_name = reader.pattern(get("field"), step, "field", FIELD_PATTERN, "field name")
        return {"field": field_name or "", "expect": tuple(expect)}
    if kind == "web":
        return {"url": _web_url(reader, get("url"), step, sites)}
    if kind == "appointment":
        return {
            "service": reader.pattern(get("service"), step, "service", ID_PATTERN, "service id")
            or ""
        }
    if kind == "handoff":
        reason = reader.choice(get("reason"), step, "reason", HANDOFF_REASONS, "handoff reason")
        to = reader.pattern(get("to"), step, "to", ID_PATTERN, "referral id")
        if reason == "referral" and get("to") is None:
            reader.problem(node.line, "a referral needs 'to' (the referral target id)", step, "to")
        if reason == "volunteer" and get("to") is not None:
            reader.problem(lines.of("to"), "'to' is only for reason: referral", step, "to")
        return {"reason": reason or "volunteer", "to": to}
    if kind == "summary":
        shown: list[str] = []
        seq = reader.seq(get("show"), step, "show")
        if seq is not None and not seq.items:
            reader.problem(seq.line, "list at least one field to show", step, "show")
        for item in seq.items if seq else []:
            value = reader.pattern(item, step, "show", FIELD_PATTERN, "field name")
            if value is not None:
                shown.append(value)
                lines.keys.setdefault(f"show:{value}", item.line)
        return {
            "show": tuple(shown),
            "print": bool(reader.boolean(get("print"), step, "print")),
            "qr": bool(reader.boolean(get("qr"), step, "qr")),
        }
    return {}


def _input_extras(reader: Reader, node: YMap, step: str) -> dict[str, Any]:
    get = node.get
    kind = reader.choice(get("kind"), step, "kind", INPUT_KINDS, "input kind")
    if kind is not None and kind not in NUMERIC_KINDS:
        for key in ("unit", "min", "max", "decimals"):
            if get(key) is not None:
                reader.problem(
                    get(key).line,  # type: ignore[union-attr]
                    f"'{key}' is only for kinds {' and '.join(NUMERIC_KINDS)}",
                    step,
                    key,
                )
    minimum = reader.number(get("min"), step, "min")
    maximum = reader.number(get("max"), step, "max")
    if minimum is not None and maximum is not None and minimum > maximum:
        reader.problem(get("max").line, f"max {maximum:g} is below min {minimum:g}", step, "max")  # type: ignore[union-attr]
    if kind == "meter_reading" and minimum is not None and minimum < 0:
        reader.problem(get("min").line, "a meter reading cannot be negative", step, "min")  # type: ignore[union-attr]
    hint_node = get("hint")
    return {
        "field": reader.pattern(get("field"), step, "field", FIELD_PATTERN, "field name") or "",
        "kind": kind or "text",
        "unit": reader.text(get("unit"), step, "unit"),
        "min": minimum,
        "max": maximum,
        "decimals": reader.integer(get("decimals"), step, "decimals", 0, 6),
        "required": reader.boolean(get("required"), step, "required") is not False,
        "hint": reader.texts(hint_node, step, "hint"),
    }


def build_step(
    reader: Reader, item: YNode, index: int, sites: tuple[str, ...], bundle: Path | None
) -> tuple[Step, StepLines] | None:
    node = reader.map(item, None, "steps")
    if node is None:
        return None
    lines = StepLines(node.line, {str(k.value): v.line for k, v in node.items})
    id_node = node.get("id")
    raw_id = id_node.value if isinstance(id_node, YScalar) else None
    label = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id) else f"#{index + 1}"
    reader.pattern(id_node, label, "id", ID_PATTERN, "step id (a-z, 0-9, '-', 3..64)")
    kind = reader.choice(node.get("type"), label, "type", STEP_CLASSES, "step type")
    allowed = STEP_COMMON + STEP_EXTRA.get(kind or "", ())
    if kind is None:
        allowed = STEP_COMMON + tuple(k for extra in STEP_EXTRA.values() for k in extra)
    where = f" for a {kind!r} step" if kind else ""
    reader.keys(
        node, allowed, ("id", "type", "text", *STEP_REQUIRED.get(kind or "", ())), label, where
    )
    common: dict[str, Any] = {
        "id": label,
        "text": reader.texts(node.get("text"), label, "text") or {},
        "image": check_path(reader, node.get("image"), bundle, label, "image"),
        "next": reader.text(node.get("next"), label, "next"),
    }
    if kind is None:
        return InfoStep(**common), lines
    extras = _step_extras(reader, node, kind, label, sites, lines)
    return STEP_CLASSES[kind](**common, **extras), lines


def build_guide(reader: Reader, root: YNode, bundle: Path | None) -> Built | None:
    """The guide in `root` (None when the document is not even a map)."""
    node = reader.map(root, None, None)
    if node is None:
        return None
    get = node.get
    guide_lines = {str(k.value): v.line for k, v in node.items}
    fmt = reader.integer(get("format"), None, "format", 0, 10**9) if get("format") else None
    if fmt is not None and fmt not in FORMATS:
        reader.problem(
            guide_lines["format"],
            f"this kiosk reads guide format {', '.join(map(str, FORMATS))}, not {fmt}; "
            "update the kiosk",
            None,
            "format",
        )
        return None
    reader.keys(node, GUIDE_KEYS, GUIDE_REQUIRED)
    languages: list[str] = []
    lang_seq = reader.seq(get("languages"), None, "languages")
    for item in lang_seq.items if lang_seq else []:
        lang = reader.pattern(item, None, "languages", LANGUAGE_PATTERN, "language code")
        if lang in languages:
            reader.problem(item.line, f"language {lang!r} is listed twice", None, "languages")
        elif lang is not None:
            languages.append(lang)
    if lang_seq is not None and not lang_seq.items:
        reader.problem(lang_seq.line, "list at least one language", None, "languages")
    reader.languages = tuple(languages)
    sites = _host_list(reader, get("allowed_sites")) if get("allowed_sites") else ()
    steps: list[Step] = []
    step_lines: list[StepLines] = []
    steps_seq = reader.seq(get("steps"), None, "steps")
    if steps_seq is not None and not steps_seq.items:
        reader.problem(steps_seq.line, "a guide needs at least one step", None, "steps")
    for index, item in enumerate(steps_seq.items if steps_seq else []):
        built = build_step(reader, item, index, sites, bundle)
        if built is not None:
            steps.append(built[0])
            step_lines.append(built[1])
    guide = Guide(
        format=fmt or 1,
        id=reader.pattern(get("id"), None, "id", ID_PATTERN, "guide id (a-z, 0-9, '-', 3..64)")
        or "",
        version=reader.integer(get("version"), None, "version", 1, 10**9) or 0,
        category=reader.choice(get("category"), None, "category", CATEGORIES, "category")
        or "other",
        languages=tuple(languages),
        title=reader.texts(get("title"), None, "title") or {},
        summary=reader.texts(get("summary"), None, "summary") or {},
        duration_minutes=reader.integer(get("duration_minutes"), None, "duration_minutes", 1, 600),
        icon=check_path(reader, get("icon"), bundle, None, "icon"),
        scope_limit=reader.texts(get("scope_limit"), None, "scope_limit"),
        allowed_sites=sites,
        steps=tuple(steps),
        source=bundle,
    )
    return Built(guide, step_lines, guide_lines)
