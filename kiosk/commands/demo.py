"""`kiosk demo`: the one-command demo — a local hub and an enrolled kiosk with sample data.

Everything lives under a demo home folder (`--home`, else a `kiosk-demo` folder in the
platform's data dir), so the demo never touches a real installation.

The demo's hub is a child process: closing the kiosk, Ctrl-C and SIGTERM stop it (and on Linux
it is told to stop if the demo dies by SIGKILL). A second start reuses the demo's kiosk
(its enrollment and token) instead of enrolling another one. As root, QtWebEngine's sandbox
cannot run, so the demo turns it off and says so; a real kiosk runs as the kiosk user with it on.
"""

from __future__ import annotations

import argparse
import logging
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
languages = ["nl", "fr", "en", "ar", "tr", "pl", "uk"]
"""

#: The environment variable that turns QtWebEngine's sandbox off (docs/development.md).
NO_SANDBOX = "QTWEBENGINE_DISABLE_SANDBOX"


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
    _offer_every_language(paths.config_file)
    settings = load_settings(paths.config_file)
    check_display()
    print(f"Demo home: {home}")
    sandbox_off_as_root()
    hub = start_demo_hub(home, paths, idle_timeout=settings.session.idle_timeout)
    try:
        stop_on_signals(hub)
        enroll_demo_kiosk(paths, hub)
        print(f"Hub dashboard: {hub.url}/login")
        print(f"  staff login: {hub.info.staff_email} / {hub.info.staff_password}")
        print(f"  location admin PIN (Ctrl+Alt+V, Location admin): {hub.info.admin_pin}")
        if hub.info.invitation is not None:
            name, code = hub.info.invitation
            print(f"  invitation code of {name} for a first PIN: {code}")
        print("The kiosk opens now; close it (or press Ctrl-C here) to stop the demo.", flush=True)
        return run_kiosk(
            paths,
            settings,
            windowed=not args.fullscreen,
            quit_after_ready=args.quit_after_ready,
            quit_on_signals=True,
        )
    finally:
        hub.stop()


def _offer_every_language(config_file: Path) -> None:
    """A demo home made by an older demo offered nl/fr/en only: offer all seven."""
    text = config_file.read_text(encoding="utf-8")
    old = 'languages = ["nl", "fr", "en"]'
    if text.startswith("# Written by `kiosk demo`") and old in text:
        every = '["nl", "fr", "en", "ar", "tr", "pl", "uk"]'
        config_file.write_text(text.replace(old, f"languages = {every}"), encoding="utf-8")


def sandbox_off_as_root() -> None:
    """As root, turn QtWebEngine's sandbox off (it refuses to start otherwise), and say so."""
    from kiosk.i18n import _

    if not hasattr(os, "geteuid") or os.geteuid() != 0 or os.environ.get(NO_SANDBOX):
        return
    os.environ[NO_SANDBOX] = "1"
    print(
        _(
            "You run the demo as root, where the web browser's sandbox cannot work, so the demo "
            "turned it off ({setting}). A real kiosk runs as the kiosk user with the sandbox on."
        ).format(setting=f"{NO_SANDBOX}=1"),
        flush=True,
    )


def stop_on_signals(hub: DemoHub) -> None:
    """SIGTERM stops the demo like Ctrl-C: the kiosk closes, then its hub (`finally`)."""
    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


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


def set_location_idle_timeout(info: DemoInfo, seconds: int) -> None:
    """Give the demo's location `seconds` of idle time (its other settings stay)."""
    from kiosk.hub.db.engine import open_hub_db
    from kiosk.hub.locations import find_location, update_location

    db = open_hub_db(info.settings.db_url)
    try:
        location = find_location(db, info.location_id)
        if location.idle_timeout != seconds:
            update_location(
                db,
                location.id,
                idle_timeout=seconds,
                allowed_sites=list(location.allowed_sites),
                referrals=list(location.referrals),
            )
    finally:
        db.close()


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


def _stop_with_parent() -> None:
    """In the hub child, before exec: ask Linux for SIGTERM when the demo dies, even by SIGKILL."""
    import contextlib
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def start_demo_hub(home: Path, paths: KioskPaths, *, idle_timeout: int | None = None) -> DemoHub:
    """Seed the demo hub's database and start `kiosk hub serve` on 127.0.0.1. `idle_timeout`
    (the kiosk's own, from its config.toml or KIOSK_SESSION_IDLE_TIMEOUT) becomes the demo
    location's: an enrolled kiosk takes its idle time from the hub (README, "Configuration"),
    and the demo's hub should not overrule what the person starting the demo asked for."""
    import subprocess
    import sys
    import time

    import httpx

    from kiosk.errors import KioskError
    from kiosk.hub.dev.demo import seed_demo

    # the hub's migrations are the hub's business, not lines for the kiosk's log
    alembic = logging.getLogger("alembic")
    level = alembic.level
    alembic.setLevel(logging.WARNING)
    try:
        info = seed_demo(paths.hub_dir)
    finally:
        alembic.setLevel(level)
    if idle_timeout is not None:
        set_location_idle_timeout(info, idle_timeout)
    port = _free_port(8470)
    url = f"http://127.0.0.1:{port}"
    log_file = (paths.log_dir / "demo-hub.log").open("ab")
    command = [sys.executable, "-m", "kiosk", "--home", str(home), "hub", "serve"]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        stdout=log_file,
        stderr=subprocess.STDOUT,
        preexec_fn=_stop_with_parent if sys.platform.startswith("linux") else None,
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


DEMO_KEYRING = "demo-keyring.json"


def use_demo_keyring(paths: KioskPaths, *, create: bool) -> bool:
    """Keep the hub token in the demo home's file (`data/demo-keyring.json`) when this machine
    has no secure keyring; True when that file is now the keyring. `create=False` (every other
    command, e.g. `kiosk --home DEMO_HOME sync --once`) only uses a file the demo already made,
    so a real kiosk's home, which has none, never gets one."""
    file = paths.data_dir / DEMO_KEYRING
    if not create and not file.exists():
        return False
    import keyring

    from kiosk.sync.token_store import insecure_reason, keyring_answers

    # Ask before importing our own backends: keyring would pick one of them by itself. A secure
    # keyring that does not answer (locked, waiting for an unlock prompt) is no keyring here.
    backend = keyring.get_keyring()
    if insecure_reason(backend) is None and keyring_answers(backend):
        return False
    from kiosk.sync.memory_keyring import FileKeyring

    keyring.set_keyring(FileKeyring(file))
    return True


def enroll_demo_kiosk(paths: KioskPaths, hub: DemoHub) -> None:
    """Reuse the demo's kiosk when its token still works; else enroll it (a fresh code)."""
    from kiosk.store import RecordStore, open_database
    from kiosk.sync.enrollment import enroll, read_enrollment

    if use_demo_keyring(paths, create=True):
        print(
            "No secure keyring that answers on this machine; the demo keeps its hub token in a "
            "file of the demo home (a real kiosk refuses to enroll without one)."
        )
    database = open_database(paths.database)
    try:
        store = RecordStore(database)
        known = read_enrollment(store)
        if known is not None and _token_works(hub.url, known.kiosk_id):
            state = store.get_state("enrollment") or {}
            store.set_state("enrollment", {**state, "hub_url": hub.url})  # the port may differ
            print(f"Reusing the demo kiosk {known.kiosk_id} at {known.location}")
            return
    finally:
        database.close()
    enrollment = enroll(paths.database, hub.url, hub.info.enroll_code, name="Demo kiosk")
    print(f"Enrolled as kiosk {enrollment.kiosk_id} at {enrollment.location}")


def _token_works(hub_url: str, kiosk_id: str) -> bool:
    """True when the kept token of `kiosk_id` is still accepted by the demo's hub."""
    import httpx

    from kiosk.errors import KioskError
    from kiosk.sync.token_store import load_token

    try:
        token = load_token(kiosk_id)
    except KioskError:
        return False
    try:
        answer = httpx.get(
            f"{hub_url}/api/v1/kiosk/config",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
    except httpx.HTTPError:
        return False
    return answer.status_code == 200
