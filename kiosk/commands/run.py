"""`kiosk run`: the kiosk itself, full-screen (the default when no command is given)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from kiosk.commands import Subparsers, add_command, load_settings_for
from kiosk.errors import KioskError

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


def check_display() -> None:
    """Refuse to start Qt where it would abort: a Linux machine with no display."""
    if not sys.platform.startswith("linux"):
        return
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY"):
        return
    if os.environ.get("WAYLAND_DISPLAY"):
        return
    raise KioskError(
        "no display found; run it in a desktop session, under 'xvfb-run -a kiosk run --windowed', "
        "or with QT_QPA_PLATFORM=offscreen"
    )


def check_not_root(settings: Settings) -> None:
    """Refuse to run the kiosk as root, unless `[system] allow_root` says this is a test box."""
    from kiosk.i18n import _

    if settings.system.allow_root or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    raise KioskError(
        _(
            "the kiosk does not run as root; run it as the kiosk user (see docs/deploy.md), "
            "or set {setting} on a test machine"
        ).format(setting="KIOSK_SYSTEM_ALLOW_ROOT=1")
    )


def handle(args: argparse.Namespace) -> int:
    paths, settings = load_settings_for(args)
    check_not_root(settings)
    check_display()
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
