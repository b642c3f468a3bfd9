"""For bench/startup.py: `kiosk run --quit-after-ready` as run.py does it, for a kiosk home given
on the command line, that also prints `tiles_ms` once the home screen's last tile exists."""

import sys
from pathlib import Path

from kiosk.app import build_kiosk, show_kiosk
from kiosk.config import load_settings
from kiosk.paths import home_paths
from kiosk.ui.shell.qt_app import FirstPaint, process_uptime_ms

paths = home_paths(Path(sys.argv[1]))
kiosk = build_kiosk(load_settings(paths.config_file), paths)
state = {"ready": False, "tiles": kiosk.home.pending_tiles == 0}


def finish() -> None:
    if state["ready"] and state["tiles"]:
        kiosk.window.allow_close()
        kiosk.app.quit()


def ready() -> None:
    print(f"ready_ms={process_uptime_ms():.0f}", flush=True)
    state["ready"] = True
    finish()


def tiles() -> None:
    print(f"tiles_ms={process_uptime_ms():.0f}", flush=True)
    state["tiles"] = True
    finish()


if state["tiles"]:
    print("tiles_ms=nan", flush=True)
kiosk.home.tiles_finished.connect(tiles)
FirstPaint(kiosk.home, ready)
show_kiosk(kiosk, windowed=True)
try:
    code = kiosk.app.exec()
finally:
    kiosk.shutdown()
sys.exit(code)
