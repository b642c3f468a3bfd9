"""What the resident did in the website, as the kiosk saw it, and the watchdog for a hung page.

- `InputGestures` is an event filter on the web view's own widgets (the widget QtWebEngine renders
  the page into, which receives every real click, tap and key of the page, whichever way it came:
  the window's filters, re-attached at every `WinIdChange`, pass it on). It counts presses and keys
  and remembers when the last one was (on an injectable clock). A page's own script cannot make
  Qt input events, so these are the resident's. `printRequested` and Chromium's dialogs carry no
  gesture; the kiosk asks this instead (printing within `PRINT_GESTURE_S` of a click or key; one
  dialog per gesture, see `kiosk.ui.browser.dialogs.DialogGate`).
- `HangWatch` asks the page's renderer a trivial question (in an isolated JavaScript world) every
  `interval_ms`; when a question stays unanswered for `limit_s` seconds (a page that busy-loops),
  `hung` is emitted. Every sign of life of the page (progress, a title, an answer) clears it, and
  a page that waits for the resident (its own alert, the file picker) is not hung. The
  timer and the clock are injectable, so a test drives it without waiting ten seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript

Clock = Callable[[], float]

#: Printing is allowed only this soon after a click or key in the website.
PRINT_GESTURE_S = 1.0
#: A page that does not answer for this long is "stopped".
HANG_LIMIT_S = 10.0

_GESTURES = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
    }
)


class InputGestures(QObject):
    """Counts the resident's clicks, taps and keys in one web view."""

    def __init__(self, parent: QObject | None = None, clock: Clock = time.monotonic) -> None:
        super().__init__(parent)
        self.clock = clock
        self.count = 0
        self.last_at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _GESTURES and not (
            isinstance(event, QKeyEvent) and event.isAutoRepeat()
        ):
            self.saw()
        return False

    def saw(self) -> None:
        self.count += 1
        self.last_at = self.clock()

    def within(self, seconds: float) -> bool:
        """Whether the last gesture was at most `seconds` ago."""
        return self.last_at is not None and self.clock() - self.last_at <= seconds


class HangWatch(QObject):
    """Emits `hung` when the page's renderer stops answering for `limit_s` seconds."""

    hung = Signal()

    def __init__(
        self,
        page: QWebEnginePage,
        parent: QObject | None = None,
        *,
        clock: Clock = time.monotonic,
        interval_ms: int = 1000,
        limit_s: float = HANG_LIMIT_S,
        waiting: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self.page = page
        #: Whether the page waits for the resident (its alert, the file picker): its renderer
        #: then answers nothing, and that is not a hang.
        self.waiting = waiting
        self.clock = clock
        self.limit_s = limit_s
        self.asked_at: float | None = None  # an unanswered question since then
        self.reported = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        for signal in (page.loadProgress, page.titleChanged, page.loadFinished):
            signal.connect(self.alive)
        page.destroyed.connect(self.stop)  # a reset deleted the page (`WebSession.wipe`)

    def start(self) -> None:
        self.alive()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.asked_at = None

    def alive(self, *_args: object) -> None:
        self.asked_at = None
        self.reported = False

    def check(self) -> None:
        """One tick: report a question unanswered too long, or ask a new one."""
        if not shiboken6.isValid(self.page):
            self.stop()
            return
        if self.waiting():
            self.alive()
            return
        if self.asked_at is not None:
            if not self.reported and self.clock() - self.asked_at >= self.limit_s:
                self.reported = True
                self.hung.emit()
            return
        self.asked_at = self.clock()
        self.page.runJavaScript("0", QWebEngineScript.ScriptWorldId.ApplicationWorld, self.alive)
