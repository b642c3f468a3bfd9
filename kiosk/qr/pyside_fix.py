"""A work-around for a reference-count bug in PySide6 6.12 on Python 3.11.

Measured here (PySide6/shiboken6 6.12.0, CPython 3.11.7): every call of a `void` Qt method
(`QVideoFrame.unmap()`, `QVideoSink.setVideoFrame()`, `QCoreApplication.processEvents()`,
`QObject.setObjectName()`, ...) hands `None` back without a reference, and `Signal.emit()` does
the same with `True`. Each call leaves the singleton one reference short; after enough calls
(a camera delivers 30 frames a second) the interpreter aborts with "none_dealloc: deallocating
None" / "bool_dealloc". Python 3.12+ is immune (the singletons are immortal).

`call(fn, *args)` (for void methods) and `emit(signal, *args)` probe once whether the running
PySide6 has the bug and, if so, give the reference back after each call. The camera path
calls its per-frame Qt methods through them. With a fixed PySide6 (or Python >= 3.12) the
probe finds no leak and they are plain calls.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

T = TypeVar("T")

_PROBES = 64
_lock = threading.Lock()
_leaks: bool | None = None
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    fired = Signal()


def _measure() -> bool:
    probe = _Probe()
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
        probe.fired.emit()
    lost_none = before[0] - sys.getrefcount(None)
    lost_true = before[1] - sys.getrefcount(True)
    leaks = lost_none >= _PROBES * 3 // 4 and lost_true >= _PROBES * 3 // 4
    if leaks:
        for _ in range(lost_none):
            _incref(None)
        for _ in range(lost_true):
            _incref(True)
    return leaks


def leaks() -> bool:
    """Does this PySide6 drop references to None/True returned by its methods?"""
    global _leaks
    if _leaks is None:
        with _lock:
            if _leaks is None:
                _leaks = _measure()
    return _leaks


def call(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` for a `void` PySide6 method, giving back the reference to None it drops."""
    result = fn(*args)
    if result is None and leaks():
        _incref(None)
    return result


def emit(signal: Any, *args: Any) -> None:
    """`signal.emit(*args)`, giving back the reference to True (or False) it drops."""
    result = signal.emit(*args)
    if (result is True or result is False) and leaks():
        _incref(result)
