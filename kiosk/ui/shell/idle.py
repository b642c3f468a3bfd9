"""The idle timeout: after N seconds without input, ask "Are you still there?" and count down;
at zero, reset the kiosk for the next resident.

`IdleWatcher` watches every input event of the application. It is armed by the first input after
a reset (an untouched home screen is not counted down again and again), fires `idle_reached`
after `timeout_s`, and the main window then shows `CountdownOverlay`. Input during the
countdown, or the big "I am still here" button, cancels it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.i18n import _, ngettext
from kiosk.ui.widgets.overlay import MessageOverlay

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits `idle_reached` after `timeout_s` seconds without user input.

    It is an event filter for the main window's QWindow (`MainWindow.install_window_filter`),
    which sees every input event of the kiosk; an application-wide Python filter would crash
    PySide6 6.11 while a web page is shown.
    """

    idle_reached = Signal()
    activity = Signal()

    def __init__(self, timeout_s: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle_reached)
        self.set_timeout(timeout_s)

    def set_timeout(self, timeout_s: int) -> None:
        self._timer.setInterval(int(timeout_s * 1000))
        if self._timer.isActive():
            self._timer.start()

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def disarm(self) -> None:
        """Stop counting until the next input (after a reset)."""
        self._timer.stop()

    def poke(self) -> None:
        """Count this moment as activity."""
        self._timer.start()
        self.activity.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and event.spontaneous():
            self.poke()
        return False

    def stop(self) -> None:
        self._timer.stop()


class CountdownOverlay(MessageOverlay):
    """ "Are you still there?" with a visible countdown; emits `expired` at zero."""

    expired = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget, seconds: int) -> None:
        super().__init__(parent)
        self.seconds = seconds
        self.remaining = seconds
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        self.still_here = self.add_button("", primary=True)
        self.still_here.clicked.connect(self.cancel)
        self.retranslate_ui()

    def start(self) -> None:
        self.remaining = self.seconds
        self.retranslate_ui()
        self.open()
        self._tick.start()

    @property
    def running(self) -> bool:
        return self._tick.isActive()

    def cancel(self) -> None:
        if self._tick.isActive():
            self._tick.stop()
            self.close_overlay()
            self.cancelled.emit()

    def stop(self) -> None:
        self._tick.stop()
        self.close_overlay()

    def escape(self) -> None:
        """Escape means "I am still here"."""
        self.cancel()

    def retranslate_ui(self) -> None:
        self.title.setText(_("Are you still there?"))
        self.text.setText(
            ngettext(
                "The screen will start over in {n} second. Everything you did will be wiped.",
                "The screen will start over in {n} seconds. Everything you did will be wiped.",
                self.remaining,
            ).format(n=self.remaining)
        )
        self.still_here.setText(_("Yes, I am still here"))
        self.still_here.setAccessibleName(_("Yes, I am still here"))

    def _on_tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self._tick.stop()
            self.close_overlay()
            self.expired.emit()
            return
        self.retranslate_ui()
