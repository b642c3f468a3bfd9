"""`kiosk demo`: the one-command demo — a local hub and an enrolled kiosk with sample data.

Everything lives under a demo home folder (`--home`, else a `kiosk-demo` folder in the
platform's data dir), so the demo never touches a real installation.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from kiosk.commands import add_command

DEMO_CONFIG = """\
# Written by `kiosk demo`. See resources/config.example.toml for every setting.
[location]
name = "Bibliotheek Demo"
country = "BE"

[session]
idle_timeout = 180
languages = ["nl", "fr", "en"]
"""


def register(subparsers: Any) -> None:
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
    print(
        "The hub is not part of this version yet (issue #5): the demo runs the kiosk alone, "
        "without sync."
    )
    return run_kiosk(
        paths, settings, windowed=not args.fullscreen, quit_after_ready=args.quit_after_ready
    )
