"""Baseline for bench/startup.py: a bare PySide6 window, started and timed like the kiosk."""

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.app import process_uptime_ms  # a tiny module-level function; Qt is imported anyway


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
