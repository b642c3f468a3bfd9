"""Syncing while the kiosk runs: the outbox, the location config and the signed guides.

`SyncController` runs `kiosk.sync.SyncService.sync_once()` on a worker thread every
`[hub] sync_interval` seconds once the store is open and the kiosk is enrolled, and at once on
`sync_now()` (the admin screen's button, a new record). One sync runs at a time. The hub's
location config is applied live (location name, idle timeout); new guides reload the home
screen's tiles live, while a resident in the middle of a guide keeps the version they started
with (the guide flow holds its own Guide object and the previous set stays on disk).

The sync round itself is `kiosk.services.sync.sync_once()`, the one the admin screen's "Sync
now" runs too.

After every sync round that reached the hub (the config came), `PinUploads.retry()` sends the
PIN hashes volunteers set on this kiosk while the hub could not be reached
(`volunteer_pins` of kiosk.services.helpdesk, not yet uploaded), so they reach the hub without
anyone opening the volunteer panel again. The parts of a round are in
kiosk.services.pin_uploads: the store is read and written on the database thread, the hub is
called on a worker; a hub that cannot be reached keeps them for the next round.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk import i18n
from kiosk.protocol import idle_timeout_ok
from kiosk.ui.shell.errors import user_message

if TYPE_CHECKING:
    from kiosk.services.pin_uploads import Access, Pending, Uploaded
    from kiosk.store import RecordStore
    from kiosk.sync.service import SyncResult
    from kiosk.ui.context import FlowContext

log = logging.getLogger(__name__)


class PinUploads(QObject):
    """Sends the PIN hashes set on this kiosk that the hub does not have yet; one round at a
    time (a retry asked for meanwhile runs after it)."""

    #: A round ended: the (volunteer id, hash, result) the store has settled (maybe none).
    settled = Signal(list)

    def __init__(self, context: FlowContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._busy = False
        self._again = False

    @property
    def busy(self) -> bool:
        return self._busy

    def retry(self) -> None:
        """Upload every pending PIN hash (the store says which)."""
        if self._busy:
            self._again = True
            return
        from kiosk.services.pin_uploads import pending_with_access

        self._busy = True
        self._context.store.call(pending_with_access, on_done=self._send, on_error=self._failed)

    def _send(self, found: tuple[Access, list[Pending]] | None) -> None:
        if found is None:
            self._finish([])
            return
        # Imported here, on the GUI thread: importing the sync machinery on a worker while the
        # GUI thread is inside Qt once deadlocked (see SyncController.on_store_opened).
        import kiosk.sync.helpdesk  # noqa: F401
        from kiosk.services.pin_uploads import upload_all
        from kiosk.ui.flows.booking import default_timeouts

        access, pending = found
        self._context.tasks.run(
            upload_all,
            access,
            pending,
            self._context.settings.hub.ca_bundle,
            default_timeouts(),
            on_done=self._settle,
            on_error=self._failed,
        )

    def _settle(self, uploaded: list[Uploaded]) -> None:
        if not uploaded:
            self._finish([])
            return
        from kiosk.services.pin_uploads import settle_all

        self._context.store.call(
            lambda store: settle_all(store, uploaded), on_done=self._finish, on_error=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        # Not enrolled, or the store is not open: the hashes stay for a later round.
        log.info("PIN hashes not uploaded this time: %s", exc)
        self._finish([])

    def _finish(self, uploaded: list[Uploaded]) -> None:
        self._busy = False
        self.settled.emit(uploaded)
        if self._again:
            self._again = False
            self.retry()


class SyncController(QObject):
    """Schedules syncs on the background helper and applies what they bring."""

    synced = Signal(object)  # kiosk.sync.service.SyncResult (not imported before first paint)
    sync_failed = Signal(str)
    config_changed = Signal(dict)
    guides_changed = Signal()

    def __init__(self, context: FlowContext, *, reload_tiles: Callable[[], None]) -> None:
        super().__init__(context.window)
        self._context = context
        self._reload_tiles = reload_tiles
        #: the guides the location hides from the home screen (its config's `hidden_guides`)
        self.hidden_guides: tuple[str, ...] = ()
        self._running = False
        self._again = False
        #: the config on screen: a stored one that differs is applied, whoever stored it
        self._applied: dict[str, object] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(context.settings.hub.sync_interval * 1000)
        self._timer.timeout.connect(self.sync_now)
        self.pin_uploads = PinUploads(context, self)
        self.config_changed.connect(self._apply_config)
        self.guides_changed.connect(self._on_guides_changed)

    def on_store_opened(self, store: RecordStore) -> None:
        """Apply the last location config the hub sent, then start syncing."""
        import importlib

        # Import the sync machinery (httpx, TUF, cryptography) here, on the GUI thread, before
        # the first sync runs on a worker: importing it there, while the GUI thread is inside
        # Qt, deadlocked a test run.
        for module in ("kiosk.sync.enrollment", "kiosk.sync.service", "kiosk.services.sync"):
            importlib.import_module(module)
        from kiosk.sync.location_config import last_good_config

        config = last_good_config(store)
        if config is not None:
            self.config_changed.emit(config)
        self.start()

    def start(self) -> None:
        """Sync now and then every interval (called once the store is open)."""
        self._timer.start()
        self.sync_now()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._running

    def sync_now(self) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        self._context.tasks.run(self._sync_once, on_done=self._on_done, on_error=self._on_error)

    # -- worker thread -------------------------------------------------------------------------

    def _sync_once(self) -> SyncResult | None:
        """A sync round on the shared store (policy 2 of kiosk.ui.shell.store_gateway)."""
        from kiosk.services.sync import sync_once
        from kiosk.sync.location_config import last_good_config

        store = self._context.store.store
        if store is None:
            return None
        try:
            return sync_once(
                store,
                paths=self._context.paths,
                ca_bundle=self._context.settings.hub.ca_bundle,
                # Emitting from the worker thread queues the call to the GUI thread.
                on_config=self.config_changed.emit,
                on_guides=lambda _result: self.guides_changed.emit(),
                only_if_enrolled=True,
            )
        finally:
            # The stored config, whoever stored it (`kiosk sync --once` on the same home, with
            # its own connection, compares with the stored one, not with what is on screen):
            # `_apply_config` applies it when it differs from the one applied.
            kept = last_good_config(store)
            if kept is not None:
                self.config_changed.emit(kept)

    # -- GUI thread ----------------------------------------------------------------------------

    def _on_done(self, result: SyncResult | None) -> None:
        self._running = False
        if result is not None:
            self.synced.emit(result)
            if result.config_ok:  # the hub answered: send what waits
                self.pin_uploads.retry()
        if self._again:
            self._again = False
            self.sync_now()

    def _on_error(self, exc: BaseException) -> None:
        self._running = False
        self.sync_failed.emit(user_message(exc, "sync"))

    def _apply_config(self, config: Mapping[str, object]) -> None:
        if config == self._applied:
            return
        self._applied = dict(config)
        name = config.get("location")
        if isinstance(name, str) and name.strip():
            self._context.window.set_location_name(name)
        timeout = config.get("idle_timeout")
        if idle_timeout_ok(timeout):
            self._context.idle.set_timeout(timeout)
        from kiosk.domain.location import LocationConfig

        location = LocationConfig.from_config(config)
        # times on screen and paper: the location's zone, else its country's (never the PC's)
        i18n.set_time_zone(location.timezone)
        if location.hidden_guides != self.hidden_guides:  # #23: tiles the location hides
            self.hidden_guides = location.hidden_guides
            self._reload_tiles()
        log.info("applied the location config from the hub")

    def _on_guides_changed(self) -> None:
        self._reload_tiles()
        log.info("new guides from the hub are on the home screen")
