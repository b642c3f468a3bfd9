"""`kiosk hub ...` admin commands, run as child processes: output, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest


def kiosk(
    kiosk_cmd: list[str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*kiosk_cmd, *args], capture_output=True, text=True, input=stdin, timeout=120, check=False
    )


def test_admin_commands_end_to_end(kiosk_cmd: list[str], tmp_path: Path) -> None:
    added = kiosk(kiosk_cmd, "hub", "add-location", "Bib Zuid")
    assert added.returncode == 0, added.stderr
    location_id = added.stdout.strip()
    assert len(location_id) == 36

    code = kiosk(kiosk_cmd, "hub", "enroll-code", "--location", "bib zuid", "--valid-hours", "2")
    assert code.returncode == 0, code.stderr
    assert len(code.stdout.strip()) == 14

    password = tmp_path / "pw"
    password.write_text("a long password\n")
    user = kiosk(
        kiosk_cmd,
        "hub",
        "add-user",
        "X@Example.org",
        "--role",
        "staff",
        "--password-file",
        str(password),
    )
    assert user.returncode == 0, user.stderr
    assert "x@example.org" in user.stdout

    purge = kiosk(kiosk_cmd, "hub", "purge")
    assert purge.returncode == 0, purge.stderr

    out = tmp_path / "ido.json"
    export = kiosk(
        kiosk_cmd,
        "hub",
        "export",
        "--format",
        "ido",
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--location",
        "Bib Zuid",
        "--output",
        str(out),
    )
    assert export.returncode == 0, export.stderr
    assert json.loads(out.read_text())["location"] == "Bib Zuid"

    csv_out = kiosk(kiosk_cmd, "hub", "export", "--format", "csv")
    assert csv_out.stdout.startswith("id,kind,revision,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("hub", "enroll-code", "--location", "Nowhere"), "no location 'Nowhere'"),
        (("hub", "revoke-kiosk", "nope"), "no kiosk 'nope'"),
        (("hub", "add-user", "a@b.c", "--role", "admin"), "use --password-file"),
        (("hub", "export", "--format", "csv", "--from", "2025-02-30"), "dates must look like"),
        (
            ("hub", "export", "--format", "ido", "--from", "2025-01-01", "--to", "2025-01-30"),
            "one whole calendar month or quarter",
        ),
        (("hub", "purge", "--db", "mysql://x"), "unsupported database URL"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(
    kiosk_cmd: list[str], args: tuple[str, ...], message: str
) -> None:
    result = kiosk(kiosk_cmd, *args, stdin="")
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stderr.startswith("kiosk: ")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_usage_errors_exit_2(kiosk_cmd: list[str]) -> None:
    assert kiosk(kiosk_cmd, "hub").returncode == 2
    assert kiosk(kiosk_cmd, "hub", "export", "--format", "xml").returncode == 2
    for sub in (
        "serve",
        "add-user",
        "user",
        "add-location",
        "enroll-code",
        "revoke-kiosk",
        "purge",
        "export",
    ):
        assert kiosk(kiosk_cmd, "hub", sub, "--help").returncode == 0
