"""`kiosk run`: the kiosk itself, full-screen (the default when no command is given)."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import socket
import sys
from typing import TYPE_CHECKING

from kiosk.commands import Subparsers, add_command, load_settings_for
from kiosk.errors import KioskError

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from kiosk.app import Kiosk
    from kiosk.config import Settings
    from kiosk.paths import KioskPaths


def register(subparsers: Subparsers) -> None:
    parser = add_command(subparsers, "run", "run the kiosk full-screen (the default)", handle)
    add_run_options(parser)


def add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="read settings from FILE instead")
    parser.add_argument(
        "--windowed", action="store_true", help="a normal window instead of full-screen (dev)"
    )
    parser.add_argument(
        "--quit-after-ready",
        action="store_true",
        help="print ready_ms=<N> once the home screen is painted, then exit (for benchmarks)",
    )


def _x_display_answers(display: str) -> bool:
    """True when the X server of `display` (":1", ":1.0", "localhost:10.0") takes a connection."""
    host, _colon, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not number.isdigit():
        return False
    try:
        if host in ("", "unix"):
            path = f"/tmp/.X11-unix/X{number}"
            for address in (path, "\0" + path):  # the file, or Linux's abstract socket
                with (
                    contextlib.suppress(OSError),
                    socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix,
                ):
                    unix.settimeout(2)
                    unix.connect(address)
                    return True
            return False
        with socket.create_connection((host, 6000 + int(number)), timeout=2):
            return True
    except OSError:
        return False


def _wayland_answers(name: str) -> bool:
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    path = name if name.startswith("/") else os.path.join(runtime, name)
    return os.path.exists(path)


def display_problem() -> str | None:
    """Why Qt would abort for lack of a display here (Linux), or None when there is one."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, eglfs, vnc, ...: no desktop session needed
    wayland, x11 = os.environ.get("WAYLAND_DISPLAY", ""), os.environ.get("DISPLAY", "")
    if not platform.startswith("xcb") and wayland and _wayland_answers(wayland):
        return None
    if not platform.startswith("wayland") and x11 and _x_display_answers(x11):
        return None
    if x11 or wayland:
        return f"the display {x11 or wayland} does not answer"
    return "no display found"


def check_display() -> None:
    """Refuse to start Qt where it would abort: a Linux machine with no usable display (one
    line and exit 1 instead of Qt's multi-line abort)."""
    problem = display_problem()
    if problem is None:
        return
    raise KioskError(
        f"{problem}; run it in a desktop session, under 'xvfb-run -a kiosk run --windowed', "
        "or with QT_QPA_PLATFORM=offscreen"
    )


def check_not_root(settings: Settings) -> None:
    """Refuse to run the kiosk as root, unless `[system] allow_root` says this is a test box."""
    from kiosk.i18n import _

    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    if settings.system.allow_root:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # it refuses root otherwise
        log.warning(
            "running as root on purpose ([system] allow_root, KIOSK_SYSTEM_ALLOW_ROOT); the web "
            "pages' sandbox is off (%s=%s); a real kiosk runs as the kiosk user",
            "QTWEBENGINE_DISABLE_SANDBOX",
            os.environ["QTWEBENGINE_DISABLE_SANDBOX"],
        )
        return
    raise KioskError(
        _(
            "the kiosk does not run as root; run it as the kiosk user (see docs/deploy.md), "
            "or set {setting} on a test machine"
        ).format(setting="KIOSK_SYSTEM_ALLOW_ROOT=1")
    )


def handle(args: argparse.Namespace) -> int:
    paths, settings = load_settings_for(args)
    check_display()
    check_not_root(settings)
    return run_kiosk(
        paths, settings, windowed=args.windowed, quit_after_ready=args.quit_after_ready
    )


def run_kiosk(
    paths: KioskPaths,
    settings: Settings,
    *,
    windowed: bool,
    quit_after_ready: bool,
    quit_on_signals: bool = False,
) -> int:
    from kiosk.app import build_kiosk, show_kiosk
    from kiosk.ui.shell.lockdown import strip_remote_debugging
    from kiosk.ui.shell.qt_app import FirstPaint, process_uptime_ms

    strip_remote_debugging(argv=sys.argv)
    kiosk = build_kiosk(settings, paths)
    if quit_after_ready:

        def ready() -> None:
            print(f"ready_ms={process_uptime_ms():.0f}", flush=True)
            # Qt's quit() first closes every window, and the kiosk window refuses that
            # unless it was allowed (lockdown): allow it, as the admin screen's exit does.
            kiosk.window.allow_close()
            kiosk.app.quit()

        FirstPaint(kiosk.home, ready)
    if quit_on_signals:
        _quit_on_signals(kiosk)
    show_kiosk(kiosk, windowed=windowed)
    try:
        code = kiosk.app.exec()
    finally:
        kiosk.shutdown()
    return int(code)


def _quit_on_signals(kiosk: Kiosk) -> None:
    """Ctrl-C and SIGTERM close the window and end the event loop (the demo then stops its hub).

    Python runs signal handlers only between bytecodes, so a timer gives it a turn twice a
    second while Qt's event loop runs.
    """
    import signal

    from PySide6.QtCore import QTimer

    def stop(_signum: int, _frame: object) -> None:
        kiosk.window.allow_close()
        kiosk.app.quit()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    turn = QTimer(kiosk.window)
    turn.timeout.connect(lambda: None)
    turn.start(500)
