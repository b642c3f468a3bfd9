"""With many guides the home screen builds its first screenful of tiles at once and the rest
right after the first paint. Nothing of that may show: the same tiles, order, headings, look and
Tab order as building them all at once, and every API answers for every tile at any moment."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QWidget

from kiosk import i18n
from kiosk.ui import screens
from kiosk.ui.a11y import interactive_widgets, reading_order, tab_order
from kiosk.ui.screens.home import CATEGORY_NAMES, FIRST_TILES, HomeScreen
from kiosk.ui.shell.theme import CATEGORY_COLOURS, CATEGORY_ORDER
from kiosk.ui.widgets.icon_cache import IconCache
from kiosk.ui.widgets.tile import GuideTileButton
from tests.ui.screens.home.conftest import many_tiles

COUNT = 40


def shown(qtbot, home: HomeScreen, size: tuple[int, int] = (1366, 700)) -> HomeScreen:  # type: ignore[no-untyped-def]
    qtbot.addWidget(home)
    home.resize(*size)
    if home.pending_tiles:
        with qtbot.waitSignal(home.tiles_finished, timeout=5000):
            home.show()
    else:
        home.show()
    qtbot.waitExposed(home)
    return home


def grid_rows(home: HomeScreen) -> list[tuple[int, int, str]]:
    """What the grid holds, by (row, column): a tile's guide id or a heading's text."""
    grid = home._grid
    cells = []
    for index in range(grid.count()):
        item = grid.itemAt(index)
        assert item is not None
        widget = item.widget()
        row, column, _rows, _columns = grid.getItemPosition(index)
        name = widget.text() if isinstance(widget, QLabel) else ""
        for guide_id in home.guide_ids:
            if home._buttons.get(guide_id) is widget:
                name = guide_id
        cells.append((row, column, name))
    return sorted(cells)


def test_the_first_screenful_is_built_at_once_and_the_rest_after_the_first_paint(  # type: ignore[no-untyped-def]
    qtbot, styled, icons
) -> None:
    tiles = many_tiles(COUNT, icons)
    home = HomeScreen(styled(), tiles)
    assert home.pending_tiles == COUNT - FIRST_TILES
    assert len(home.findChildren(GuideTileButton)) == FIRST_TILES
    assert sorted(home.guide_ids) == sorted(t.guide_id for t in tiles)

    shown(qtbot, home)
    assert home.pending_tiles == 0
    assert len(home.findChildren(GuideTileButton)) == COUNT
    # Grouped by category, in the kiosk's category order (the unknown one last), then by title.
    order = [*CATEGORY_ORDER, "mystery"]
    by_id = {t.guide_id: t for t in tiles}
    expected = sorted(tiles, key=lambda t: (order.index(t.category), t.title("en")))
    assert home.guide_ids == [t.guide_id for t in expected]
    for guide_id in home.guide_ids:
        button = home.tile_button(guide_id)
        assert button.isVisible()
        assert button.accessibleName() == by_id[guide_id].title("en")
        assert button.title_label.text() == by_id[guide_id].title("en")


@pytest.mark.parametrize(
    ("text_scale", "high_contrast", "language"),
    [(100, False, "en"), (200, True, "ar"), (150, False, "nl")],
)
def test_building_later_looks_exactly_like_building_at_once(  # type: ignore[no-untyped-def]
    qtbot, styled, icons, monkeypatch, text_scale: int, high_contrast: bool, language: str
) -> None:
    i18n.set_language(language)
    theme = styled(text_scale, high_contrast)
    direction = (
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )
    tiles = many_tiles(COUNT, icons)
    later = HomeScreen(theme, tiles)
    later.setLayoutDirection(direction)
    assert later.pending_tiles
    shown(qtbot, later)
    monkeypatch.setattr(screens.home, "FIRST_TILES", 1000)
    at_once = HomeScreen(theme, tiles)
    at_once.setLayoutDirection(direction)
    assert at_once.pending_tiles == 0
    shown(qtbot, at_once)

    assert grid_rows(later) == grid_rows(at_once)
    headings = [name for _row, column, name in grid_rows(later) if not name.startswith("guide-")]
    assert headings == [
        i18n._(CATEGORY_NAMES.get(c, CATEGORY_NAMES["other"]))
        for c in [*CATEGORY_ORDER, "mystery"]
        if any(t.category == c for t in tiles)
    ]
    qtbot.waitUntil(lambda: later._grid_host.size() == at_once._grid_host.size())
    for screen in (later, at_once):  # the active one rings its first tile; the other not
        focused = screen.focusWidget()
        if focused is not None:
            focused.clearFocus()
    # The grid (headings and tiles), not the big title above it: at 200 % Arabic its edges can
    # come out a shade different (anti-aliasing) depending on what the process drew before.
    first = later._grid_host.grab().toImage()
    second = at_once._grid_host.grab().toImage()
    assert first.size() == second.size()
    assert first == second


def test_tiles_wear_their_category_colour(qtbot, styled, icons) -> None:  # type: ignore[no-untyped-def]
    home = shown(qtbot, HomeScreen(styled(), many_tiles(COUNT, icons)))
    for tile in many_tiles(COUNT, icons):  # built at once and built later
        button = home.tile_button(tile.guide_id)
        colour = QColor(CATEGORY_COLOURS.get(tile.category, CATEGORY_COLOURS["other"]))
        picture = button.icon_label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        assert picture.pixelColor(2, picture.height() // 2) == colour, tile.category
        assert button.category_label.palette().color(button.category_label.foregroundRole()) == (
            colour
        )


def test_tile_button_builds_a_waiting_tile_at_once(qtbot, styled, icons) -> None:  # type: ignore[no-untyped-def]
    home = HomeScreen(styled(), many_tiles(COUNT, icons))  # never shown, never painted
    qtbot.addWidget(home)
    last = home.guide_ids[-1]
    with qtbot.waitSignal(home.tiles_finished, timeout=1000):
        button = home.tile_button(last)
    assert button.title_label.text() == "Task number 039"
    assert home.pending_tiles == 0


def test_new_tiles_while_others_wait_replace_them(qtbot, styled, icons) -> None:  # type: ignore[no-untyped-def]
    home = HomeScreen(styled(), many_tiles(COUNT, icons))
    qtbot.addWidget(home)
    home.resize(1366, 700)
    home.show()
    qtbot.waitUntil(lambda: home._painted)
    assert home.pending_tiles  # the rest is queued, not built yet
    newer = many_tiles(25, icons)[5:]
    with qtbot.waitSignal(home.tiles_finished, timeout=5000):
        home.set_tiles(newer)
    assert sorted(home.guide_ids) == sorted(t.guide_id for t in newer)
    qtbot.waitUntil(lambda: len(home.findChildren(GuideTileButton)) == len(newer))
    assert {home.tile_button(t.guide_id) for t in newer} == set(home.findChildren(GuideTileButton))


def test_a_language_switch_reaches_the_tiles_built_later(qtbot, styled, icons) -> None:  # type: ignore[no-untyped-def]
    home = HomeScreen(styled(), many_tiles(COUNT, icons))
    qtbot.addWidget(home)
    i18n.set_language("nl")
    home.retranslate_ui()
    home.finish_tiles()
    titles = {home.tile_button(g).title_label.text() for g in home.guide_ids}
    assert titles == {f"Taak nummer {index:03d}" for index in range(COUNT)}
    headings = {label.text() for label in home._headings.values()}
    assert i18n._("Energy") in headings
    assert "Energy" not in headings


def test_tab_goes_through_every_tile_in_reading_order(qtbot, kiosk_home: Path, icons) -> None:  # type: ignore[no-untyped-def]
    from kiosk.app import build_kiosk
    from kiosk.config import Settings
    from kiosk.paths import home_paths

    tiles = many_tiles(30, icons)
    kiosk = build_kiosk(Settings(), home_paths(kiosk_home), tiles_loader=lambda _p: tiles)
    try:
        window = kiosk.window
        qtbot.addWidget(window)
        window.resize(1366, 768)
        assert kiosk.home.pending_tiles
        with qtbot.waitSignal(kiosk.home.tiles_finished, timeout=5000):
            window.show()
        qtbot.waitExposed(window)
        buttons = [kiosk.home.tile_button(g) for g in kiosk.home.guide_ids]
        order = tab_order(window)
        assert [w for w in order if isinstance(w, GuideTileButton)] == buttons
        # Once the grid has placed the tiles built last:
        # ("More below" under the tiles is a touch copy of scrolling, not a Tab stop: #23)
        qtbot.waitUntil(
            lambda: (
                order
                == [
                    w
                    for w in reading_order(interactive_widgets(window), window)
                    if not w.property("touchCopyOfKeyboard")
                ]
            )
        )

        # Really press Tab, from the last tile built at once to the first one built later.
        window.activateWindow()
        buttons[FIRST_TILES - 1].setFocus()
        qtbot.waitUntil(lambda: window.focusWidget() is buttons[FIRST_TILES - 1])
        for expected in buttons[FIRST_TILES : FIRST_TILES + 3]:
            qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Tab)
            assert window.focusWidget() is expected
            # The scroll area brings the focused tile into view.
            viewport = kiosk.home._scroll.viewport()
            centre = expected.mapTo(viewport, QPoint(expected.width() // 2, expected.height() // 2))
            assert viewport.rect().contains(centre)
    finally:
        kiosk.shutdown()


def test_icons_are_rendered_on_the_first_start_only(qtbot, kiosk_home: Path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.app import build_kiosk
    from kiosk.config import Settings
    from kiosk.paths import home_paths
    from kiosk.ui.tiles import load_tiles

    paths = home_paths(kiosk_home)
    rendered = []
    for _start in range(2):
        kiosk = build_kiosk(Settings(), paths, tiles_loader=load_tiles, open_store=False)
        qtbot.addWidget(kiosk.window)
        kiosk.home.finish_tiles()
        rendered.append(kiosk.home.icon_cache.rendered)
        kiosk.shutdown()
        kiosk.window.allow_close()
        kiosk.window.close()
    shipped = len(kiosk.home.guide_ids)
    assert rendered == [shipped, 0]
    assert len(list(paths.icon_cache_dir.glob("*.png"))) == shipped


def test_a_screen_without_an_icon_cache_folder_keeps_icons_in_memory(qtbot, styled, icons) -> None:  # type: ignore[no-untyped-def]
    cache = IconCache()
    home = HomeScreen(styled(), many_tiles(COUNT, icons), icon_cache=cache)
    qtbot.addWidget(home)
    home.finish_tiles()
    assert cache.folder is None
    assert cache.rendered == len(icons)  # each distinct icon once, for 40 tiles
    assert isinstance(home.tile_button(home.guide_ids[0]).icon_label, QWidget)
