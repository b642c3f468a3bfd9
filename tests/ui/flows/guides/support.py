"""Helpers for driving the kiosk's guide flow in tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton

from kiosk.app import Kiosk
from kiosk.i18n import _
from kiosk.sync.helpdesk import FreeSlot, HelpdeskError, Ticket
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


class FakeBooking:
    """A booking service without a hub, in place of `kiosk.ui.flows.booking.Booking`: offers
    `slots`, records every booking asked for (`booked`) and answers it with `ticket` (no answer
    when None), or refuses it as the hub refuses a bad name or phone (`refuse`). `later`: answer
    on the next turn of the event loop, as the real one does from its thread; else at once."""

    def __init__(
        self,
        slots: Sequence[FreeSlot],
        ticket: Ticket | None = None,
        *,
        refuse: bool = False,
        later: bool = True,
    ) -> None:
        self.slots = list(slots)
        self.ticket = ticket
        self.refuse = refuse
        self.later = later
        self.booked: list[tuple[str, str, str | None]] = []

    def _answer(self, call: Callable[[], None]) -> None:
        if self.later:
            QTimer.singleShot(0, call)
        else:
            call()

    def fetch_slots(
        self,
        service: str,
        *,
        on_done: Callable[[list[FreeSlot]], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._answer(lambda: on_done(self.slots))

    def book(
        self,
        slot_id: str,
        first_name: str,
        phone: str | None,
        *,
        on_done: Callable[[Ticket], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self.booked.append((slot_id, first_name, phone))
        if self.refuse:
            error = HelpdeskError(
                _("the hub did not accept the name or phone number; check them and try again")
            )
            self._answer(lambda: on_error(error))
        elif self.ticket is not None:
            ticket = self.ticket
            self._answer(lambda: on_done(ticket))
