"""`kiosk demo` (#22): SIGTERM stops its hub, a second start reuses its kiosk, all seven
languages are offered, and as root it turns the web sandbox off and says so."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _demo(home: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("QTWEBENGINE_DISABLE_SANDBOX", None)
    env.pop("KIOSK_SYSTEM_ALLOW_ROOT", None)  # the demo needs no permission to run as root
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--home", str(home), "demo", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _read_until(process: subprocess.Popen[str], marker: str) -> str:
    assert process.stdout is not None
    seen = ""
    for line in process.stdout:
        seen += line
        if marker in line:
            return seen
    raise AssertionError(f"the demo ended before {marker!r}:\n{seen}")


def _hub_url(output: str) -> str:
    match = re.search(r"Hub dashboard: (http://127\.0\.0\.1:\d+)/login", output)
    assert match is not None, output
    return match.group(1)


def _hub_is_gone(url: str) -> bool:
    try:
        httpx.get(f"{url}/healthz", timeout=5)
    except httpx.ConnectError:
        return True
    return False


def test_sigterm_stops_the_hub_and_a_second_start_reuses_the_kiosk(tmp_path: Path) -> None:
    home = tmp_path / "demo"
    first = _demo(home)
    try:
        output = _read_until(first, "The kiosk opens now")
    finally:
        first.send_signal(signal.SIGTERM)
        rest, _ = first.communicate(timeout=60)
    output += rest
    assert first.returncode in (0, 130), output
    url = _hub_url(output)
    assert _hub_is_gone(url), "the demo's hub outlived SIGTERM"
    enrolled = re.search(r"Enrolled as kiosk (\S+)", output)
    assert enrolled is not None, output
    if os.geteuid() == 0:
        assert "turned it off (QTWEBENGINE_DISABLE_SANDBOX=1)" in output
    config = (home / "config.toml").read_text(encoding="utf-8")
    assert '["nl", "fr", "en", "ar", "tr", "pl", "uk"]' in config

    second = _demo(home, "--quit-after-ready")
    again, _ = second.communicate(timeout=120)
    assert second.returncode == 0, again
    assert f"Reusing the demo kiosk {enrolled.group(1)}" in again
    assert "Enrolled as kiosk" not in again
    assert _hub_is_gone(_hub_url(again))
