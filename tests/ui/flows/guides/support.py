"""Helpers for driving the kiosk's guide flow in tests."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.app import Kiosk
from kiosk.ui.flows.guides import GuideFlow
from kiosk.ui.screens.guide import GuideScreen


def flow_of(kiosk: Kiosk) -> GuideFlow:
    flow = kiosk.flows.guides
    assert flow is not None
    return flow


def click(qtbot: Any, button: QPushButton) -> None:
    assert button.isVisible(), button.text()
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def stored_runs(kiosk: Kiosk, qtbot: Any) -> list[Any]:
    """Every guide-run record in the kiosk's store, read on the database thread."""
    result: list[list[Any]] = []
    kiosk.store.call(lambda store: store.guide_runs(), on_done=result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=20_000)
    return result[0]


def current_screen(kiosk: Kiosk) -> GuideScreen:
    screen = flow_of(kiosk).screen
    assert screen is not None
    return screen
