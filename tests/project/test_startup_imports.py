"""Start-up stays light: what `kiosk run` has imported and built when the home screen is painted.

Not a timing test (bench/startup.py measures that): it checks, in a fresh offscreen process that
starts the kiosk as `kiosk run` does, that none of the heavy modules are imported before the
first paint, and that no overlay is built before it is used. Those are what made start-up slow
(issue #2): the help point, babel's date and number formatting, the store, sync, web pages,
speech and the accessibility helpers all load when first needed instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Modules (and packages, with everything under them) that must not be loaded at start-up.
HEAVY = (
    "babel.dates",
    "babel.numbers",
    "sqlalchemy",
    "httpx",
    "cryptography",
    "yaml",
    "kiosk.store",
    "kiosk.sync",
    "kiosk.guides",
    "kiosk.domain",
    "kiosk.ui.a11y",
    "kiosk.ui.flows.location_admin",
    "kiosk.services",
    "kiosk.ui.screens.location_admin",
    "kiosk.ui.screens.volunteer",
    "kiosk.ui.screens.session_form",
    "kiosk.ui.screens.guide",
    "kiosk.ui.shell.speech",
    "kiosk.ui.steps",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtMultimedia",
    "PySide6.QtTextToSpeech",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtSvg",
)

# Started as run.py's run_kiosk does, up to the first paint of the home screen. The default
# language's catalog is loaded first: a checkout without compiled .mo files compiles it with
# babel.messages (which imports babel.dates); an installed kiosk ships the .mo files.
CHILD = """
import json, sys
from pathlib import Path

import kiosk.cli
import kiosk.commands.run
from kiosk import i18n
from kiosk.config import load_settings
from kiosk.paths import home_paths

paths = home_paths(Path(sys.argv[1]))
settings = load_settings(paths.config_file)
i18n.translations_for(settings.session.default_language)
before = set(sys.modules)

from kiosk.app import build_kiosk, show_kiosk
from kiosk.ui.shell.qt_app import FirstPaint

kiosk = build_kiosk(settings, paths)
seen = {}

def ready():
    seen["modules"] = sorted(set(sys.modules) - before)
    seen["overlays"] = [type(o).__name__ for o in kiosk.window.overlays]
    kiosk.window.allow_close()
    kiosk.app.quit()

FirstPaint(kiosk.home, ready)
show_kiosk(kiosk, windowed=True)
kiosk.app.exec()
kiosk.shutdown()
print(json.dumps(seen))
"""

WARM_TILE_INDEX = """
import sys
from pathlib import Path
from kiosk.ui.tiles import load_tiles
from kiosk.paths import home_paths
load_tiles(home_paths(Path(sys.argv[1])))
"""


def run_child(code: str, home: Path) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("KIOSK_HOME", None)
    result = subprocess.run(
        [sys.executable, "-c", code, str(home)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def is_heavy(module: str) -> bool:
    return any(module == heavy or module.startswith(heavy + ".") for heavy in HEAVY)


def test_first_paint_imports_no_heavy_module_and_builds_no_overlay(tmp_path: Path) -> None:
    # The second start of a kiosk: the first one wrote the tile index (a changed guide makes
    # start-up load the guide catalog, on purpose).
    run_child(WARM_TILE_INDEX, tmp_path)
    seen = json.loads(run_child(CHILD, tmp_path).strip().splitlines()[-1])

    modules = seen["modules"]
    assert "kiosk.ui.screens.home" in modules  # the child did start the kiosk
    assert [m for m in modules if is_heavy(m)] == []
    assert seen["overlays"] == []


def test_the_heavy_check_matches_packages_and_their_modules_only() -> None:
    assert is_heavy("sqlalchemy.orm")
    assert is_heavy("kiosk.ui.a11y")
    assert is_heavy("PySide6.QtWebEngineWidgets")
    assert not is_heavy("kiosk.ui.a11y_colours")
    assert not is_heavy("babel")
    assert not is_heavy("kiosk.ui.screens.home")
