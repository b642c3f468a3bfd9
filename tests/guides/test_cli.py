"""`kiosk guide check|schema|preview` in a child process: exit codes and output format."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from kiosk.resources import builtin_guides_dir
from tests.guides.support import BASE, line_of, write_bundle, write_zip


def _run(kiosk_cmd: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*kiosk_cmd, "guide", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_shipped_guides_pass(kiosk_cmd: list[str]) -> None:
    folders = sorted(str(p) for p in builtin_guides_dir().iterdir())
    result = _run(kiosk_cmd, "check", *folders)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "ok: 5 guides\n"


def test_a_folder_of_guides_is_expanded(kiosk_cmd: list[str]) -> None:
    result = _run(kiosk_cmd, "check", str(builtin_guides_dir()))
    assert (result.returncode, result.stdout) == (0, "ok: 5 guides\n")


def test_every_problem_is_one_line_and_exit_is_1(kiosk_cmd: list[str], tmp_path: Path) -> None:
    text = BASE.replace("category: energy", "category: fun").replace(
        "goto: helper", "goto: nowhere"
    )
    folder = write_bundle(tmp_path / "broken", text)
    good = write_bundle(tmp_path / "good")
    result = _run(kiosk_cmd, "check", str(folder), str(good))
    assert result.returncode == 1
    file = folder / "guide.yaml"
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == f"{file}:{line_of(text, 'category')}: category: unknown category 'fun'; use one of: energy, money, government, health, work, housing, mobility, communication, safety, other"  # noqa: E501
    )
    assert (
        lines[1]
        == f"{file}:{line_of(text, 'nowhere')}: step 'pick': goto: no step 'nowhere' (goto names a step id or end)"  # noqa: E501
    )
    assert lines[2].startswith("failed: 2 problems in 1 of 2 guides")
    assert "Traceback" not in result.stderr


def test_yaml_syntax_error_has_its_line_and_no_traceback(
    kiosk_cmd: list[str], tmp_path: Path
) -> None:
    folder = write_bundle(tmp_path / "syntax", BASE.replace("kind: ean", "kind: ean: x"))
    result = _run(kiosk_cmd, "check", str(folder))
    assert result.returncode == 1
    assert result.stdout.startswith(
        f"{folder / 'guide.yaml'}:{line_of(BASE, 'kind: ean')}: YAML syntax error"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_zips_and_missing_paths(kiosk_cmd: list[str], tmp_path: Path) -> None:
    good = write_zip(
        tmp_path / "good.zip", {"guide.yaml": BASE.encode(), "images/icon.svg": b"<svg/>"}
    )
    evil = write_zip(tmp_path / "evil.zip", {"../x": b""})
    result = _run(kiosk_cmd, "check", str(good))
    assert (result.returncode, result.stdout) == (0, "ok: 1 guide\n")
    result = _run(kiosk_cmd, "check", str(evil), str(tmp_path / "missing"))
    assert result.returncode == 1
    assert f"{evil}: member '../x'" in result.stdout
    assert f"{tmp_path / 'missing'}: no such guide folder" in result.stdout
    assert "Traceback" not in result.stderr


def test_schema_is_json(kiosk_cmd: list[str]) -> None:
    result = _run(kiosk_cmd, "schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("http://json-schema.org/draft-07")
    assert "steps" in schema["required"]


def test_preview_is_registered(kiosk_cmd: list[str]) -> None:
    result = _run(kiosk_cmd, "preview", "--help")
    assert result.returncode == 0
    assert "PATH" in result.stdout
