"""The composition root (our bootstrap): the one place that builds and wires the kiosk's objects.

`build_kiosk()` makes the theme, the main window and its home screen, the reset service, the
background tasks, the store gateway, the idle watcher and the input filters, then every flow with
its collaborators (`Flows`: `kiosk.flows.guides`, `.helpdesk`, `.sync`, `.booking`, and
`.admin`, built on first use), and connects them. Nothing else creates these objects, and no
object looks another up: a flow gets a `kiosk.ui.context.FlowContext` and its own collaborators
through its constructor. Tests build a kiosk through here (with a short idle timeout) and reach
each part as an attribute of the returned `Kiosk`. The store is opened on the database thread
after the window is up, so the first paint never waits for migrations.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk import i18n
from kiosk.config import Settings
from kiosk.paths import KioskPaths
from kiosk.reset import ResetReport, ResetService
from kiosk.ui.context import FlowContext
from kiosk.ui.flows.booking import Booking
from kiosk.ui.flows.guides import GuideFlow
from kiosk.ui.flows.helpdesk import HelpdeskFlow
from kiosk.ui.flows.sync import SyncController
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.shell.idle import IdleWatcher
from kiosk.ui.shell.keyboard import EnterActivates, KeyboardUse
from kiosk.ui.shell.lockdown import KeyGuard
from kiosk.ui.shell.main_window import HOME, MainWindow
from kiosk.ui.shell.qt_app import FirstPaint, ensure_qapplication
from kiosk.ui.shell.qt_i18n import QtTranslations
from kiosk.ui.shell.store_gateway import StoreGateway
from kiosk.ui.shell.tasks import TaskRunner
from kiosk.ui.shell.theme import Theme
from kiosk.ui.tiles import TilesLoader, load_tiles, visible_tiles
from kiosk.ui.widgets.icon_cache import IconCache

if TYPE_CHECKING:
    from kiosk.ui.flows.location_admin import AdminFlow

log = logging.getLogger(__name__)

STORE_OPEN_DELAY_MS = 1000


@dataclass(frozen=True)
class Flows:
    """The kiosk's flows, each built once by `build_kiosk`."""

    guides: GuideFlow
    helpdesk: HelpdeskFlow
    sync: SyncController
    booking: Booking

    @property
    def admin(self) -> AdminFlow:
        """The location admin's flow (built, with its screen, the first time it is asked for)."""
        return self.helpdesk.admin


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
    store: StoreGateway
    key_guard: KeyGuard
    keyboard: KeyboardUse
    context: FlowContext
    flows: Flows
    qt_texts: QtTranslations
    resets: list[ResetReport] = field(default_factory=list)

    def open_store(self) -> None:
        """Open (and migrate) the database on the database thread; `store.opened` follows."""
        self.store.open()

    def start_over(self, reason: str) -> ResetReport:
        return self.reset.reset(reason)

    def shutdown(self) -> None:
        self.store.requested = True  # no store opening after this point
        self.qt_texts.remove()  # Qt's catalog is application-wide
        self.window.remove_window_filters()
        self.flows.sync.stop()
        self.idle.stop()
        self.window.stop_countdown()
        self.tasks.shutdown()
        self.store.close()


def build_kiosk(
    settings: Settings,
    paths: KioskPaths,
    *,
    tiles_loader: TilesLoader = load_tiles,
    open_store: bool = True,
) -> Kiosk:
    app = ensure_qapplication()
    paths.ensure()
    window, home, qt_texts = _build_window(app, settings, paths, tiles_loader)
    reset = ResetService()
    tasks = TaskRunner(window)
    idle = IdleWatcher(settings.session.idle_timeout, window)
    key_guard, keyboard = _watch_input(window, idle)
    store = StoreGateway(tasks, paths.database, window)
    context = FlowContext(settings, paths, window, tasks, store, reset, idle)
    _register_resets(context)
    flows = _build_flows(context, home, keyboard)
    kiosk = Kiosk(
        settings,
        paths,
        app,
        window,
        home,
        reset,
        tasks,
        idle,
        store,
        key_guard,
        keyboard,
        context,
        flows,
        qt_texts,
    )
    _connect_intent(kiosk)
    store.opened.connect(flows.sync.on_store_opened)
    if open_store:
        _open_store_after_first_paint(kiosk)
    return kiosk


def _build_window(
    app: QApplication, settings: Settings, paths: KioskPaths, tiles_loader: TilesLoader
) -> tuple[MainWindow, HomeScreen, QtTranslations]:
    """The theme, the main window with its home screen, and the UI's language."""
    theme = Theme.create(settings.display.text_scale, settings.display.high_contrast)
    app.setStyleSheet(theme.stylesheet())
    default_language = settings.session.default_language
    i18n.set_country(settings.location.country)
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
    return window, home, qt_texts


def _watch_input(window: MainWindow, idle: IdleWatcher) -> tuple[KeyGuard, KeyboardUse]:
    """Input is watched at the window, not the application (see install_window_filter)."""
    key_guard = KeyGuard(window)
    keyboard = KeyboardUse(window)
    window.install_window_filter(key_guard)
    window.install_window_filter(EnterActivates(window))
    window.install_window_filter(keyboard)
    window.install_window_filter(idle)
    return key_guard, keyboard


def _register_resets(context: FlowContext) -> None:
    """What every reset wipes first (each flow's own actions follow, in `_build_flows`)."""
    reset, window, paths = context.reset, context.window, context.paths
    default_language = context.settings.session.default_language
    reset.register("overlays", window.close_overlays)
    reset.register("session-folder", lambda: _wipe_folder(paths.session_dir, paths.scan_dir))
    reset.register("clipboard", _clear_clipboard)
    reset.register("screen", window.show_home)
    reset.register("language", lambda: window.apply_language(default_language))
    reset.register("display", window.reset_display)
    reset.register("window-size", window.restore_kiosk_geometry)
    reset.register("idle", context.idle.disarm)


def _build_flows(context: FlowContext, home: HomeScreen, keyboard: KeyboardUse) -> Flows:
    """Every flow, with its collaborators, and their reset actions."""
    paths, reset = context.paths, context.reset
    sync = SyncController(
        context,
        reload_tiles=lambda: home.set_tiles(visible_tiles(load_tiles(paths), sync.hidden_guides)),
    )
    booking = Booking(context)
    # Tiles start guide runs; resets end and record them.
    guides = GuideFlow(context, keyboard=keyboard, booking=booking)
    home.guide_chosen.connect(guides.start)
    reset.register("guide-run", guides.end_open_run)
    reset.register("web-profile", guides.wipe_web)
    reset.register("qr-camera", guides.stop_camera)
    # The volunteer panel, assisted sessions and the admin screen.
    helpdesk = HelpdeskFlow(context, sync=sync, make_admin=lambda: _admin_flow(context, sync))
    reset.register("volunteer", helpdesk.reset)
    reset.register("admin", helpdesk.close_admin)
    return Flows(guides=guides, helpdesk=helpdesk, sync=sync, booking=booking)


def _admin_flow(context: FlowContext, sync: SyncController) -> AdminFlow:
    """The admin screen's flow; its module is imported when the admin PIN was first right."""
    from kiosk.ui.flows.location_admin import AdminFlow

    return AdminFlow(context, sync)


def _connect_intent(kiosk: Kiosk) -> None:
    """What the window, the idle watcher and the resets ask for."""
    window, idle = kiosk.window, kiosk.idle
    kiosk.reset.subscribe(kiosk.resets.append)
    kiosk.reset.subscribe(lambda _report: window.receipt.show_receipt())
    window.language_chosen.connect(window.apply_language)
    window.help_requested.connect(window.show_help)
    window.start_over_requested.connect(lambda: kiosk.start_over("start_over"))
    # During a task "Start over" asks first; elsewhere it wipes at once.
    window.start_over_pressed.connect(
        lambda: (
            window.ask_start_over(booked=kiosk.flows.guides.booking_made)
            if kiosk.flows.guides.in_progress
            else window.start_over_requested.emit()
        )
    )
    # The overlays are built on first use (MainWindow): connect to the window, not to them.
    idle.idle_reached.connect(lambda: window.countdown.start())
    idle.activity.connect(lambda: window.countdown.cancel() if window.countdown_running else None)
    window.countdown_expired.connect(lambda: kiosk.start_over("idle"))
    kiosk.home.guide_chosen.connect(lambda guide_id: log.info("guide chosen: %s", guide_id))


def _open_store_after_first_paint(kiosk: Kiosk) -> None:
    """A moment after the first paint: importing SQLAlchemy on the database thread would
    otherwise compete with the GUI thread while the home screen is drawn. Nothing needs the
    store earlier; work queued with `StoreGateway.call()` before then opens it first."""
    store_timer = QTimer(kiosk.window)
    store_timer.setSingleShot(True)
    store_timer.setInterval(STORE_OPEN_DELAY_MS)
    store_timer.timeout.connect(kiosk.open_store)
    FirstPaint(kiosk.home, store_timer.start)


def _wipe_folder(folder: Path, *keep: Path) -> None:
    """Remove `folder` with everything in it, then make it (and the folders in `keep`) again.

    A file written into it while it goes (a download Chromium is still saving: the web profile's
    own reset action cancels it after this one) fails that pass with "Directory not empty"
    (#25: 2 of 10 resets during a download); the next pass takes that file too."""
    import shutil

    for passes_left in reversed(range(5)):
        if not folder.exists():
            break
        try:
            shutil.rmtree(folder)
        except OSError:
            if passes_left == 0:
                raise
    folder.mkdir(parents=True, exist_ok=True)
    for inside in keep:
        inside.mkdir(parents=True, exist_ok=True)


def _clear_clipboard() -> None:
    from PySide6.QtGui import QClipboard

    clipboard = QGuiApplication.clipboard()
    for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection, QClipboard.Mode.FindBuffer):
        clipboard.clear(mode)


def show_kiosk(kiosk: Kiosk, *, windowed: bool) -> None:
    window = kiosk.window
    if windowed:
        window.kiosk_size = QSize(1366, 768)
        window.resize(window.kiosk_size)
        window.show()
    else:
        window.setWindowFlags(
            Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        window.kiosk_full_screen = True
        window.showFullScreen()
    window.attach_window_filters()  # new window flags made Qt create a new QWindow
