"""The one background-work helper: run a plain function off the GUI thread, get the result back
on the GUI thread.

    tasks.run(fetch_slots, on_done=screen.show_slots, on_error=screen.show_error)
    tasks.run_db(store.add, record, on_done=...)

`run()` uses a small thread pool for network and file work; `run_db()` runs everything on ONE
worker thread, in order, so database work is serialized (as in Anki's taskman). The callbacks
are called on the GUI thread through a queued signal; a worker never touches a widget.
`shutdown()` waits for the workers, so tests and the app leave no thread behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorCallback = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; its signals carry a finished task's outcome back there."""

    finished = Signal(object, object)  # task, result
    failed = Signal(object, object)  # task, exception


class _Task(QRunnable, Generic[T]):
    def __init__(
        self,
        relay: _Relay,
        fn: Callable[..., T],
        args: tuple[object, ...],
        kwargs: dict[str, object],
        on_done: Callable[[T], None] | None,
        on_error: ErrorCallback | None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.relay = relay
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.on_done = on_done
        self.on_error = on_error

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.relay.failed.emit(self, exc)
        else:
            self.relay.finished.emit(self, result)


class TaskRunner(QObject):
    """Runs functions on worker threads and calls back on the GUI thread."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._db_pool = QThreadPool(self)
        self._db_pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._running: set[QRunnable] = set()

    def run(
        self,
        fn: Callable[..., T],
        *args: object,
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
        **kwargs: object,
    ) -> None:
        """Run `fn(*args, **kwargs)` on the worker pool."""
        self._start(self._pool, fn, args, kwargs, on_done, on_error)

    def run_db(
        self,
        fn: Callable[..., T],
        *args: object,
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorCallback | None = None,
        **kwargs: object,
    ) -> None:
        """Run `fn` on the single database thread, after every earlier `run_db` task (flows
        reach it through `kiosk.ui.shell.store_gateway.StoreGateway.call`)."""
        self._start(self._db_pool, fn, args, kwargs, on_done, on_error)

    def _start(
        self,
        pool: QThreadPool,
        fn: Callable[..., T],
        args: tuple[object, ...],
        kwargs: dict[str, object],
        on_done: Callable[[T], None] | None,
        on_error: ErrorCallback | None,
    ) -> None:
        task = _Task(self._relay, fn, args, kwargs, on_done, on_error)
        self._running.add(task)
        pool.start(task)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Wait for every running task (their callbacks are dropped)."""
        self._pool.waitForDone(timeout_ms)
        self._db_pool.waitForDone(timeout_ms)

    @Slot(object, object)
    def _on_finished(self, task: _Task[object], result: object) -> None:
        self._running.discard(task)
        if task.on_done is not None:
            task.on_done(result)

    @Slot(object, object)
    def _on_failed(self, task: _Task[object], exc: BaseException) -> None:
        self._running.discard(task)
        if task.on_error is not None:
            task.on_error(exc)
        else:
            log.error("background task %r failed", task.fn, exc_info=exc)
