"""The kiosk's store as the GUI thread reaches it: typed store operations (`StoreGateway.call`).

    store.call(lambda s: s.guide_runs(), on_done=screen.show_runs, on_error=presenter.show)

`call(op, on_done, on_error)` runs `op(store)` and hands its result, typed `T`, to `on_done` on
the GUI thread (as Anki's `CollectionOp`). A flow never holds the `RecordStore` itself.

Database-access policies: which connection a piece of work uses, and on which thread. Choose
the first that fits.

1. **The serial database thread** (`call`; `TaskRunner.run_db` underneath): the default for
   everything that reads or writes the kiosk's store from the UI: guide-run records
   (`flows.guides`), PINs, lockouts, assisted sessions and the help-point state
   (`flows.helpdesk`), the location config (`flows.guides`, `flows.location_admin`), the hub
   access a booking or a PIN upload needs (`flows.booking`, `flows.sync.PinUploads`). One
   thread, in order, on the one shared `RecordStore`; the store is opened (and migrated) on
   that thread first, so work queued before it was open simply waits for it.
2. **The shared store on a pool thread** (`store` read by a `TaskRunner.run` task): only the
   background sync (`flows.sync.SyncController._sync_once`), which runs for as long as the hub
   takes and must not hold up the database thread. It uses the `RecordStore` this gateway
   opened (SQLite in WAL mode with a busy timeout serializes the writes); it skips the round
   when the store is not open yet.
3. **A private connection on a pool thread** (`kiosk.store.open_database` inside the task,
   closed at its end): work that is started by an operator and may wait long on the network:
   enrolling (`kiosk.sync.enrollment.enroll`), the admin screen's "Sync now" and its status
   (`flows.location_admin`). Nothing of it queues behind, or blocks, the database thread.

The store (SQLAlchemy, Alembic) is imported on the database thread, never before the first
paint: this module imports it only for type checking.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from kiosk.i18n import _
from kiosk.ui.shell.errors import user_message
from kiosk.ui.shell.tasks import ErrorCallback, TaskRunner

if TYPE_CHECKING:
    from kiosk.store import Database, RecordStore

log = logging.getLogger(__name__)

T = TypeVar("T")


class StoreGateway(QObject):
    """Opens the kiosk's store on the database thread and runs store operations there."""

    opened = Signal(object)  # the RecordStore (its class is not imported before first paint)
    failed = Signal(str)

    def __init__(self, tasks: TaskRunner, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._path = database
        #: The open store (set on the database thread before anything queued after it runs).
        self.store: RecordStore | None = None
        self.error: str | None = None
        self.requested = False
        self._database: Database | None = None

    def open(self) -> None:
        """Open (and migrate) the database on the database thread; `opened` follows."""
        if self.requested:
            return
        self.requested = True
        self._tasks.run_db(self._open, on_done=self.opened.emit, on_error=self._on_open_failed)

    def call(
        self,
        op: Callable[[RecordStore], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        """Run `op(store)` on the database thread, after the store is open (policy 1)."""
        self.open()

        def run() -> T:
            if self.store is None:
                from kiosk.store import StoreError

                raise StoreError(self.error or _("the kiosk database is not open"))
            return op(self.store)

        self._tasks.run_db(run, on_done=on_done, on_error=on_error)

    def close(self) -> None:
        """No opening after this; close the database if it was opened (at shutdown)."""
        self.requested = True
        if self._database is not None:
            self._database.close()

    def _open(self) -> RecordStore:
        """On the database thread: open the store and keep it before anything else queued on
        that thread runs."""
        from kiosk.store import RecordStore, open_database

        try:
            database = open_database(self._path)
        except Exception as exc:
            # What every later call is told (through the one error presenter).
            self.error = user_message(exc, "opening the kiosk database")
            raise
        self._database = database
        self.store = RecordStore(database)
        return self.store

    def _on_open_failed(self, exc: BaseException) -> None:
        log.error("the kiosk database could not be opened: %s", exc)
        self.failed.emit(self.error or _("the kiosk database is not open"))
