"""Baseline for bench/startup.py: a bare PySide6 window, started and timed like the kiosk."""

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel


def process_uptime_ms() -> float:
    """As kiosk.app.process_uptime_ms(), copied: importing kiosk.app would also import the
    kiosk's UI modules (about 120 ms), which a bare window does not do."""
    with open("/proc/self/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (time.clock_gettime(time.CLOCK_BOOTTIME) - int(fields[19]) / ticks) * 1000


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.done)
        return False

    def done(self):
        print(f"ready_ms={process_uptime_ms():.0f}", flush=True)
        QApplication.quit()


app = QApplication(sys.argv[:1])
label = QLabel("Hello")
watcher = FirstPaint()
label.installEventFilter(watcher)
label.resize(1366, 768)
label.show()
sys.exit(app.exec())
