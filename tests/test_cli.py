"""The `kiosk` command's contract: --help, --version, exit codes, one-line user errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.cli import COMMAND_MODULES, main


def run(
    args: list[str], env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kiosk: ")


def test_version() -> None:
    result = run(["--version"])
    assert result.returncode == 0
    assert result.stdout.strip() == f"kiosk {__version__}"


def test_help_lists_every_command_of_the_contract() -> None:
    result = run(["--help"])
    assert result.returncode == 0
    for command in ("run", "demo", "guide", "qr", "enroll", "sync", "status", "hub", "admin"):
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMAND_MODULES)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    assert "usage: kiosk" in capsys.readouterr().out


def test_usage_error_exits_2() -> None:
    result = run(["status", "--no-such-option"])
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_config_is_one_line_with_file_and_line(kiosk_home: Path) -> None:
    (kiosk_home / "config.toml").write_text("[session]\nidle_timeout = 'soon'\n", encoding="utf-8")
    result = run(["status"])
    assert_one_line_error(result)
    assert f"{kiosk_home / 'config.toml'}:2:" in result.stderr
    assert "idle_timeout" in result.stderr


def test_missing_config_given_with_option(tmp_path: Path) -> None:
    result = run(["status", "--config", str(tmp_path / "nope.toml")])
    assert_one_line_error(result)
    assert "no such config file" in result.stderr


def test_bad_environment_override() -> None:
    result = run(["status"], env={"KIOSK_SESSION_IDLE_TIMEOUT": "forever"})
    assert_one_line_error(result)
    assert "KIOSK_SESSION_IDLE_TIMEOUT" in result.stderr


def test_newer_database_is_refused_with_a_message(kiosk_home: Path) -> None:
    import sqlite3

    from kiosk.paths import home_paths
    from kiosk.store import open_database

    paths = home_paths(kiosk_home)
    open_database(paths.database).close()
    with sqlite3.connect(paths.database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0042'")
    result = run(["status"])
    assert_one_line_error(result)
    assert "newer version of the kiosk" in result.stderr


def test_status_json_has_the_documented_keys(tmp_path: Path) -> None:
    home = tmp_path / "elsewhere"
    result = run(["--home", str(home), "status", "--json"])
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert set(status) >= {
        "enrolled",
        "hub_url",
        "kiosk_id",
        "outbox_pending",
        "outbox_parked",
        "last_sync_ok",
        "last_error",
        "guides",
    }
    assert status["enrolled"] is False
    assert status["outbox_pending"] == 0
    assert all(set(g) == {"id", "version"} for g in status["guides"])


def test_a_home_folder_named_like_a_command(tmp_path: Path) -> None:
    """`kiosk --home demo status` runs `status` in the folder `demo` (#19, a stranger's
    finding: it said "invalid choice: 'status' (choose from 'demo')")."""
    result = run(["--home", "demo", "status", "--json"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["enrolled"] is False
    assert (tmp_path / "demo").is_dir()


def test_status_counts_the_outbox(kiosk_home: Path) -> None:
    from datetime import UTC, datetime

    from kiosk.domain.records import GuideRun, RunEnd
    from kiosk.paths import home_paths
    from kiosk.store import RecordStore, open_database

    database = open_database(home_paths(kiosk_home).database)
    now = datetime.now(UTC)
    RecordStore(database).add(GuideRun("g-1", 1, "nl", now, now, ("a",), RunEnd.ABANDONED, "a"))
    database.close()
    result = run(["status", "--json"])
    assert json.loads(result.stdout)["outbox_pending"] == 1
    text = run(["status"])
    assert text.returncode == 0
    assert "1" in text.stdout


def test_home_option_puts_every_file_under_it(tmp_path: Path) -> None:
    home = tmp_path / "h"
    result = run(["status", "--home", str(home)], env={"KIOSK_HOME": str(tmp_path / "other")})
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "other").exists()


def test_run_without_a_display_explains_what_to_do() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert_one_line_error(result)
    assert "xvfb-run" in result.stderr
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr


def test_run_quit_after_ready_prints_ready_ms() -> None:
    result = run(["run", "--windowed", "--quit-after-ready"], env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("ready_ms=")]
    assert len(lines) == 1
    assert int(lines[0].split("=")[1]) > 0


def test_no_command_means_run() -> None:
    result = run(["--quit-after-ready", "--windowed"], env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert "ready_ms=" in result.stdout


def test_demo_runs_and_keeps_its_files_in_the_demo_home(tmp_path: Path) -> None:
    home = tmp_path / "demo"
    result = run(
        ["--home", str(home), "demo", "--quit-after-ready"], env={"QT_QPA_PLATFORM": "offscreen"}
    )
    assert result.returncode == 0, result.stderr
    assert "ready_ms=" in result.stdout
    assert (home / "config.toml").is_file()


def test_run_refuses_root_unless_a_setting_allows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.commands.run import check_not_root
    from kiosk.config import Settings, SystemSettings
    from kiosk.errors import KioskError

    monkeypatch.setattr(os, "geteuid", lambda: 0)
    with pytest.raises(KioskError, match="run it as the kiosk user") as refused:
        check_not_root(Settings())
    assert "KIOSK_SYSTEM_ALLOW_ROOT=1" in str(refused.value)
    check_not_root(Settings(system=SystemSettings(allow_root=True)))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    check_not_root(Settings())  # the kiosk user
