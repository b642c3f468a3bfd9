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


def test_the_demo_hub_sends_the_idle_time_the_demo_was_started_with(tmp_path: Path) -> None:
    """KIOSK_SESSION_IDLE_TIMEOUT reaches the demo: an enrolled kiosk takes its idle time from
    the hub's location, so the demo gives its location the kiosk's own (before: the demo's
    hub sent 180 seconds and the variable seemed ignored)."""
    from kiosk.hub.db.engine import open_hub_db
    from kiosk.hub.locations import find_location
    from kiosk.hub.settings import HubSettings

    home = tmp_path / "demo"
    os.environ["KIOSK_SESSION_IDLE_TIMEOUT"] = "75"
    try:
        demo = _demo(home)
    finally:
        del os.environ["KIOSK_SESSION_IDLE_TIMEOUT"]
    try:
        output = _read_until(demo, "The kiosk opens now")
    finally:
        demo.send_signal(signal.SIGTERM)
        rest, _ = demo.communicate(timeout=60)
    assert "Enrolled as kiosk" in output, output + rest
    db = open_hub_db(HubSettings.for_dir(home / "data" / "hub").db_url)
    try:
        assert find_location(db, "Bibliotheek Centrum").idle_timeout == 75
    finally:
        db.close()
