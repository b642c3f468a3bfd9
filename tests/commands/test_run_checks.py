"""`kiosk run` without a usable display is one line and exit 1, not Qt's abort (rc 134); as root
on purpose (KIOSK_SYSTEM_ALLOW_ROOT=1) it says so in one WARNING line."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.commands.run import check_not_root, display_problem
from kiosk.config import Settings, SystemSettings


def free_display() -> str:
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    return f":{number}"


def test_a_display_that_does_not_answer_is_one_line_and_exit_1(
    kiosk_home: Path, kiosk_cmd: list[str]
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=free_display(), KIOSK_SYSTEM_ALLOW_ROOT="1", KIOSK_HOME=str(kiosk_home))
    result = subprocess.run(
        [*kiosk_cmd, "run"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1, result.stderr
    said = [line for line in result.stderr.splitlines() if line.startswith("kiosk: ")]
    assert len(said) == 1, result.stderr
    assert "does not answer" in said[0]
    assert "qt.qpa" not in result.stderr


def test_which_displays_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")  # the check is for Linux desktops
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert display_problem() is None
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("DISPLAY", raising=False)
    assert display_problem() == "no display found"
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", free_display())
    assert display_problem() == f"the display {os.environ['DISPLAY']} does not answer"


def test_other_systems_are_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert display_problem() is None


def test_root_on_purpose_is_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.delenv("QTWEBENGINE_DISABLE_SANDBOX", raising=False)
    with caplog.at_level(logging.INFO, logger="kiosk.commands.run"):
        check_not_root(Settings(system=SystemSettings(allow_root=True)))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "running as root on purpose" in warnings[0]
    assert os.environ["QTWEBENGINE_DISABLE_SANDBOX"] == "1"
