"""Syncing while the kiosk runs: the outbox, the location config and the signed guides.

`SyncController` runs `kiosk.sync.SyncService.sync_once()` on a worker thread every
`[hub] sync_interval` seconds once the store is open and the kiosk is enrolled, and at once on
`sync_now()` (the admin screen's button, a new record). One sync runs at a time. The hub's
location config is applied live (location name, idle timeout); new guides reload the home
screen's tiles live, while a resident in the middle of a guide keeps the version they started
with (the guide flow holds its own Guide object and the previous set stays on disk).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from kiosk.app import Kiosk

log = logging.getLogger(__name__)


class SyncController(QObject):
    """Schedules syncs on the background helper and applies what they bring."""

    synced = Signal(object)  # kiosk.sync.service.SyncResult
    sync_failed = Signal(str)
    config_changed = Signal(dict)
    guides_changed = Signal()

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(kiosk.window)
        self._kiosk = kiosk
        self._running = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setInterval(kiosk.settings.hub.sync_interval * 1000)
        self._timer.timeout.connect(self.sync_now)
        self.config_changed.connect(self._apply_config)
        self.guides_changed.connect(self._reload_tiles)

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
        self._kiosk.tasks.run(self._sync_once, on_done=self._on_done, on_error=self._on_error)

    # -- worker thread -------------------------------------------------------------------------

    def _sync_once(self) -> object:
        from kiosk.sync.enrollment import read_enrollment
        from kiosk.sync.service import SyncService

        store: Any = self._kiosk.store.store
        if store is None or read_enrollment(store) is None:
            return None
        service = SyncService(
            store,
            ca_bundle=self._kiosk.settings.hub.ca_bundle,
            paths=self._kiosk.paths,
            # Emitting from the worker thread queues the call to the GUI thread.
            on_config=self.config_changed.emit,
            on_guides=lambda _result: self.guides_changed.emit(),
        )
        return service.sync_once()

    # -- GUI thread ----------------------------------------------------------------------------

    def _on_done(self, result: object) -> None:
        self._running = False
        if result is not None:
            self.synced.emit(result)
        if self._again:
            self._again = False
            self.sync_now()

    def _on_error(self, exc: BaseException) -> None:
        self._running = False
        log.error("sync failed: %s", exc)
        self.sync_failed.emit(str(exc))

    def _apply_config(self, config: dict[str, Any]) -> None:
        name = config.get("location")
        if isinstance(name, str) and name.strip():
            self._kiosk.window.set_location_name(name)
        timeout = config.get("idle_timeout")
        if isinstance(timeout, int) and 10 <= timeout <= 3600:
            self._kiosk.idle.set_timeout(timeout)
        log.info("applied the location config from the hub")

    def _reload_tiles(self) -> None:
        from kiosk.app import load_tiles

        self._kiosk.home.set_tiles(load_tiles(self._kiosk.paths))
        log.info("new guides from the hub are on the home screen")
