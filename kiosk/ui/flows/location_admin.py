"""The admin screen's work: status, enrollment, "Sync now" and "Exit kiosk".

`AdminFlow.open()` (called by the help-point flow after the admin PIN) shows the admin screen
and loads what it shows: `collect_status()` (kiosk.services.status, as `kiosk status`) and the
kept location config (kiosk.services.location), both off the GUI thread. Enrolling
(kiosk.sync.enrollment.enroll) and "Sync now" (`kiosk.services.sync.sync_with_own_connection`,
the sync round the background sync runs too) run on the worker pool with their own database
connection, so a slow hub never blocks the database thread. Errors are shown through the one
presenter (kiosk.ui.shell.errors). "Exit kiosk" is the only call of `MainWindow.allow_close()`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from kiosk.i18n import _
from kiosk.services.location import location_config
from kiosk.services.status import collect_status
from kiosk.services.sync import sync_with_own_connection
from kiosk.sync.enrollment import Enrollment
from kiosk.sync.service import SyncResult
from kiosk.ui.screens.location_admin import AdminScreen
from kiosk.ui.shell.errors import user_message

if TYPE_CHECKING:
    from kiosk.domain.location import LocationConfig
    from kiosk.ui.context import FlowContext
    from kiosk.ui.flows.sync import SyncController

log = logging.getLogger(__name__)

ADMIN = "admin"


def _enroll(database: Path, url: str, code: str, ca_bundle: str) -> Enrollment:
    from kiosk.sync.enrollment import enroll

    return enroll(database, url, code, ca_bundle=ca_bundle)


class AdminFlow(QObject):
    synced = Signal(SyncResult)
    enrolled = Signal(Enrollment)
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
        if sync is not None:  # the background sync: the open screen shows its outcome too
            sync.synced.connect(self._after_background_sync)
            sync.sync_failed.connect(self._after_background_sync)

    def _after_background_sync(self, _outcome: object) -> None:
        if self.context.window.current_screen_name == ADMIN:
            self.refresh()

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

        def got_status(status: dict[str, Any]) -> None:  # Any: `kiosk status --json`'s object
            self.screen.show_status(status)
            one_done()

        def got_config(config: LocationConfig) -> None:
            self.screen.show_config(config)
            one_done()

        def failed(exc: BaseException) -> None:
            self.screen.show_sync_message(user_message(exc, "the admin screen"))
            one_done()

        context.tasks.run(
            collect_status, context.paths, context.settings, on_done=got_status, on_error=failed
        )
        context.store.call(location_config, on_done=got_config, on_error=failed)

    def enroll(self, url: str, code: str) -> None:
        self.screen.set_busy(True)
        self.screen.show_enroll_message(_("Enrolling\u2026"))

        def done(enrollment: Enrollment) -> None:
            self.screen.set_busy(False)
            self.screen.clear_code()
            self.screen.show_enroll_message(
                _("Enrolled at {location}.").format(location=enrollment.location)
            )
            self.enrolled.emit(enrollment)
            self.sync_now()

        def failed(exc: BaseException) -> None:
            self.screen.set_busy(False)
            self.screen.show_enroll_message(user_message(exc, "enrolling"))

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

        def done(result: SyncResult | None) -> None:
            self.screen.set_busy(False)
            assert result is not None  # None only when asked to skip a kiosk not enrolled
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
            self.screen.show_sync_message(user_message(exc, "sync now"))
            self.refresh()

        # What the sync brings is applied as the background sync applies it (signals of the
        # kiosk's SyncController, emitted from the worker thread, arrive on the GUI thread).
        controller = self.sync
        on_config = controller.config_changed.emit if controller is not None else None
        on_guides = (lambda _r: controller.guides_changed.emit()) if controller else None
        self.context.tasks.run(
            sync_with_own_connection,
            self.context.paths,
            ca_bundle=self.context.settings.hub.ca_bundle,
            on_config=on_config,
            on_guides=on_guides,
            on_done=done,
            on_error=failed,
        )

    def exit_kiosk(self) -> None:
        """The only way out of the kiosk."""
        log.info("the location admin exits the kiosk")
        self.context.window.allow_close()
        self.context.window.close()
