"""Guard against a PySide6 build that loses references to None/True (6.12.0 on Python 3.11 did:
every void Qt call and every Signal.emit() dropped one, until the interpreter aborted).

A kiosk runs all day, so a slow leak of an immortal object's refcount is a crash waiting to
happen. This runs in a child process so that a broken build aborts there, not in the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication([])
label = QLabel()
class Source(QObject):
    happened = Signal()
source = Source()
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(300):
    label.setText("x")
    source.happened.emit()
print(sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before)
"""


def test_void_calls_and_emits_keep_refcounts() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    none_delta, true_delta = (int(part) for part in result.stdout.split())
    assert abs(none_delta) < 50, f"None lost {-none_delta} references in 300 Qt calls"
    assert abs(true_delta) < 50, f"True lost {-true_delta} references in 300 emits"
