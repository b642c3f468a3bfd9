"""The rules of docs/guide-format.md that look at the guide as a whole, on the built `Guide`.

Rule 2 (unique ids; every goto/next names a step or `end`), rule 3 (every step reachable from
the first, and `end` reachable from every step), rule 7 (every `{field}` placeholder is set by
an earlier step on every path to it; a name no step sets, such as a misspelt `{postcod}`, and a
step showing the field it asks for itself are reported even when the graph is broken), rule 8
(`summary.show` names existing fields), and the Markdown subset (no links) of every text.
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.domain.guide import ENDS, ChoiceStep, Guide, Step, SummaryStep, Texts
from kiosk.domain.markdown import find_links
from kiosk.domain.placeholders import LOCATION_PLACEHOLDERS, placeholders
from kiosk.guides.build import Built
from kiosk.guides.reader import Reader


def check(reader: Reader, built: Built) -> None:
    """Add every whole-guide problem of `built` to `reader`."""
    guide = built.guide
    ids_ok = _check_ids(reader, built)
    _check_texts(reader, built)
    if guide.steps:
        # unknown placeholders and a step showing its own field are found even when the
        # graph is broken, so an author sees every problem of the file in one run
        _check_placeholder_names(reader, built)
    if ids_ok and guide.steps:
        _check_graph(reader, built)
        _check_placeholders(reader, built)
    _check_summary(reader, built)


def _lines(built: Built, step: Step) -> int:
    return built.step_lines[built.guide.steps.index(step)].line


def _check_ids(reader: Reader, built: Built) -> bool:
    """Rule 2. False when a target is missing (the graph rules would only repeat it)."""
    guide = built.guide
    seen: set[str] = set()
    ok = True
    for step, lines in zip(guide.steps, built.step_lines, strict=True):
        if step.id in ENDS:
            reader.problem(
                lines.of("id"),
                "'end' and 'stop' are reserved; give the step another id",
                step.id,
                "id",
            )
        elif step.id in seen:
            reader.problem(lines.of("id"), f"step id {step.id!r} is used twice", step.id, "id")
            ok = False
        seen.add(step.id)
    for step, lines in zip(guide.steps, built.step_lines, strict=True):
        if step.next is not None and step.next not in ENDS and step.next not in seen:
            reader.problem(
                lines.of("next"),
                f"no step {step.next!r} (next names a step id or end)",
                step.id,
                "next",
            )
            ok = False
        if isinstance(step, ChoiceStep):
            for option, line in zip(step.options, lines.option_lines, strict=False):
                if option.goto is not None and option.goto not in ENDS and option.goto not in seen:
                    reader.problem(
                        line,
                        f"no step {option.goto!r} (goto names a step id or end)",
                        step.id,
                        "goto",
                    )
                    ok = False
    return ok


def _all_texts(built: Built) -> Iterable[tuple[Step | None, str, Texts]]:
    guide = built.guide
    for key, texts in (
        ("title", guide.title),
        ("summary", guide.summary),
        ("scope_limit", guide.scope_limit),
    ):
        if texts:
            yield None, key, texts
    for step in guide.steps:
        for texts in step.texts():
            yield step, "text", texts


def _check_texts(reader: Reader, built: Built) -> None:
    """No links in any text; no placeholders in the guide's own texts."""
    for step, key, texts in _all_texts(built):
        default = _lines(built, step) if step else built.guide_lines.get(key, 1)
        line, key = reader.text_lines.get(id(texts), (default, key))
        for lang, text in texts.items():
            for link in find_links(text):
                reader.problem(
                    line,
                    f"links are not allowed in guide texts ({lang}: {link!r})",
                    step.id if step else None,
                    key,
                )
            if step is None and placeholders(text):
                reader.problem(line, f"placeholders are only for step texts ({lang})", None, key)


def _reachable(guide: Guide) -> list[Step]:
    order: list[Step] = []
    seen = {guide.first.id}
    queue = [guide.first]
    while queue:
        step = queue.pop(0)
        order.append(step)
        for target in guide.successors(step):
            if target not in ENDS and target not in seen:
                seen.add(target)
                queue.append(guide.step(target))
    return order


def _check_graph(reader: Reader, built: Built) -> None:
    """Rule 3."""
    guide = built.guide
    reachable = {step.id for step in _reachable(guide)}
    for step in guide.steps:
        if step.id not in reachable:
            reader.problem(_lines(built, step), "no path from the first step leads here", step.id)
    reaches_end: set[str] = set()
    changed = True
    while changed:
        changed = False
        for step in guide.steps:
            if step.id not in reaches_end and any(
                target in ENDS or target in reaches_end for target in guide.successors(step)
            ):
                reaches_end.add(step.id)
                changed = True
    for step in guide.steps:
        if step.id in reachable and step.id not in reaches_end:
            reader.problem(
                _lines(built, step), "no path from this step reaches the end (a loop?)", step.id
            )


def _placeholder_names(texts: Texts) -> set[str]:
    """The answer placeholders of `texts` (location placeholders need no step)."""
    return {
        name
        for text in texts.values()
        for name in placeholders(text)
        if name not in LOCATION_PLACEHOLDERS
    }


def _check_placeholder_names(reader: Reader, built: Built) -> None:
    """Rule 7, the part that needs no graph: names no step sets, and a step's own field."""
    guide = built.guide
    every = set(guide.fields())
    for step in guide.steps:
        own = set(step.fields_set())
        for name in sorted(own & set(LOCATION_PLACEHOLDERS)):
            reader.problem(
                _lines(built, step),
                f"field {name!r} is the name of a location placeholder ({{{name}}}, filled "
                "by the kiosk); store the answer under another name",
                step.id,
                "field",
            )
        for texts in step.texts():
            line, key = reader.text_lines.get(id(texts), (_lines(built, step), "text"))
            for name in sorted(_placeholder_names(texts)):
                if name not in every:
                    hint = _closest(name, every)
                    reader.problem(
                        line,
                        f"placeholder {{{name}}}: field {name!r} is never set by any step"
                        + (f"; did you mean {{{hint}}}?" if hint else "; check the spelling"),
                        step.id,
                        key,
                    )
                elif name in own:
                    reader.problem(
                        line,
                        f"placeholder {{{name}}}: field {name!r} is not set on every path to "
                        "this step: the step asks for it itself, so its text cannot show the "
                        "answer yet; show it in a later step",
                        step.id,
                        key,
                    )


def _closest(name: str, known: set[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)
    return found[0] if found else None


def _check_placeholders(reader: Reader, built: Built) -> None:
    """Rule 7: a must-be-set data-flow analysis over the reachable steps."""
    guide = built.guide
    order = _reachable(guide)
    every = frozenset(guide.fields())
    before: dict[str, frozenset[str]] = {step.id: every for step in order}
    before[guide.first.id] = frozenset()
    predecessors: dict[str, list[Step]] = {step.id: [] for step in order}
    for step in order:
        for target in guide.successors(step):
            if target in predecessors:
                predecessors[target].append(step)
    changed = True
    while changed:
        changed = False
        for step in order[1:]:
            incoming = [before[p.id] | set(p.fields_set()) for p in predecessors[step.id]]
            value = frozenset.intersection(*incoming) if incoming else frozenset()
            if value != before[step.id]:
                before[step.id] = value
                changed = True
    for step in order:
        own = set(step.fields_set())
        for texts in step.texts():
            line, key = reader.text_lines.get(id(texts), (_lines(built, step), "text"))
            # names no step sets and a step's own field: _check_placeholder_names
            missing = sorted(_placeholder_names(texts) - before[step.id] - own & every)
            for name in missing:
                reader.problem(
                    line,
                    f"placeholder {{{name}}}: field {name!r} is not set on every path to this "
                    "step; ask for it on every path, or show it only after the branches meet",
                    step.id,
                    key,
                )


def _check_summary(reader: Reader, built: Built) -> None:
    """Rule 8."""
    fields = set(built.guide.fields())
    for step, lines in zip(built.guide.steps, built.step_lines, strict=True):
        if isinstance(step, SummaryStep):
            for name in step.show:
                if name not in fields:
                    reader.problem(
                        lines.keys.get(f"show:{name}", lines.of("show")),
                        f"no step sets the field {name!r}",
                        step.id,
                        "show",
                    )
