"""Syncing while the kiosk runs: the outbox, the location config and the signed guides.

`SyncController` runs `kiosk.sync.SyncService.sync_once()` on a worker thread every
`[hub] sync_interval` seconds once the store is open and the kiosk is enrolled, and at once on
`sync_now()` (the admin screen's button, a new record). One sync runs at a time. The hub's
location config is applied live (location name, idle timeout); new guides reload the home
screen's tiles live, while a resident in the middle of a guide keeps the version they started
with (the guide flow holds its own Guide object and the previous set stays on disk).

After every sync round that reached the hub (the config came), `PinUploads.retry()` sends the
PIN hashes volunteers set on this kiosk while the hub could not be reached
(`helpdesk_state.volunteer_pins`, not yet uploaded), so they reach the hub without anyone
opening the volunteer panel again. The store is read and written on the database thread, the
hub is called on a worker; a hub that cannot be reached keeps them for the next round.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from kiosk.store import RecordStore
    from kiosk.sync.service import SyncResult
    from kiosk.ui.context import FlowContext

log = logging.getLogger(__name__)

#: (volunteer id, hash, what the hub did: a `kiosk.sync.helpdesk.PinUpload` value)
Uploaded = tuple[str, str, str]
#: (hub URL, token) and the (volunteer id, hash) pairs the hub does not have yet
Pending = tuple[tuple[str, str], list[tuple[str, str]]]


def _pending_with_access(store: RecordStore) -> Pending | None:
    """On the database thread: (hub access, pending uploads); None when nothing is pending."""
    from kiosk.ui.helpdesk_state import hub_access, pending_pin_uploads

    pending = list(pending_pin_uploads(store))
    if not pending:
        return None
    return hub_access(store), pending


def _upload_all(
    access: tuple[str, str], pending: list[tuple[str, str]], ca_bundle: str
) -> list[Uploaded]:
    """On a worker: upload each hash; stops at the first sign that the hub is unreachable."""
    from kiosk.sync import helpdesk
    from kiosk.ui.flows.booking import default_timeouts

    hub_url, token = access
    done: list[Uploaded] = []
    for volunteer_id, pin_hash in pending:
        try:
            result = helpdesk.upload_pin(
                hub_url,
                token,
                volunteer_id,
                pin_hash,
                ca_bundle=ca_bundle,
                timeouts=default_timeouts(),
            )
        except (helpdesk.HubOfflineError, helpdesk.KioskRefusedError) as exc:
            log.info("PIN uploads wait for the hub: %s", exc)
            break
        except helpdesk.HelpdeskError as exc:
            log.warning("the PIN of %s is kept on this kiosk: %s", volunteer_id, exc)
            continue
        if result is helpdesk.PinUpload.UNKNOWN_VOLUNTEER:
            log.warning(
                "the hub does not know volunteer %s; their PIN here is dropped", volunteer_id
            )
        else:
            log.info("the PIN of %s is on the hub (%s)", volunteer_id, result.value)
        done.append((volunteer_id, pin_hash, result.value))
    return done


def _settle_all(store: RecordStore, uploaded: list[Uploaded]) -> list[Uploaded]:
    from kiosk.ui.helpdesk_state import settle_pin_upload

    for volunteer_id, pin_hash, result in uploaded:
        settle_pin_upload(store, volunteer_id, pin_hash, result)
    return uploaded


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
        self._busy = True
        self._context.store.call(_pending_with_access, on_done=self._send, on_error=self._failed)

    def _send(self, found: Pending | None) -> None:
        if found is None:
            self._finish([])
            return
        # Imported here, on the GUI thread: importing the sync machinery on a worker while the
        # GUI thread is inside Qt once deadlocked (see SyncController.on_store_opened).
        import kiosk.sync.helpdesk  # noqa: F401

        access, pending = found
        self._context.tasks.run(
            _upload_all,
            access,
            pending,
            self._context.settings.hub.ca_bundle,
            on_done=self._settle,
            on_error=self._failed,
        )

    def _settle(self, uploaded: list[Uploaded]) -> None:
        if not uploaded:
            self._finish([])
            return
        self._context.store.call(
            lambda store: _settle_all(store, uploaded), on_done=self._finish, on_error=self._failed
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
        self._running = False
        self._again = False
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
        for module in ("kiosk.sync.enrollment", "kiosk.sync.service"):
            importlib.import_module(module)
        cached = store.get_state("location_config")
        if isinstance(cached, dict):
            config = cached.get("config", cached)
            if isinstance(config, dict):
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
        from kiosk.sync.enrollment import read_enrollment
        from kiosk.sync.service import SyncService

        store = self._context.store.store
        if store is None or read_enrollment(store) is None:
            return None
        service = SyncService(
            store,
            ca_bundle=self._context.settings.hub.ca_bundle,
            paths=self._context.paths,
            # Emitting from the worker thread queues the call to the GUI thread.
            on_config=self.config_changed.emit,
            on_guides=lambda _result: self.guides_changed.emit(),
        )
        return service.sync_once()

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
        log.error("sync failed: %s", exc)
        self.sync_failed.emit(str(exc))

    def _apply_config(self, config: Mapping[str, object]) -> None:
        name = config.get("location")
        if isinstance(name, str) and name.strip():
            self._context.window.set_location_name(name)
        timeout = config.get("idle_timeout")
        if isinstance(timeout, int) and 10 <= timeout <= 3600:
            self._context.idle.set_timeout(timeout)
        log.info("applied the location config from the hub")

    def _on_guides_changed(self) -> None:
        self._reload_tiles()
        log.info("new guides from the hub are on the home screen")
