"""The Qt application around the kiosk: making it, the first paint, the process's uptime.

`ensure_qapplication()` makes the one `QApplication` (or returns the one that exists), with
high-DPI scaling that keeps fractional factors. `FirstPaint` calls back once a widget has been
painted for the first time (the store opens after it; `kiosk run --quit-after-ready` and the
start-up bench measure to it), and `process_uptime_ms()` says how long the process has run.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication


def ensure_qapplication(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    return QApplication(list(argv or sys.argv[:1]))


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
