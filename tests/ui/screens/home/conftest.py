"""Fixtures for the home-screen tests: many tiles over several categories, with real icons, and
the kiosk's app style sheet (what tiles look like) for the screens built here."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk import resources
from kiosk.ui.screens.home import TileData
from kiosk.ui.shell.theme import Theme

CATEGORIES = ("energy", "money", "government", "health", "mystery")


def icon_files(folder: Path) -> list[Path]:
    """Copies of the shipped guides' SVG icons."""
    folder.mkdir(parents=True, exist_ok=True)
    icons = []
    for source in sorted(resources.builtin_guides_dir().glob("*/images/*.svg")):
        target = folder / source.name
        shutil.copyfile(source, target)
        icons.append(target)
    return icons


def many_tiles(count: int, icons: list[Path]) -> list[TileData]:
    """`count` tiles over five categories (one unknown), some without an icon or duration."""
    return [
        TileData(
            guide_id=f"guide-{index:03d}",
            category=CATEGORIES[index % len(CATEGORIES)],
            titles={"en": f"Task number {index:03d}", "nl": f"Taak nummer {index:03d}"},
            summaries={"en": f"What task {index} does.", "nl": f"Wat taak {index} doet."},
            fallback_language="en",
            icon=icons[index % len(icons)] if index % 7 else None,
            duration_minutes=(index % 4) * 5 or None,
        )
        for index in range(count)
    ]


@pytest.fixture
def icons(tmp_path: Path) -> list[Path]:
    return icon_files(tmp_path / "icons")


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[object]:
    """styled(text_scale, high_contrast) -> Theme, with its style sheet on the application."""
    previous = qapp.styleSheet()

    def apply(text_scale: int = 100, high_contrast: bool = False) -> Theme:
        theme = Theme.create(text_scale, high_contrast)
        qapp.setStyleSheet(theme.stylesheet())
        return theme

    yield apply
    qapp.setStyleSheet(previous)
