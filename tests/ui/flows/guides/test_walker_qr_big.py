"""The QR step's big code at 200 % text on 1280x720 (#23, stranger round 6): "More below" no
longer covers the big page's "Back". The full walk (test_walker.py) finds it too; this walks
only the QR guide at that size, quickly, and keeps a picture of it."""

from __future__ import annotations

import time
from pathlib import Path

from kiosk.qr.scan import ScanSources
from tests.support.walker import DEFAULT_CHECKS, Place, Walker, shipped_guides
from tests.ui.flows.guides.conftest import PLATFORM_NOISE

pytestmark = PLATFORM_NOISE

SHOTS = Path("/work/notes/shots/s6-23")


def test_the_big_code_at_200_percent_hides_nothing(make_kiosk, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(languages=("nl", "ar"), default_language="nl")
    flow = kiosk.flows.guides
    flow.speech_engine = "mock"
    scans = tmp_path / "scans"
    scans.mkdir()
    flow.qr_sources = ScanSources(decoder=None, scans=scans, usb_roots=())
    shots: list[str] = []

    def picture(window, place: Place) -> list[str]:  # type: ignore[no-untyped-def]
        """A picture of the big code at 1280x720, to look at."""
        if "shown bigger" in place.what and place.size == (1280, 720):
            name = f"qr-big-200-1280x720-{place.language}.png"
            shots.append(name)
            if SHOTS.is_dir():
                window.grab().save(str(SHOTS / name))
        return []

    walker = Walker(
        kiosk, qtbot, checks=(*DEFAULT_CHECKS, picture), sizes=((1280, 720), (1366, 768))
    )
    walker._started = time.monotonic()
    guide = next(g for g in shipped_guides() if g.id == "read-qr-code")
    kiosk.window.apply_display(200, False)
    for language in ("nl", "ar"):
        kiosk.window.apply_language(language)
        walker._walk_guide(guide, 200, language)
    assert walker.visited > 10
    assert len(shots) == 2  # the big code was reached in both languages
    title = flow.screen.title if flow.screen is not None else None
    assert title is None or title.accessibleName()
    assert walker.findings == [], "\n".join(walker.findings)
