"""The home screen: "What do you want to do?" and one big tile per task guide, by category.

The screen renders the tiles it is given and emits `guide_chosen(guide_id)`; it knows nothing of
where guides come from. `set_tiles()` replaces the tiles live (new guides arrive from the hub).

Start-up stays fast with many guides: `set_tiles()` builds the first screenful of tiles at once
and the rest in chunks, one per event-loop turn, starting right after the screen's first paint.
They are added in reading order and linked into the Tab order after the tile before them;
`tile_button()` and `finish_tiles()` build whatever is still missing first. Icons come from an
`IconCache` (rendered once, kept as PNG files in the cache folder).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollBar, QVBoxLayout, QWidget

from kiosk.i18n import N_, _, current_language, ngettext
from kiosk.ui.shell.theme import CATEGORY_ORDER, Theme
from kiosk.ui.widgets.icon_cache import IconCache
from kiosk.ui.widgets.reading_area import ReadingArea
from kiosk.ui.widgets.tile import ICON_PX, GuideTileButton

CATEGORY_NAMES: dict[str, str] = {
    "energy": N_("Energy"),
    "money": N_("Money and bills"),
    "government": N_("Government"),
    "health": N_("Health"),
    "work": N_("Work"),
    "housing": N_("Housing"),
    "mobility": N_("Getting around"),
    "communication": N_("Phone, e-mail and apps"),
    "safety": N_("Safety online"),
    "other": N_("Other"),
}

TILE_MIN_WIDTH = 380
#: With more guides than this, the tiles are split under a heading per category; with fewer,
#: one grid in category order (each tile names its category) keeps every task on one screen.
HEADINGS_ABOVE = 9
#: Tiles built before the first paint: more than a 1920 x 1080 screen shows at 100 % text.
FIRST_TILES = 12
#: Tiles built per event-loop turn after the first paint.
CHUNK_TILES = 12


@dataclass(frozen=True)
class TileData:
    """What a tile shows of one guide, in every language the guide has."""

    guide_id: str
    category: str
    titles: Mapping[str, str]
    summaries: Mapping[str, str]
    fallback_language: str
    icon: Path | None = None
    duration_minutes: int | None = None

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles.get(self.fallback_language, self.guide_id)

    def summary(self, language: str) -> str:
        return self.summaries.get(language) or self.summaries.get(self.fallback_language, "")


class _TileArea(ReadingArea):
    """The tiles' scroll area: a reading area ("More below" in its own strip when tiles are
    below the view) that never takes a Tab stop of its own (an invisible one between the header
    and the first tile); it still scrolls every focused tile into view."""

    def _on_range_changed(self, minimum: int, maximum: int) -> None:
        super()._on_range_changed(minimum, maximum)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalScrollBar().setAccessibleName(_("Scroll the tasks"))  # not "Scroll: "


class HomeScreen(QWidget):
    guide_chosen = Signal(str)
    #: Every tile of the last `set_tiles()` exists now.
    tiles_finished = Signal()

    def __init__(
        self,
        theme: Theme,
        tiles: Sequence[TileData] = (),
        parent: QWidget | None = None,
        *,
        icon_cache: IconCache | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("Screen")
        self._theme = theme
        self._icons = icon_cache if icon_cache is not None else IconCache()
        self._tiles: list[TileData] = []
        self._buttons: dict[str, GuideTileButton] = {}
        self._headings: dict[str, QLabel] = {}
        self._columns = 0
        self._painted = False
        self._chunk_queued = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # "More below" when tiles are below the view (they were cut off at 1366x768, #23).
        self._scroll = _TileArea(self)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Its scroll bar is a touch target like the tiles: 48 px wide (the theme's "tasks").
        self._scroll.verticalScrollBar().setProperty("role", "tasks")
        layout.addWidget(self._scroll)

        self._content = QWidget()
        self._content.setObjectName("Screen")
        self._content_layout = QVBoxLayout(self._content)
        self._content_layout.setContentsMargins(48, 24, 48, 48)
        self._content_layout.setSpacing(18)
        self._title = QLabel(self._content)
        self._title.setProperty("role", "title")
        self._title.setWordWrap(True)
        self._subtitle = QLabel(self._content)
        self._subtitle.setProperty("role", "muted")
        self._subtitle.setWordWrap(True)
        self._empty = QLabel(self._content)
        self._empty.setWordWrap(True)
        self._content_layout.addWidget(self._title)
        self._content_layout.addWidget(self._subtitle)
        self._content_layout.addWidget(self._empty)
        self._grid_host = QWidget(self._content)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 8, 0, 0)
        self._grid.setHorizontalSpacing(24)
        self._grid.setVerticalSpacing(20)
        self._content_layout.addWidget(self._grid_host)
        self._content_layout.addStretch(1)
        self._scroll.setWidget(self._content)

        self.set_tiles(tiles)

    # -- public --------------------------------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        """Another text size or contrast (the "Aa" control): the tiles are made again."""
        self._theme = theme
        self.set_tiles(self._tiles)
        self._columns = 0  # sizes changed: lay the tiles out again
        self._relayout()

    def set_tiles(self, tiles: Sequence[TileData]) -> None:
        """Show `tiles`: the first screenful now, the rest right after the first paint."""
        for widget in [*self._buttons.values(), *self._headings.values()]:
            # Hidden and deleted, never made a window of its own (setParent(None)): a window
            # made and destroyed while the kiosk is shown takes the window's activation away.
            widget.hide()
            widget.deleteLater()
        self._buttons.clear()
        self._headings.clear()
        order = {category: index for index, category in enumerate(CATEGORY_ORDER)}
        self._tiles = sorted(
            tiles, key=lambda t: (order.get(t.category, len(order)), t.title(current_language()))
        )
        self._build(FIRST_TILES)
        self._retranslate_fixed()
        if self.pending_tiles:
            self._queue_chunk()

    def finish_tiles(self) -> None:
        """Build every tile still waiting for its turn, now."""
        if self.pending_tiles:
            self._build(len(self._tiles))

    def tile_button(self, guide_id: str) -> GuideTileButton:
        if guide_id not in self._buttons:
            self.finish_tiles()
        return self._buttons[guide_id]

    def scroll_to_top(self) -> None:
        """Show the top of the screen (the title and the first tiles), as at start."""
        self._scroll.verticalScrollBar().setValue(0)

    def first_tile(self) -> GuideTileButton | None:
        """The first tile in reading order (None without guides)."""
        return self._buttons[self._tiles[0].guide_id] if self._tiles and self._buttons else None

    @property
    def scroll_bar(self) -> QScrollBar:
        """The scroll bar of the tiles (named, and as wide as a touch target)."""
        return self._scroll.verticalScrollBar()

    @property
    def icon_cache(self) -> IconCache:
        return self._icons

    @property
    def pending_tiles(self) -> int:
        """How many tiles are still to be built (after the first paint)."""
        return len(self._tiles) - len(self._buttons)

    @property
    def guide_ids(self) -> list[str]:
        return [tile.guide_id for tile in self._tiles]

    def retranslate_ui(self) -> None:
        self._retranslate_fixed()
        for tile in self._tiles[: len(self._buttons)]:
            self._set_texts(tile)
        for category, heading in self._headings.items():
            heading.setText(_(CATEGORY_NAMES.get(category, CATEGORY_NAMES["other"])))
        # Re-add the tiles: the grid keeps the tiles' old heights for their width after a
        # language switch otherwise, and longer texts (Arabic, Turkish at 200 %) get cut off.
        self._columns = 0
        self._relayout()

    # -- building tiles ------------------------------------------------------------------------

    def _build(self, count: int) -> None:
        """Build the next `count` tiles (in reading order) and lay them out."""
        built = len(self._buttons)
        previous = self._buttons[self._tiles[built - 1].guide_id] if built else None
        for tile in self._tiles[built : built + count]:
            if tile.category not in self._headings:
                heading = QLabel(self._grid_host)
                heading.setProperty("role", "heading")
                heading.setText(_(CATEGORY_NAMES.get(tile.category, CATEGORY_NAMES["other"])))
                self._headings[tile.category] = heading
            button = GuideTileButton(
                self._theme.category_colour(tile.category),
                self._icons.pixmap(tile.icon, ICON_PX),
                self._grid_host,
                text_colour=self._theme.category_text_colour(tile.category),
            )
            button.clicked.connect(
                lambda _checked=False, gid=tile.guide_id: self.guide_chosen.emit(gid)
            )
            self._buttons[tile.guide_id] = button
            self._set_texts(tile)
            if self._grid_host.isVisible():
                button.show()  # a child made after its parent was shown stays hidden
            if previous is not None:
                # A tile made later joins the end of the window's Tab chain: put it back
                # right after the tile before it.
                QWidget.setTabOrder(previous, button)
            previous = button
        self._columns = 0
        self._relayout()
        if not self.pending_tiles:
            self._icons.prune()
            self.tiles_finished.emit()

    def _queue_chunk(self) -> None:
        if self._painted and not self._chunk_queued:
            self._chunk_queued = True
            QTimer.singleShot(0, self, self._build_chunk)

    def _build_chunk(self) -> None:
        self._chunk_queued = False
        if self.pending_tiles:
            self._build(CHUNK_TILES)
        if self.pending_tiles:
            self._queue_chunk()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self.pending_tiles:
                self._queue_chunk()

    def _set_texts(self, tile: TileData) -> None:
        language = current_language()
        meta = ""
        if tile.duration_minutes:
            minutes = tile.duration_minutes
            meta = ngettext("About {n} minute", "About {n} minutes", minutes).format(n=minutes)
        category = _(CATEGORY_NAMES.get(tile.category, CATEGORY_NAMES["other"]))
        self._buttons[tile.guide_id].set_texts(
            category, tile.title(language), tile.summary(language), meta
        )

    def _retranslate_fixed(self) -> None:
        self._title.setText(_("What do you want to do?"))
        self._scroll.verticalScrollBar().setAccessibleName(_("Scroll the tasks"))
        self._subtitle.setText(
            _("Choose a task. We guide you step by step. You can stop at any moment.")
        )
        self._empty.setText(
            _("There are no tasks on this computer yet. Please ask a volunteer for help.")
        )
        self._empty.setVisible(not self._tiles)

    # -- layout --------------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        # Wider tiles when large text makes a word wider than a tile (see GuideTileButton).
        tile_width = max([TILE_MIN_WIDTH, *(b.minimumWidth() + 24 for b in self._buttons.values())])
        width = max(self.width() - 96 - 48, tile_width)  # margins and scroll bar
        columns = max(1, min(4, width // tile_width))
        if columns == self._columns and self._grid.count() == len(self._buttons) + len(
            self._headings
        ):
            return
        self._columns = columns
        while self._grid.count():
            self._grid.takeAt(0)
        row = 0
        current: str | None = None
        column = 0
        headings = len(self._tiles) > HEADINGS_ABOVE
        for heading in self._headings.values():
            heading.setVisible(headings)
        for tile in self._tiles[: len(self._buttons)]:
            if headings and tile.category != current:
                if current is not None:
                    row += 1
                current = tile.category
                self._grid.addWidget(self._headings[tile.category], row, 0, 1, columns)
                row += 1
                column = 0
            elif column == columns:
                row += 1
                column = 0
            self._grid.addWidget(self._buttons[tile.guide_id], row, column)
            column += 1
        for index in range(4):
            self._grid.setColumnStretch(index, 1 if index < columns else 0)
