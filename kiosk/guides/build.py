"""The YAML tree of a guide.yaml -> a `Guide`, checking keys, types, patterns and paths.

This is rule 1 (every key known), rule 4 (every text in every language, via `Reader.texts`),
rule 5 (pictures exist inside the bundle, under 2 MB) and rule 6 (web urls) of docs/guide-format.md,
plus every per-key constraint. It always builds a guide, as complete as it can, so that the
graph rules (`kiosk.guides.rules`) can still run and report their own problems.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TypedDict
from urllib.parse import SplitResult, urlsplit

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
    REFERRAL_ID_PATTERN,
    STEP_CLASSES,
    AppointmentStep,
    ChecklistStep,
    ChoiceStep,
    Guide,
    HandoffStep,
    InfoStep,
    InputStep,
    Option,
    QrScanStep,
    Step,
    SummaryStep,
    Texts,
    WebStep,
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
STEP_COMMON = ("id", "type", "text", "image", "alt", "next")
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
#: An `allowed_sites` entry: a host name, optionally ":port" (a format extension).
_SITE = _HOST + r"(?::[0-9]{1,5})?"


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
        elif not re.fullmatch(_SITE, value) or not _port_ok(value):
            reader.problem(
                item.line,
                f"{value!r} is not a host name (lowercase, like www.example.be), "
                "optionally with a port (www.example.be:8443)",
                None,
                "allowed_sites",
            )
        else:
            hosts.append(value)
    return tuple(hosts)


def _port_ok(site: str) -> bool:
    _host, sep, port = site.partition(":")
    return not sep or 1 <= int(port) <= 65535


def _site_of(parts: SplitResult) -> str:
    """The `allowed_sites` entry an https url needs: its host, plus ":port" unless 443."""
    host = parts.hostname or ""
    port = parts.port
    return host if port in (None, 443) else f"{host}:{port}"


def _web_url(reader: Reader, node: YNode | None, step: str, sites: tuple[str, ...]) -> str:
    """Rule 6: https, and the host is in allowed_sites."""
    value = reader.text(node, step, "url")
    if value is None or node is None:
        return ""
    try:
        parts = urlsplit(value)
        host = _site_of(parts)
    except ValueError:
        reader.problem(node.line, f"{value!r} is not a valid url", step, "url")
        return ""
    if parts.scheme != "https":
        reader.problem(node.line, f"{value!r} must start with https://", step, "url")
    elif parts.username is not None or parts.password is not None:
        reader.problem(node.line, f"{value!r} must not carry a user name or password", step, "url")
    elif host not in sites:
        reader.problem(node.line, f"site {host!r} is not listed in allowed_sites", step, "url")
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


class _Common(TypedDict):
    """The keys every step type has, as `Step` takes them."""

    id: str
    text: Texts
    image: str | None
    next: str | None
    alt: Texts | None


@dataclass(frozen=True)
class _StepSource:
    """One step's map, and what building its type's own keys needs."""

    reader: Reader
    node: YMap
    kind: str
    label: str
    sites: tuple[str, ...]
    lines: StepLines


def _plain_step(src: _StepSource, common: _Common) -> Step:
    """A step type with no keys of its own (`info`)."""
    return STEP_CLASSES[src.kind](**common)


def _choice_step(src: _StepSource, common: _Common) -> Step:
    return ChoiceStep(
        **common, options=_options(src.reader, src.node.get("options"), src.label, src.lines)
    )


def _checklist_step(src: _StepSource, common: _Common) -> Step:
    reader, step = src.reader, src.label
    seq = reader.seq(src.node.get("items"), step, "items")
    if seq is not None and not seq.items:
        reader.problem(seq.line, "a checklist needs at least one item", step, "items")
    items = [reader.texts(item, step, "items") for item in (seq.items if seq else [])]
    return ChecklistStep(**common, items=tuple(item for item in items if item is not None))


def _input_step(src: _StepSource, common: _Common) -> Step:
    reader, get, step = src.reader, src.node.get, src.label
    kind = reader.choice(get("kind"), step, "kind", INPUT_KINDS, "input kind")
    if kind is not None and kind not in NUMERIC_KINDS:
        _refuse_numeric_keys(reader, src.node, step)
    minimum = reader.number(get("min"), step, "min")
    maximum = reader.number(get("max"), step, "max")
    _check_bounds(reader, src.node, step, kind, minimum, maximum)
    hint_node = get("hint")
    return InputStep(
        **common,
        field=reader.pattern(get("field"), step, "field", FIELD_PATTERN, "field name") or "",
        kind=kind or "text",
        unit=reader.text(get("unit"), step, "unit"),
        min=minimum,
        max=maximum,
        decimals=reader.integer(get("decimals"), step, "decimals", 0, 6),
        required=reader.boolean(get("required"), step, "required") is not False,
        hint=reader.texts(hint_node, step, "hint"),
    )


def _refuse_numeric_keys(reader: Reader, node: YMap, step: str) -> None:
    """`unit`, `min`, `max` and `decimals` on an input kind that is not numeric."""
    for key in ("unit", "min", "max", "decimals"):
        value = node.get(key)
        if value is not None:
            reader.problem(
                value.line, f"'{key}' is only for kinds {' and '.join(NUMERIC_KINDS)}", step, key
            )


def _check_bounds(
    reader: Reader,
    node: YMap,
    step: str,
    kind: str | None,
    minimum: float | None,
    maximum: float | None,
) -> None:
    """`min <= max`, and a meter reading's `min` is not negative."""
    max_node, min_node = node.get("max"), node.get("min")
    if minimum is not None and maximum is not None and minimum > maximum and max_node:
        reader.problem(max_node.line, f"max {maximum:g} is below min {minimum:g}", step, "max")
    if kind == "meter_reading" and minimum is not None and minimum < 0 and min_node:
        reader.problem(min_node.line, "a meter reading cannot be negative", step, "min")


def _qr_scan_step(src: _StepSource, common: _Common) -> Step:
    reader, step = src.reader, src.label
    expect: list[str] = []
    seq = reader.seq(src.node.get("expect"), step, "expect")
    for item in seq.items if seq else []:
        value = reader.choice(item, step, "expect", PAYLOAD_KINDS, "payload kind")
        if value is not None and value in expect:
            reader.problem(item.line, f"payload kind {value!r} is listed twice", step, "expect")
        elif value is not None:
            expect.append(value)
    field_name = reader.pattern(src.node.get("field"), step, "field", FIELD_PATTERN, "field name")
    return QrScanStep(**common, field=field_name or "", expect=tuple(expect))


def _web_step(src: _StepSource, common: _Common) -> Step:
    return WebStep(**common, url=_web_url(src.reader, src.node.get("url"), src.label, src.sites))


def _appointment_step(src: _StepSource, common: _Common) -> Step:
    service = src.reader.pattern(
        src.node.get("service"), src.label, "service", ID_PATTERN, "service id"
    )
    return AppointmentStep(**common, service=service or "")


def _handoff_step(src: _StepSource, common: _Common) -> Step:
    reader, get, step = src.reader, src.node.get, src.label
    reason = reader.choice(get("reason"), step, "reason", HANDOFF_REASONS, "handoff reason")
    to = reader.pattern(
        get("to"), step, "to", REFERRAL_ID_PATTERN, "referral id (A-Z, a-z, 0-9, _ . : -, 1..64)"
    )
    if reason == "referral" and get("to") is None:
        reader.problem(src.node.line, "a referral needs 'to' (the referral target id)", step, "to")
    if reason == "volunteer" and get("to") is not None:
        reader.problem(src.lines.of("to"), "'to' is only for reason: referral", step, "to")
    return HandoffStep(**common, reason=reason or "volunteer", to=to)


def _summary_step(src: _StepSource, common: _Common) -> Step:
    reader, get, step = src.reader, src.node.get, src.label
    shown: list[str] = []
    seq = reader.seq(get("show"), step, "show")
    if seq is not None and not seq.items:
        reader.problem(seq.line, "list at least one field to show", step, "show")
    for item in seq.items if seq else []:
        value = reader.pattern(item, step, "show", FIELD_PATTERN, "field name")
        if value is not None:
            shown.append(value)
            src.lines.keys.setdefault(f"show:{value}", item.line)
    return SummaryStep(
        **common,
        show=tuple(shown),
        print=bool(reader.boolean(get("print"), step, "print")),
        qr=bool(reader.boolean(get("qr"), step, "qr")),
    )


#: One function per step type: it reads the type's own keys and builds the step. A type
#: missing here has no keys of its own (`_plain_step`).
_STEP_BUILDERS: Mapping[str, Callable[[_StepSource, _Common], Step]] = {
    "choice": _choice_step,
    "checklist": _checklist_step,
    "input": _input_step,
    "qr_scan": _qr_scan_step,
    "web": _web_step,
    "appointment": _appointment_step,
    "handoff": _handoff_step,
    "summary": _summary_step,
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
    common = _Common(
        id=label,
        text=reader.texts(node.get("text"), label, "text") or {},
        image=check_path(reader, node.get("image"), bundle, label, "image"),
        next=reader.text(node.get("next"), label, "next"),
        alt=reader.texts(node.get("alt"), label, "alt"),
    )
    if kind is None:
        return InfoStep(**common), lines
    source = _StepSource(reader, node, kind, label, sites, lines)
    return _STEP_BUILDERS.get(kind, _plain_step)(source, common), lines


def _read_format(
    reader: Reader, node: YMap, guide_lines: dict[str, int]
) -> tuple[int | None, bool]:
    """The guide's format (None when missing or not a number), and whether this kiosk reads it."""
    get = node.get
    fmt = reader.integer(get("format"), None, "format", 0, 10**9) if get("format") else None
    if fmt is not None and fmt not in FORMATS:
        reader.problem(
            guide_lines["format"],
            f"this kiosk reads guide format {', '.join(map(str, FORMATS))}, not {fmt}; "
            "update the kiosk",
            None,
            "format",
        )
        return fmt, False
    return fmt, True


def _languages(reader: Reader, node: YNode | None) -> tuple[str, ...]:
    """The guide's `languages`, each once."""
    languages: list[str] = []
    lang_seq = reader.seq(node, None, "languages")
    for item in lang_seq.items if lang_seq else []:
        lang = reader.pattern(item, None, "languages", LANGUAGE_PATTERN, "language code")
        if lang in languages:
            reader.problem(item.line, f"language {lang!r} is listed twice", None, "languages")
        elif lang is not None:
            languages.append(lang)
    if lang_seq is not None and not lang_seq.items:
        reader.problem(lang_seq.line, "list at least one language", None, "languages")
    return tuple(languages)


def _steps(
    reader: Reader, node: YNode | None, sites: tuple[str, ...], bundle: Path | None
) -> tuple[tuple[Step, ...], list[StepLines]]:
    """Every step that is at least a map, and where each is in the file."""
    steps: list[Step] = []
    step_lines: list[StepLines] = []
    steps_seq = reader.seq(node, None, "steps")
    if steps_seq is not None and not steps_seq.items:
        reader.problem(steps_seq.line, "a guide needs at least one step", None, "steps")
    for index, item in enumerate(steps_seq.items if steps_seq else []):
        built = build_step(reader, item, index, sites, bundle)
        if built is not None:
            steps.append(built[0])
            step_lines.append(built[1])
    return tuple(steps), step_lines


def build_guide(reader: Reader, root: YNode, bundle: Path | None) -> Built | None:
    """The guide in `root` (None when the document is not even a map)."""
    node = reader.map(root, None, None)
    if node is None:
        return None
    get = node.get
    guide_lines = {str(k.value): v.line for k, v in node.items}
    fmt, readable = _read_format(reader, node, guide_lines)
    if not readable:
        return None
    reader.keys(node, GUIDE_KEYS, GUIDE_REQUIRED)
    languages = _languages(reader, get("languages"))
    reader.languages = languages
    sites = _host_list(reader, get("allowed_sites")) if get("allowed_sites") else ()
    steps, step_lines = _steps(reader, get("steps"), sites, bundle)
    guide = Guide(
        format=fmt or 1,
        id=reader.pattern(get("id"), None, "id", ID_PATTERN, "guide id (a-z, 0-9, '-', 3..64)")
        or "",
        version=reader.integer(get("version"), None, "version", 1, 10**9) or 0,
        category=reader.choice(get("category"), None, "category", CATEGORIES, "category")
        or "other",
        languages=languages,
        title=reader.texts(get("title"), None, "title") or {},
        summary=reader.texts(get("summary"), None, "summary") or {},
        duration_minutes=reader.integer(get("duration_minutes"), None, "duration_minutes", 1, 600),
        icon=check_path(reader, get("icon"), bundle, None, "icon"),
        scope_limit=reader.texts(get("scope_limit"), None, "scope_limit"),
        allowed_sites=sites,
        steps=steps,
        source=bundle,
    )
    return Built(guide, step_lines, guide_lines)
