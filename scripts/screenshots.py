"""Screenshots of the kiosk's shell screens for docs/ (offscreen; run with `make screenshots`).

    python scripts/screenshots.py docs

Writes docs/home-1366x768.png, docs/home-1920x1080.png, docs/screens/shell-*.png,
docs/screens/a11y-home-{ar,uk,tr}.png, and a guide step (the meter-reading guide's choice and
EAN code steps) in Arabic, Ukrainian and Turkish, at 200 % text and in high contrast:
docs/screens/a11y-step-*.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.app import Kiosk, build_kiosk
from kiosk.config import DisplaySettings, LocationSettings, SessionSettings, Settings
from kiosk.paths import home_paths
from kiosk.ui.tiles import load_tiles

SEVEN = ("nl", "fr", "en", "ar", "tr", "pl", "uk")


def settle(kiosk: object) -> None:
    for _ in range(10):
        kiosk.app.processEvents()  # type: ignore[attr-defined]


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    (out / "screens").mkdir(parents=True, exist_ok=True)
    settings = Settings(
        location=LocationSettings(name="Bibliotheek Gent — Digipunt"),
        session=SessionSettings(languages=("nl", "fr", "en", "ar", "tr", "pl", "uk")),
    )
    kiosk = build_kiosk(settings, home_paths(Path(tempfile.mkdtemp())), open_store=False)
    window = kiosk.window
    for width, height in ((1366, 768), (1920, 1080)):
        window.resize(width, height)
        window.show()
        window.apply_language("nl")
        settle(kiosk)
        window.grab().save(str(out / f"home-{width}x{height}.png"))
    window.resize(1366, 768)
    settle(kiosk)
    window.apply_language("en")
    settle(kiosk)
    window.grab().save(str(out / "screens" / "shell-home-en.png"))
    window.apply_language("fr")
    window.language_overlay.open()
    settle(kiosk)
    window.grab().save(str(out / "screens" / "shell-language.png"))
    window.close_overlays()
    window.apply_language("nl")
    window.countdown.start()
    settle(kiosk)
    window.grab().save(str(out / "screens" / "shell-countdown.png"))
    window.close_overlays()
    window.show_help()
    settle(kiosk)
    window.grab().save(str(out / "screens" / "shell-help.png"))
    window.close_overlays()
    for language in ("ar", "uk", "tr"):
        window.apply_language(language)
        settle(kiosk)
        window.grab().save(str(out / "screens" / f"a11y-home-{language}.png"))
    window.apply_language("nl")
    kiosk.shutdown()
    guide_steps(out / "screens")


def _guide_kiosk(display: DisplaySettings) -> Kiosk:
    settings = Settings(
        location=LocationSettings(name="Bibliotheek Gent — Digipunt"),
        session=SessionSettings(languages=SEVEN),
        display=display,
    )
    home = home_paths(Path(tempfile.mkdtemp()))
    kiosk = build_kiosk(settings, home, open_store=False, tiles_loader=load_tiles)
    kiosk.window.resize(1366, 768)
    kiosk.window.show()
    return kiosk


def _show_step(kiosk: Kiosk, step_id: str) -> None:
    """Open the meter-reading guide at `step_id` (the digital-meter path)."""
    flow = kiosk.flows.guides
    assert flow is not None
    guide = flow.load_guide("meter-reading")
    assert guide is not None
    screen = flow.start_guide(guide)
    screen.go_next()  # past the intro
    run = screen.run
    while run.current.id != step_id:
        if run.current.id == "meter-type":
            run.choose(0)
        elif run.current.id == "ask-ean":
            run.answer("541448820000000008")
        else:
            run.next()
    screen.show_step()
    settle(kiosk)


def guide_steps(screens: Path) -> None:
    kiosk = _guide_kiosk(DisplaySettings())
    for language in ("ar", "uk", "tr"):
        kiosk.window.apply_language(language)
        for step_id, name in (("meter-type", "choice"), ("ask-ean", "input")):
            _show_step(kiosk, step_id)
            kiosk.window.grab().save(str(screens / f"a11y-step-{name}-{language}.png"))
    kiosk.shutdown()
    for display, name in (
        (DisplaySettings(text_scale=200), "200"),
        (DisplaySettings(high_contrast=True), "contrast"),
    ):
        kiosk = _guide_kiosk(display)
        kiosk.window.apply_language("nl")
        _show_step(kiosk, "meter-type")
        kiosk.window.grab().save(str(screens / f"a11y-step-choice-{name}.png"))
        _show_step(kiosk, "read-digital")
        kiosk.window.grab().save(str(screens / f"a11y-step-info-{name}.png"))
        kiosk.shutdown()


if __name__ == "__main__":
    main()
