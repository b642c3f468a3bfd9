"""Screenshots of the kiosk's shell screens for docs/ (offscreen; run with `make screenshots`).

    python scripts/screenshots.py docs

Writes docs/home-1366x768.png, docs/home-1920x1080.png, docs/screens/shell-*.png and
docs/screens/a11y-home-{ar,uk,tr}.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.app import build_kiosk  # noqa: E402
from kiosk.config import LocationSettings, SessionSettings, Settings  # noqa: E402
from kiosk.paths import home_paths  # noqa: E402


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


if __name__ == "__main__":
    main()
