"""No function or method in `kiosk/` has a cyclomatic complexity above 20 (radon, #15).

A function that branches more than that is split, typically into a table of one small function
per case (see `kiosk.guides.build._STEP_BUILDERS`). `radon cc -s -n C kiosk` lists the biggest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from radon.complexity import cc_visit
from radon.visitors import Class, Function

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kiosk"
LIMIT = 20


def _functions(blocks: list[Function | Class]) -> Iterator[Function]:
    """Every function, method and closure among radon's `blocks`, nested ones included."""
    for block in blocks:
        if isinstance(block, Class):
            yield from _functions([*block.methods, *block.inner_classes])
        else:
            yield block
            yield from _functions(list(block.closures))


def _too_complex() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        blocks = cc_visit(path.read_text(encoding="utf-8"))
        for function in _functions(blocks):
            if function.complexity > LIMIT:
                where = f"{path.relative_to(ROOT)}:{function.lineno}"
                found.append(f"{where} {function.fullname} (CC {function.complexity})")
    return found


def test_every_module_is_measured() -> None:
    assert len(list(PACKAGE.rglob("*.py"))) > 100


def test_no_function_above_the_complexity_limit() -> None:
    too_complex = _too_complex()
    assert not too_complex, f"cyclomatic complexity above {LIMIT}:\n" + "\n".join(too_complex)
