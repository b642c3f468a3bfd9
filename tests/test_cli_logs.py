"""The CLI's log file appears for every command (#22: `cli.log` never did), and the hub's
"no guide repository" line is logged once per change of state, with advice only when it fits."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.logfiles import start_logging
from kiosk.paths import home_paths
from kiosk.store import RecordStore, open_database
from kiosk.sync import service as sync_service
from kiosk.sync.enrollment import enroll
from kiosk.sync.service import SyncService
from tests.sync.livehub import live_hub


def test_kiosk_status_writes_cli_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    try:
        assert cli.main(["--home", str(home), "status"]) == 0
    finally:
        start_logging(None, None)
    capsys.readouterr()
    text = (home_paths(home).log_dir / "cli.log").read_text(encoding="utf-8")
    assert "kiosk status started" in text


def test_no_guide_repository_is_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    paths = home_paths(tmp_path / "home")
    sync_service._PIN_PROBLEM.clear()  # another test's hub may have had no repository either
    with live_hub(tmp_path / "hub") as hub:  # a hub without a guide repository
        enroll(paths.database, hub.url, hub.code())
        database = open_database(paths.database)
        try:
            with caplog.at_level(logging.INFO, logger="kiosk.sync.service"):
                for _round in range(3):
                    SyncService(RecordStore(database), paths=paths).sync_once()
        finally:
            database.close()
    lines = [r.getMessage() for r in caplog.records if "guides yet" in r.getMessage()]
    assert len(lines) == 1, lines
    assert "HTTP 404" in lines[0]
    assert "init-repo" in lines[0]


def test_hub_serve_keeps_one_log(tmp_path: Path) -> None:
    """`kiosk hub serve` writes `<hub dir>/hub.log` only, not a second `logs/hub.log` (#22)."""
    import socket
    import subprocess
    import sys
    import time

    home = tmp_path / "home"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "kiosk", "--home", str(home), "hub", "serve"]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    paths = home_paths(home)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until it listens: its start-up lines are written
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert (paths.hub_dir / "hub.log").exists()
    assert not (paths.log_dir / "hub.log").exists()
