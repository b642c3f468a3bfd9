"""The layering of docs/architecture.md, checked by import-linter's contracts in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 8 kept, 0 broken." in result.stdout


def test_domain_imports_without_qt_sqlalchemy_or_http() -> None:
    code = (
        "import sys, pkgutil, importlib, kiosk.domain as d\n"
        "for m in pkgutil.walk_packages(d.__path__, 'kiosk.domain.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in ('PySide6', 'sqlalchemy', 'httpx') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip() == ""


#: What the hub may import of the kiosk (docs/architecture.md, "The hub").
PURE_FOR_THE_HUB = {
    "domain",
    "guides",
    "resources",
    "i18n",
    "errors",
    "paths",
    "protocol",
    "dbtypes",
    "clock",
}


def _contract(contract_id: str) -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [
        c for c in config["tool"]["importlinter"]["contracts"] if c.get("id") == contract_id
    ]
    return contract


def _kiosk_modules() -> set[str]:
    package = ROOT / "kiosk"
    names = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    names |= {p.name for p in package.iterdir() if (p / "__init__.py").exists()}
    return names


def test_the_hub_contracts_name_every_kiosk_module() -> None:
    """A new top-level kiosk module is forbidden to the hub until it is declared pure, and
    may not import the hub either."""
    others = _kiosk_modules() - {"hub"}
    forbidden = {
        m.removeprefix("kiosk.") for m in _contract("hub-uses-pure-kiosk")["forbidden_modules"]
    }
    assert others - PURE_FOR_THE_HUB <= forbidden
    assert not forbidden & PURE_FOR_THE_HUB
    sources = {
        m.removeprefix("kiosk.") for m in _contract("only-commands-import-hub")["source_modules"]
    }
    assert sources == others
