"""The kiosk with the real clients: Orca's AT-SPI and real X key presses (see atspi_walk.py).

The walker runs as its own /usr/bin/python3 process (python3-pyatspi is Debian's, not in the
venv) in a private D-Bus session under Xvfb; it starts the kiosk from this checkout as a child
process. A proxy on 127.0.0.1 answers every request with 502, so the website step shows the
kiosk's "cannot be reached" page and nothing leaves the machine. The packages come from
`scripts/apt-deps.sh test`. It takes about a minute.

On the code before the overlay base and the window-filter fix it found: Enter on "Volgende"
did nothing after the website step; the picker and the volunteer panel were not dialogs, kept
the screen behind in the tree and let Tab reach a tile behind them, and stayed open after
Escape; the chosen language was not checked; the window's content was an unnamed focusable
filler; the progress bar and the home scroll bar had no name; the EAN field was named
"Uw antwoord:".
"""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"


class _Refuse(http.server.BaseHTTPRequestHandler):
    def _refuse(self) -> None:
        self.send_response(502)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_CONNECT = do_GET = do_POST = do_HEAD = _refuse

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def blackhole_proxy() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refuse)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _seed_demo_hub(home: Path) -> None:
    """The hub `kiosk demo` starts (the walker runs the kiosk as the demo does), seeded here
    with one week of sample records rather than six: the demo then only starts it."""
    from kiosk.hub.dev.demo import seed_demo
    from kiosk.paths import home_paths

    paths = home_paths(home)
    paths.ensure()
    seed_demo(paths.hub_dir, weeks=1)


def _qr_letter(folder: Path) -> Path:
    """A scan of a letter with a QR code on it (a PNG, as a scanner saves it)."""
    import segno

    path = folder / "qr-letter.png"
    segno.make_qr("Afspraak bij de huisarts: dinsdag 10 uur", error="m").save(
        str(path), scale=10, border=4
    )
    return path


def _missing() -> list[str]:
    missing = [
        tool for tool in ("xvfb-run", "dbus-run-session", "xdotool") if not shutil.which(tool)
    ]
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        missing.append("at-spi2-core")
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        missing.append("python3-pyatspi")
    return missing


@pytest.mark.timeout(900)
def test_orca_and_a_keyboard_user_finish_every_guide_and_reach_the_admin_screen(
    kiosk_home: Path, tmp_path: Path, blackhole_proxy: int
) -> None:
    missing = _missing()
    assert not missing, f"run scripts/apt-deps.sh test first; missing: {', '.join(missing)}"
    home = kiosk_home
    _seed_demo_hub(home)
    result = subprocess.run(
        [
            "xvfb-run", "-a", "-s", "-screen 0 1366x768x24",
            "dbus-run-session", "--",
            SYSTEM_PYTHON, str(HERE / "atspi_walk.py"), sys.executable, str(home),
            str(blackhole_proxy), str(_qr_letter(tmp_path)),
        ],
        capture_output=True,
        text=True,
        timeout=840,  # a kill ceiling for a hung walk, far above its usual 2-4 minutes
        check=False,
    )  # fmt: skip
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the walker said nothing:\n{result.stderr[-3000:]}"
    report = json.loads(lines[-1])
    print(
        f"AT-SPI: {report['checked']} nodes checked, {len(report['findings'])} findings, "
        f"{report['seconds']} s"
    )
    (tmp_path / "walk-report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    assert not report["error"], json.dumps(report, indent=1)
    assert report["findings"] == [], "\n".join(report["findings"])
    assert report["checked"] >= 50
    assert "Return on Volgende after the website" in report["steps"]
    shipped = sorted(p.name for p in (HERE.parents[2] / "resources" / "guides").iterdir())
    assert len(shipped) == 5
    for guide in shipped:  # every shipped guide's main path, from the home screen to its end
        assert f"{guide} end page" in report["steps"]
    assert "Return on Volgende after the doctor's website" in report["steps"]
    assert report["steps"][-1] == "admin screen"
    assert "language picker: Escape closed it" in report["steps"]
