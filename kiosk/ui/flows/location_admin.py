"""The admin screen's work: status, enrollment, "Sync now" and "Exit kiosk".

`AdminFlow.open()` (called by the help-point flow after the admin PIN) shows the admin screen
and loads what it shows: `collect_status()` (kiosk.commands.status) and the kept location config,
both off the GUI thread. Enrolling (kiosk.sync.enrollment.enroll) and "Sync now"
(`SyncService.sync_once()`) run on the worker pool with their own database connection, so a
slow hub never blocks the database thread. "Exit kiosk" is the only call of
`MainWindow.allow_close()`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from kiosk.domain.location import LocationConfig
from kiosk.i18n import _
from kiosk.ui.screens.admin import AdminScreen

if TYPE_CHECKING:
    from kiosk.store import RecordStore
    from kiosk.ui.context import FlowContext
    from kiosk.ui.flows.sync import SyncController

log = logging.getLogger(__name__)

ADMIN = "admin"


def _status(paths: Any, settings: Any) -> dict[str, Any]:
    from kiosk.commands.status import collect_status

    return collect_status(paths, settings)


def _location_config(store: RecordStore) -> LocationConfig:
    kept = store.get_state("location_config") or {}
    config = kept.get("config")
    return LocationConfig.from_config(config if isinstance(config, dict) else None)


def _enroll(database: Path, url: str, code: str, ca_bundle: str) -> Any:
    from kiosk.sync.enrollment import enroll

    return enroll(database, url, code, ca_bundle=ca_bundle)


def _sync_once(paths: Any, ca_bundle: str, on_config: Any, on_guides: Any) -> Any:
    """One sync with its own database connection (on a worker thread)."""
    from kiosk.store import RecordStore, open_database
    from kiosk.sync.service import SyncService

    db = open_database(paths.database)
    try:
        service = SyncService(
            RecordStore(db),
            ca_bundle=ca_bundle,
            paths=paths,
            on_config=on_config,
            on_guides=on_guides,
        )
        return service.sync_once()
    finally:
        db.close()


class AdminFlow(QObject):
    synced = Signal(object)  # SyncResult
    enrolled = Signal(object)  # Enrollment
    refreshed = Signal()

    def __init__(self, context: FlowContext, sync: SyncController | None = None) -> None:
        super().__init__(context.window)
        self.context = context
        self.sync = sync
        self.screen = AdminScreen()
        context.window.add_screen(ADMIN, self.screen)
        self.screen.back_requested.connect(self.close)
        self.screen.exit_requested.connect(self.exit_kiosk)
        self.screen.sync_requested.connect(self.sync_now)
        self.screen.enroll_requested.connect(self.enroll)

    def open(self) -> None:
        self.screen.clear_form()
        self.context.window.show_screen(ADMIN)
        self.refresh()

    def close(self) -> None:
        self.screen.clear_form()
        if self.context.window.current_screen_name == ADMIN:
            self.context.window.show_home()

    def refresh(self) -> None:
        context = self.context
        pending = [2]

        def one_done() -> None:
            pending[0] -= 1
            if pending[0] == 0:
                self.refreshed.emit()

        def got_status(status: dict[str, Any]) -> None:
            self.screen.show_status(status)
            one_done()

        def got_config(config: LocationConfig) -> None:
            self.screen.show_config(config)
            one_done()

        def failed(exc: BaseException) -> None:
            log.error("admin screen: %s", exc)
            self.screen.show_sync_message(str(exc))
            one_done()

        context.tasks.run(
            _status, context.paths, context.settings, on_done=got_status, on_error=failed
        )
        context.store.call(_location_config, on_done=got_config, on_error=failed)

    def enroll(self, url: str, code: str) -> None:
        self.screen.set_busy(True)
        self.screen.show_enroll_message(_("Enrolling\u2026"))

        def done(enrollment: Any) -> None:
            self.screen.set_busy(False)
            self.screen.code.clear()
            self.screen.show_enroll_message(
                _("Enrolled at {location}.").format(location=enrollment.location)
            )
            self.enrolled.emit(enrollment)
            self.sync_now()

        def failed(exc: BaseException) -> None:
            self.screen.set_busy(False)
            self.screen.show_enroll_message(str(exc))

        self.context.tasks.run(
            _enroll,
            self.context.paths.database,
            url,
            code,
            self.context.settings.hub.ca_bundle,
            on_done=done,
            on_error=failed,
        )

    def sync_now(self) -> None:
        self.screen.set_busy(True)
        self.screen.show_sync_message(_("Syncing\u2026"))

        def done(result: Any) -> None:
            self.screen.set_busy(False)
            if result.error:
                self.screen.show_sync_message(
                    _("Sync failed: {reason}").format(reason=result.error)
                )
            else:
                self.screen.show_sync_message(
                    _("Synced: {sent} sent, {pending} waiting.").format(
                        sent=result.sent, pending=result.pending
                    )
                )
            self.synced.emit(result)
            self.refresh()
            sync = self.sync
            if not result.error and sync is not None:
                sync.pin_uploads.retry()  # PINs set while the hub was away go with it

        def failed(exc: BaseException) -> None:
            self.screen.set_busy(False)
            self.screen.show_sync_message(str(exc))
            self.refresh()

        # What the sync brings is applied as the background sync applies it (signals of the
        # kiosk's SyncController, emitted from the worker thread, arrive on the GUI thread).
        controller = self.sync
        on_config = controller.config_changed.emit if controller is not None else None
        on_guides = (lambda _r: controller.guides_changed.emit()) if controller else None
        self.context.tasks.run(
            _sync_once,
            self.context.paths,
            self.context.settings.hub.ca_bundle,
            on_config,
            on_guides,
            on_done=done,
            on_error=failed,
        )

    def exit_kiosk(self) -> None:
        """The only way out of the kiosk."""
        log.info("the location admin exits the kiosk")
        self.context.window.allow_close()
        self.context.window.close()
