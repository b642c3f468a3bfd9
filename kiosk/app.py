"""The one place that builds and wires the kiosk's objects (our bootstrap).

`build_kiosk()` makes the theme, the reset service, the background tasks, the main window and its
screens, the idle watcher, and connects them. Nothing else creates these objects; tests build a
kiosk through here with a short idle timeout. The store is opened on the database thread after
the window is up, so the first paint never waits for migrations.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import i18n, resources
from kiosk.config import Settings
from kiosk.paths import KioskPaths
from kiosk.reset import ResetReport, ResetService
from kiosk.ui.flows.guides import install_guide_flow
from kiosk.ui.flows.helpdesk import install_helpdesk
from kiosk.ui.flows.sync import SyncController
from kiosk.ui.screens.home import HomeScreen, TileData
from kiosk.ui.shell.idle import IdleWatcher
from kiosk.ui.shell.keyboard import EnterActivates, KeyboardUse
from kiosk.ui.shell.lockdown import KeyGuard
from kiosk.ui.shell.main_window import HOME, MainWindow
from kiosk.ui.shell.qt_i18n import QtTranslations
from kiosk.ui.shell.tasks import TaskRunner
from kiosk.ui.shell.theme import Theme
from kiosk.ui.widgets.icon_cache import IconCache

log = logging.getLogger(__name__)

STORE_OPEN_DELAY_MS = 1000

TilesLoader = Callable[[KioskPaths], Sequence[TileData]]


class StoreHolder(QObject):
    """Holds the store once the database thread has opened it; emits `opened` or `failed`."""

    opened = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store: object | None = None
        self.error: str | None = None
        self.requested = False


@dataclass
class Kiosk:
    """Everything the running kiosk is made of."""

    settings: Settings
    paths: KioskPaths
    app: QApplication
    window: MainWindow
    home: HomeScreen
    reset: ResetService
    tasks: TaskRunner
    idle: IdleWatcher
    store: StoreHolder
    key_guard: KeyGuard
    sync: SyncController | None = None
    qt_texts: QtTranslations | None = None
    resets: list[ResetReport] = field(default_factory=list)

    def open_store(self) -> None:
        """Open (and migrate) the database on the database thread; `store.opened` follows."""
        if self.store.requested:
            return
        self.store.requested = True
        self.tasks.run_db(
            _open_store,
            self.paths.database,
            self.store,
            on_done=lambda result: self.store.opened.emit(result),
            on_error=lambda exc: _store_failed(self.store, exc),
        )

    def with_store(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run `fn(store, *args)` on the database thread, after the store is open."""
        self.open_store()
        holder = self.store

        def call() -> object:
            if holder.store is None:
                from kiosk.store import StoreError

                raise StoreError(holder.error or "the kiosk database is not open")
            return fn(holder.store, *args)

        self.tasks.run_db(call, on_done=on_done, on_error=on_error)

    def start_over(self, reason: str) -> ResetReport:
        return self.reset.reset(reason)

    def shutdown(self) -> None:
        self.store.requested = True  # no store opening after this point
        if self.qt_texts is not None:
            self.qt_texts.remove()  # Qt's catalog is application-wide
        self.window.remove_window_filters()
        if self.sync is not None:
            self.sync.stop()
        self.idle.stop()
        self.window.stop_countdown()
        self.tasks.shutdown()
        database = getattr(self.store.store, "database", None)
        if database is not None:
            database.close()


def ensure_qapplication(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    return QApplication(list(argv or sys.argv[:1]))


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


def build_kiosk(
    settings: Settings,
    paths: KioskPaths,
    *,
    tiles_loader: TilesLoader = load_tiles,
    open_store: bool = True,
) -> Kiosk:
    app = ensure_qapplication()
    paths.ensure()
    theme = Theme.create(settings.display.text_scale, settings.display.high_contrast)
    app.setStyleSheet(theme.stylesheet())
    default_language = settings.session.default_language
    i18n.set_language(default_language)

    window = MainWindow(
        theme,
        settings.location.name,
        settings.session.languages,
        settings.session.countdown,
    )
    home = HomeScreen(theme, tiles_loader(paths), icon_cache=IconCache(paths.icon_cache_dir))
    window.add_screen(HOME, home)
    window.show_home()
    qt_texts = QtTranslations(app, settings.location.country, parent=window)
    window.language_changed.connect(qt_texts.apply)
    window.apply_language(default_language)

    reset = ResetService()
    tasks = TaskRunner(window)
    idle = IdleWatcher(settings.session.idle_timeout, window)
    key_guard = KeyGuard(window)
    # Input is watched at the window, not the application (see install_window_filter).
    window.install_window_filter(key_guard)
    window.install_window_filter(EnterActivates(window))
    window.install_window_filter(KeyboardUse(window))
    window.install_window_filter(idle)
    store = StoreHolder(window)
    kiosk = Kiosk(settings, paths, app, window, home, reset, tasks, idle, store, key_guard)

    # What every reset wipes (more parts register theirs as they are built).
    reset.register("overlays", window.close_overlays)
    reset.register("session-folder", lambda: _wipe_folder(paths.session_dir))
    reset.register("clipboard", _clear_clipboard)
    reset.register("screen", window.show_home)
    reset.register("language", lambda: window.apply_language(default_language))
    reset.register("idle", idle.disarm)
    install_guide_flow(kiosk)  # tiles start guide runs; resets end and record them
    install_helpdesk(kiosk)  # volunteer panel, assisted sessions, admin screen, booking
    reset.subscribe(kiosk.resets.append)
    reset.subscribe(lambda _report: window.receipt.show_receipt())

    # Intent from the window.
    window.language_chosen.connect(window.apply_language)
    window.help_requested.connect(window.show_help)
    window.start_over_requested.connect(lambda: kiosk.start_over("start_over"))
    # The overlays are built on first use (MainWindow): connect to the window, not to them.
    idle.idle_reached.connect(lambda: window.countdown.start())
    idle.activity.connect(lambda: window.countdown.cancel() if window.countdown_running else None)
    window.countdown_expired.connect(lambda: kiosk.start_over("idle"))
    home.guide_chosen.connect(lambda guide_id: log.info("guide chosen: %s", guide_id))

    kiosk.qt_texts = qt_texts
    kiosk.sync = SyncController(kiosk)
    store.opened.connect(lambda opened: _on_store_opened(kiosk, opened))

    if open_store:
        # A moment after the first paint: importing SQLAlchemy on the database thread would
        # otherwise compete with the GUI thread while the home screen is drawn. Nothing needs
        # the store earlier; work queued with Kiosk.with_store() before then opens it first.
        store_timer = QTimer(window)
        store_timer.setSingleShot(True)
        store_timer.setInterval(STORE_OPEN_DELAY_MS)
        store_timer.timeout.connect(kiosk.open_store)
        FirstPaint(home, store_timer.start)
    return kiosk


def _on_store_opened(kiosk: Kiosk, store: Any) -> None:
    """Apply the last location config the hub sent, then start syncing."""
    assert kiosk.sync is not None
    # Import the sync machinery (httpx, TUF, cryptography) here, on the GUI thread, before
    # the first sync runs on a worker: importing it there, while the GUI thread is inside Qt,
    # deadlocked a test run.
    for module in ("kiosk.sync.enrollment", "kiosk.sync.service"):
        importlib.import_module(module)
    cached = store.get_state("location_config")
    if isinstance(cached, dict):
        config = cached.get("config", cached)
        if isinstance(config, dict):
            kiosk.sync.config_changed.emit(config)
    kiosk.sync.start()


def _open_store(path: Path, holder: StoreHolder) -> object:
    """On the database thread: open the store and hand it to `holder` before anything else
    queued on that thread runs."""
    from kiosk.store import RecordStore, open_database

    try:
        database = open_database(path)
    except Exception as exc:
        holder.error = str(exc)
        raise
    record_store = RecordStore(database)
    record_store.database = database  # type: ignore[attr-defined]
    holder.store = record_store
    return record_store


def _store_failed(holder: StoreHolder, exc: BaseException) -> None:
    log.error("the kiosk database could not be opened: %s", exc)
    holder.failed.emit(str(exc))


def _wipe_folder(folder: Path) -> None:
    import shutil

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)


def _clear_clipboard() -> None:
    from PySide6.QtGui import QClipboard

    clipboard = QGuiApplication.clipboard()
    for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection, QClipboard.Mode.FindBuffer):
        clipboard.clear(mode)


def show_kiosk(kiosk: Kiosk, *, windowed: bool) -> None:
    window = kiosk.window
    if windowed:
        window.resize(1366, 768)
        window.show()
    else:
        window.setWindowFlags(
            Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        window.showFullScreen()
    window.attach_window_filters()  # new window flags made Qt create a new QWindow


class FirstPaint(QObject):
    """Calls `callback` once, right after `widget` has been painted for the first time."""

    def __init__(self, widget: QObject, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, callback)
        return False


def process_uptime_ms() -> float:
    """Milliseconds since this process started (Linux: from /proc; else since import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        ticks = os.sysconf("SC_CLK_TCK")
        boot_time = time.clock_gettime(time.CLOCK_BOOTTIME)
        return (boot_time - start_ticks / ticks) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - _IMPORTED_AT) * 1000


_IMPORTED_AT = time.perf_counter()
