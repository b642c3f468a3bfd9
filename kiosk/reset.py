"""The reset service: one place where every part registers what must be wiped between residents.

Idle timeout, "I am done" and the end of a volunteer session all call `ResetService.reset()`.
Each registered action runs in registration order; one failing action is logged and never stops
the others, because a half-done wipe is worse than a logged error. Records already written to the
store are never touched by a reset.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResetReport:
    """What a reset did: the actions that ran, those that failed, and how long it took."""

    done: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class ResetService:
    _actions: list[tuple[str, Callable[[], None]]] = field(default_factory=list)
    _listeners: list[Callable[[ResetReport], None]] = field(default_factory=list)

    def register(self, name: str, action: Callable[[], None]) -> None:
        """Run `action` at every reset; `name` says what it wipes (for logs and reports)."""
        if any(existing == name for existing, _ in self._actions):
            raise ValueError(f"a reset action named {name!r} is already registered")
        self._actions.append((name, action))

    def unregister(self, name: str) -> None:
        self._actions = [(n, a) for n, a in self._actions if n != name]

    def subscribe(self, listener: Callable[[ResetReport], None]) -> None:
        """Call `listener` with the report after every reset."""
        self._listeners.append(listener)

    @property
    def action_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self._actions)

    def reset(self, reason: str) -> ResetReport:
        start = time.perf_counter()
        done: list[str] = []
        failed: list[tuple[str, str]] = []
        for name, action in list(self._actions):
            try:
                action()
            except Exception as exc:
                log.exception("reset action %r failed", name)
                failed.append((name, f"{type(exc).__name__}: {exc}"))
            else:
                done.append(name)
        report = ResetReport(tuple(done), tuple(failed), time.perf_counter() - start)
        log.info("reset (%s): %d actions in %.1f ms", reason, len(done), report.seconds * 1000)
        for listener in list(self._listeners):
            listener(report)
        return report
