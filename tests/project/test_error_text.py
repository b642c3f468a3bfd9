"""No exception's own text reaches a widget or a signal in kiosk/ui (#15).

A user error (`KioskError`) carries a sentence meant for people; anything else is a bug whose
text is English, technical and sometimes private. Both go through the one presenter,
`kiosk.ui.shell.errors.user_message()`, which tells them apart. This test reads every module
of kiosk/ui (and kiosk/app.py) and fails where an exception is turned into text by hand:

- `str(exc)`, `repr(exc)`, `format(exc)`, `f"{exc}"`, `"...".format(reason=exc)`,
  `"..." % exc`, `exc.args`

where `exc` is the variable of an `except ... as exc` clause, or a parameter of a function
that is handed to something as its `on_error` callback (or that is annotated as taking an
exception). Passing the exception to a logging call (`log.error("...: %s", exc)`) is fine:
that text goes to the log, not to a person.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "kiosk" / "ui"
#: The presenter itself: the one place that turns a user error into its text.
PRESENTER = UI / "shell" / "errors.py"
#: What is read: the UI, and the composition root that wires it.
SOURCES = sorted((set(UI.rglob("*.py")) | {UI.parent / "app.py"}) - {PRESENTER})

LOG_OBJECTS = {"log", "logger", "logging", "_log"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}
TEXT_CALLS = {"str", "repr", "format", "ascii"}
EXCEPTION_TYPES = {"BaseException", "Exception"}


def _annotation_names(annotation: ast.expr | None) -> set[str]:
    if annotation is None:
        return set()
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return set()
    return {
        node.id if isinstance(node, ast.Name) else node.attr
        for node in ast.walk(annotation)
        if isinstance(node, ast.Name | ast.Attribute)
    }


def _is_exception_annotation(annotation: ast.expr | None) -> bool:
    return any(
        name in EXCEPTION_TYPES or name.endswith(("Error", "Failure"))
        for name in _annotation_names(annotation)
    )


def _callback_names(tree: ast.Module) -> tuple[set[str], list[ast.Lambda]]:
    """Names of functions (and the lambdas themselves) given as an `on_error` callback."""
    names: set[str] = set()
    lambdas: list[ast.Lambda] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg != "on_error":
                continue
            for part in ast.walk(keyword.value):
                if isinstance(part, ast.Name):
                    names.add(part.id)
                elif isinstance(part, ast.Attribute):
                    names.add(part.attr)
                elif isinstance(part, ast.Lambda):
                    lambdas.append(part)
    return names, lambdas


def _first_parameter(args: ast.arguments) -> ast.arg | None:
    positional = [*args.posonlyargs, *args.args]
    if positional and positional[0].arg in ("self", "cls"):
        positional = positional[1:]
    return positional[0] if positional else None


def _error_scopes(tree: ast.Module) -> Iterator[tuple[str, list[ast.stmt] | ast.expr]]:
    """(variable, body) pairs: where a name holds an exception."""
    callbacks, lambdas = _callback_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.name:
            yield node.name, node.body
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            every = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            for arg in every:
                if _is_exception_annotation(arg.annotation):
                    yield arg.arg, node.body
            first = _first_parameter(node.args)
            if node.name in callbacks and first is not None:
                yield first.arg, node.body
    for function in lambdas:
        first = _first_parameter(function.args)
        if first is not None:
            yield first.arg, function.body


def _is_log_call(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in LOG_METHODS
        and isinstance(func.value, ast.Name)
        and func.value.id in LOG_OBJECTS
    )


def _walk_outside_logging(node: ast.AST) -> Iterator[ast.AST]:
    """Every node under `node`, except the arguments of logging calls."""
    yield node
    if isinstance(node, ast.Call) and _is_log_call(node):
        return
    for child in ast.iter_child_nodes(node):
        yield from _walk_outside_logging(child)


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _texts_of(name: str, body: list[ast.stmt] | ast.expr) -> Iterator[tuple[int, str]]:
    """(line, what) of every place in `body` that turns the exception `name` into text."""
    roots = body if isinstance(body, list) else [body]
    for root in roots:
        for node in _walk_outside_logging(root):
            if isinstance(node, ast.Call):
                func = node.func
                if (
                    isinstance(func, ast.Name)
                    and func.id in TEXT_CALLS
                    and any(_is_name(arg, name) for arg in node.args)
                ):
                    yield node.lineno, f"{func.id}({name})"
                if isinstance(func, ast.Attribute) and func.attr == "format":
                    values = [*node.args, *(k.value for k in node.keywords)]
                    if any(_is_name(value, name) for value in values):
                        yield node.lineno, f".format(...{name}...)"
            elif isinstance(node, ast.FormattedValue) and _is_name(node.value, name):
                yield node.lineno, f'f"{{{name}}}"'
            elif isinstance(node, ast.Attribute) and node.attr == "args":
                if _is_name(node.value, name):
                    yield node.lineno, f"{name}.args"
            elif (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.Mod)
                and isinstance(node.left, ast.Constant)
                and any(_is_name(part, name) for part in ast.walk(node.right))
            ):
                yield node.lineno, f'"..." % {name}'


def findings(source: str, filename: str = "<source>") -> list[str]:
    """Every place in `source` where an exception's own text is made, as "file:line: what"."""
    tree = ast.parse(source, filename)
    found = {
        f"{filename}:{line}: {what}"
        for name, body in _error_scopes(tree)
        for line, what in _texts_of(name, body)
    }
    return sorted(found, key=lambda text: (text.split(":")[0], int(text.split(":")[1])))


def test_no_exception_text_reaches_a_person() -> None:
    found: list[str] = []
    for path in SOURCES:
        relative = path.relative_to(UI.parents[1]).as_posix()
        found += findings(path.read_text(encoding="utf-8"), relative)
    assert not found, (
        "exception text made by hand; use kiosk.ui.shell.errors.user_message():\n"
        + "\n".join(found)
    )


@pytest.mark.parametrize(
    "source",
    [
        "try:\n    pass\nexcept OSError as exc:\n    label.setText(str(exc))\n",
        "try:\n    pass\nexcept OSError as e:\n    label.setText(f'failed: {e}')\n",
        "try:\n    pass\nexcept OSError as e:\n    signal.emit(e.args[0])\n",
        "try:\n    pass\nexcept OSError as e:\n    label.setText('%s' % e)\n",
        "def failed(exc: BaseException) -> None:\n    label.setText(repr(exc))\n",
        "def _on_error(self, exc):\n    x.setText(_('Oops: {reason}').format(reason=exc))\n"
        "tasks.run(f, on_error=self._on_error)\n",
        "def failed(problem):\n    label.setText(str(problem))\nstore.call(op, on_error=failed)\n",
        "tasks.run(f, on_error=lambda e: label.setText(str(e)))\n",
        "def failed(exc: 'HelpdeskError') -> None:\n    label.setText(format(exc))\n",
    ],
)
def test_finds_exception_text(source: str) -> None:
    assert findings(source)


@pytest.mark.parametrize(
    "source",
    [
        "try:\n    pass\nexcept OSError as exc:\n    log.error('failed: %s', exc)\n",
        "try:\n    pass\nexcept OSError as exc:\n    label.setText(user_message(exc))\n",
        "def failed(exc: BaseException) -> None:\n    log.warning('x %s', str(exc))\n",
        "def show(text: str) -> None:\n    label.setText(str(text))\n",
        "try:\n    pass\nexcept OSError:\n    label.setText(str(value))\n",
    ],
)
def test_leaves_other_text_alone(source: str) -> None:
    assert not findings(source)


def test_a_user_error_is_shown_as_it_is() -> None:
    from kiosk.errors import KioskError
    from kiosk.ui.shell.errors import user_message

    assert user_message(KioskError("The disk is full.")) == "The disk is full."


def test_a_bug_is_logged_with_its_traceback_and_never_shown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from kiosk import i18n
    from kiosk.ui.shell.errors import user_message

    try:
        raise RuntimeError("secret detail of a bug")
    except RuntimeError as exc:
        bug = exc
    before = i18n.current_language()
    i18n.set_language("nl")
    try:
        message = user_message(bug, "a test")
    finally:
        i18n.set_language(before)
    assert message == "Er ging iets mis; vraag het aan de balie."
    assert "secret" not in message
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.levelname == "ERROR"
    assert record.exc_info is not None
    assert record.exc_info[1] is bug
