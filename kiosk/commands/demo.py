"""`kiosk demo`: the one-command demo — a local hub and an enrolled kiosk with sample data.

Everything lives under a demo home folder (`--home`, else a `kiosk-demo` folder in the
platform's data dir), so the demo never touches a real installation.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands import Subparsers, add_command

if TYPE_CHECKING:
    import subprocess

    from kiosk.hub.dev.demo import DemoInfo
    from kiosk.paths import KioskPaths

DEMO_CONFIG = """\
# Written by `kiosk demo`. See resources/config.example.toml for every setting.
[location]
name = "Bibliotheek Demo"
country = "BE"

[session]
idle_timeout = 180
languages = ["nl", "fr", "en"]
"""


def register(subparsers: Subparsers) -> None:
    parser = add_command(
        subparsers, "demo", "start a local hub and an enrolled kiosk with sample data", handle
    )
    parser.add_argument(
        "--quit-after-ready",
        action="store_true",
        help="print ready_ms=<N> once the kiosk is painted, then exit (for tests)",
    )
    parser.add_argument(
        "--fullscreen", action="store_true", help="open the kiosk full-screen, not windowed"
    )


def demo_home(args: argparse.Namespace) -> Path:
    chosen = getattr(args, "home", None) or os.environ.get("KIOSK_HOME")
    if chosen:
        return Path(chosen).expanduser().absolute()
    import platformdirs

    return Path(platformdirs.user_data_dir("kiosk-demo", appauthor=False))


def handle(args: argparse.Namespace) -> int:
    from kiosk.commands.run import check_display, run_kiosk
    from kiosk.config import load_settings
    from kiosk.paths import home_paths

    home = demo_home(args)
    paths = home_paths(home)
    paths.ensure()
    if not paths.config_file.exists():
        paths.config_file.write_text(DEMO_CONFIG, encoding="utf-8")
    settings = load_settings(paths.config_file)
    check_display()
    print(f"Demo home: {home}")
    hub = start_demo_hub(home, paths)
    try:
        enroll_demo_kiosk(paths, hub)
        print(f"Hub dashboard: {hub.url}/login")
        print(f"  staff login: {hub.info.staff_email} / {hub.info.staff_password}")
        print("The kiosk opens now; close it (or press Ctrl-C here) to stop the demo.", flush=True)
        return run_kiosk(
            paths, settings, windowed=not args.fullscreen, quit_after_ready=args.quit_after_ready
        )
    finally:
        hub.stop()


class DemoHub:
    """The demo's hub: a `kiosk hub serve` child process on 127.0.0.1."""

    def __init__(self, url: str, process: subprocess.Popen[bytes], info: DemoInfo) -> None:
        self.url = url
        self.process = process
        self.info = info

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except Exception:
                self.process.kill()
                self.process.wait(timeout=10)


def _free_port(preferred: int) -> int:
    import socket

    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise OSError("no free port on 127.0.0.1")


def start_demo_hub(home: Path, paths: KioskPaths) -> DemoHub:
    """Seed the demo hub's database and start `kiosk hub serve` on 127.0.0.1."""
    import subprocess
    import sys
    import time

    import httpx

    from kiosk.errors import KioskError
    from kiosk.hub.dev.demo import seed_demo

    info = seed_demo(paths.hub_dir)
    port = _free_port(8470)
    url = f"http://127.0.0.1:{port}"
    log_file = (paths.log_dir / "demo-hub.log").open("ab")
    command = [sys.executable, "-m", "kiosk", "--home", str(home), "hub", "serve"]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    hub = DemoHub(url, process, info)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise KioskError(
                f"the demo hub stopped at start (exit {process.returncode}); "
                f"see {paths.log_dir / 'demo-hub.log'}"
            )
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return hub
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    hub.stop()
    raise KioskError(f"the demo hub did not answer in time; see {paths.log_dir / 'demo-hub.log'}")


def enroll_demo_kiosk(paths: KioskPaths, hub: DemoHub) -> None:
    """Enroll this kiosk with the demo hub (a fresh code from the seed, every start)."""
    import keyring

    from kiosk.sync.enrollment import enroll
    from kiosk.sync.memory_keyring import MemoryKeyring
    from kiosk.sync.token_store import insecure_reason

    reason = insecure_reason(keyring.get_keyring())
    if reason is not None:
        keyring.set_keyring(MemoryKeyring())
        print(
            "No secure keyring on this machine; the demo keeps its hub token in memory only "
            "(a real kiosk refuses to enroll without one)."
        )
    enrollment = enroll(paths.database, hub.url, hub.info.enroll_code, name="Demo kiosk")
    print(f"Enrolled as kiosk {enrollment.kiosk_id} at {enrollment.location}")
