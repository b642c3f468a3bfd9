"""The home screen's tiles: one per installed guide, read from a small index when nothing changed.

`load_tiles(paths)` is what `kiosk.app.build_kiosk` gives the home screen at start and what the
sync flow reloads after new guides arrived (see docs/architecture.md, "Start-up").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk import resources
from kiosk.paths import KioskPaths
from kiosk.ui.screens.home import TileData

log = logging.getLogger(__name__)

TilesLoader = Callable[[KioskPaths], Sequence[TileData]]


def load_tiles(paths: KioskPaths) -> list[TileData]:
    """Tiles for the built-in guides and the ones installed from the hub.

    A small index in the cache folder keeps what the tiles show, keyed by every guide.yaml's
    path, size and modification time. When nothing changed, start-up reads only that index and
    never imports the guide engine; otherwise the catalog is loaded and the index rewritten.
    """
    folders = [resources.builtin_guides_dir(), paths.guides_dir]
    index_file = paths.cache_dir / "tiles.json"
    signature = _guides_signature(folders)
    cached = _read_tile_index(index_file, signature)
    if cached is not None:
        return cached
    from kiosk.guides.catalog import load_catalog

    # The parsed-guide cache is a pickle: it lives in the data folder, never in cache/, which
    # also holds the resident's session files.
    catalog = load_catalog(folders, cache_file=paths.data_dir / "guide-cache.pickle")
    for problem in catalog.problems:
        log.warning("guide skipped: %s", problem)
    tiles = []
    for guide in catalog.guides.values():
        icon = guide.source / guide.icon if guide.icon and guide.source else None
        tiles.append(
            TileData(
                guide_id=guide.id,
                category=guide.category,
                titles=dict(guide.title),
                summaries=dict(guide.summary),
                fallback_language=guide.languages[0],
                icon=icon,
                duration_minutes=guide.duration_minutes,
            )
        )
    _write_tile_index(index_file, signature, tiles)
    return tiles


def visible_tiles(tiles: Sequence[TileData], hidden: Sequence[str]) -> list[TileData]:
    """The tiles without the guides the location hides (the hub's `hidden_guides`)."""
    return [tile for tile in tiles if tile.guide_id not in hidden]


def _guides_signature(folders: Sequence[Path]) -> list[list[object]]:
    signature: list[list[object]] = []
    for folder in folders:
        try:
            bundles = sorted(p for p in folder.iterdir() if p.is_dir())
        except OSError:
            continue
        for bundle in bundles:
            try:
                stat = (bundle / "guide.yaml").stat()
            except OSError:
                continue
            # Resolved: installed guides sit behind a symlink that a guide update swaps.
            signature.append([str(bundle.resolve()), stat.st_size, stat.st_mtime_ns])
    return signature


def _read_tile_index(path: Path, signature: list[list[object]]) -> list[TileData] | None:
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("signature") != signature:
            return None
        return [
            TileData(
                guide_id=t["guide_id"],
                category=t["category"],
                titles=t["titles"],
                summaries=t["summaries"],
                fallback_language=t["fallback_language"],
                icon=Path(t["icon"]) if t["icon"] else None,
                duration_minutes=t["duration_minutes"],
            )
            for t in data["tiles"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_tile_index(path: Path, signature: list[list[object]], tiles: list[TileData]) -> None:
    import json

    data = {
        "signature": signature,
        "tiles": [
            {
                "guide_id": t.guide_id,
                "category": t.category,
                "titles": dict(t.titles),
                "summaries": dict(t.summaries),
                "fallback_language": t.fallback_language,
                "icon": str(t.icon) if t.icon else None,
                "duration_minutes": t.duration_minutes,
            }
            for t in tiles
        ],
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:  # only a speed-up; the kiosk works without it
        log.warning("could not write the tile index %s: %s", path, exc)
