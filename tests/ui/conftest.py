"""Fixtures for UI tests: a kiosk built through kiosk.app with short timeouts and fixed tiles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.app import Kiosk, build_kiosk
from kiosk.config import SessionSettings, Settings
from kiosk.paths import home_paths
from kiosk.ui.screens.home import TileData
from kiosk.ui.tiles import TilesLoader

TILES = [
    TileData(
        "meter-reading",
        "energy",
        {"nl": "Meterstand doorgeven", "en": "Submit your meter reading", "fr": "Relevé"},
        {"nl": "Geef uw meterstand door.", "en": "Send your meter reading."},
        "nl",
        None,
        10,
    ),
    TileData(
        "read-qr-code",
        "money",
        {"nl": "QR-code lezen", "en": "Read a QR code"},
        {"nl": "Wat vraagt de code?", "en": "What does the code ask?"},
        "nl",
        None,
        5,
    ),
]


@pytest.fixture
def shown_kiosk(qtbot, kiosk_home: Path) -> Iterator[Callable[..., Kiosk]]:  # type: ignore[no-untyped-def]
    """make(settings, tiles_loader, size=(1366, 768)): a kiosk built through kiosk.app in the
    test's home, shown and exposed; shut down after the test."""
    built: list[Kiosk] = []

    def make(
        settings: Settings, tiles_loader: TilesLoader, size: tuple[int, int] = (1366, 768)
    ) -> Kiosk:
        kiosk = build_kiosk(settings, home_paths(kiosk_home), tiles_loader=tiles_loader)
        qtbot.addWidget(kiosk.window)
        kiosk.window.resize(*size)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        built.append(kiosk)
        return kiosk

    yield make
    for kiosk in built:
        kiosk.shutdown()


@pytest.fixture
def make_kiosk(shown_kiosk: Callable[..., Kiosk]) -> Callable[..., Kiosk]:
    def make(idle_timeout: float = 60, countdown: int = 30, **session: object) -> Kiosk:
        settings = Settings(
            session=SessionSettings(idle_timeout=idle_timeout, countdown=countdown, **session)  # type: ignore[arg-type]
        )
        return shown_kiosk(settings, lambda _p: TILES)

    return make
