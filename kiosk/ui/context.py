"""What every flow is given: the kiosk's shared, long-lived collaborators, in one frozen object.

`kiosk.app.build_kiosk` (the composition root) makes one `FlowContext` and passes it, with each
flow's own collaborators (another flow, a callback), to the flow's constructor. A flow never
looks anything up: not in Qt's object tree (`findChild`), not through `kiosk.app`. This module
imports no flow, so any flow may import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.paths import KioskPaths
    from kiosk.reset import ResetService
    from kiosk.ui.shell.idle import IdleWatcher
    from kiosk.ui.shell.main_window import MainWindow
    from kiosk.ui.shell.store_gateway import StoreGateway
    from kiosk.ui.shell.tasks import TaskRunner


@dataclass(frozen=True)
class FlowContext:
    """The settings, folders, window, background work, store, reset service and idle watcher."""

    settings: Settings
    paths: KioskPaths
    window: MainWindow
    tasks: TaskRunner
    store: StoreGateway
    reset: ResetService
    idle: IdleWatcher
