"""Booking help appointments from the kiosk: the service an `appointment` step is given.

`Booking` runs the hub calls of kiosk.sync.helpdesk on the background-task helper, after
reading the kiosk's enrollment (hub address, token) on the database thread. Results and errors
come back on the GUI thread through the callbacks. Anything that is not a plain answer (no
enrollment, no network, a Wi-Fi login page) reaches the step as a `HelpdeskError` whose message
a resident can act on: booking needs the hub online, and the step says so.

kiosk.sync.helpdesk (and httpx with it), and the help-point state, are imported at the first
call, not at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from kiosk.sync.helpdesk import FreeSlot, Ticket
    from kiosk.sync.transport import Timeouts
    from kiosk.ui.context import FlowContext

log = logging.getLogger(__name__)

DAYS = 14
#: Seconds to wait for the hub; a resident should not wait long for an answer.
CONNECT_S = 5.0
READ_S = 15.0

T = TypeVar("T")
Done = Callable[[T], None]
Failed = Callable[[BaseException], None]


def default_timeouts() -> Timeouts:
    from kiosk.sync.transport import Timeouts

    return Timeouts(connect=CONNECT_S, read=READ_S, write=READ_S, pool=CONNECT_S)


def _plain(exc: BaseException) -> BaseException:
    """`exc` when it is a help-point error; else the plain "needs the internet" one."""
    from kiosk.sync import helpdesk

    if isinstance(exc, helpdesk.HelpdeskError):
        return exc
    log.warning("booking is not possible: %s", exc)
    return helpdesk.HubOfflineError(helpdesk.offline_message())


class Booking:
    """Slots, bookings and cancellations through this kiosk's hub."""

    def __init__(
        self, context: FlowContext, *, days: int = DAYS, timeouts: Timeouts | None = None
    ) -> None:
        self.context = context
        self.days = days
        self.timeouts = timeouts

    def _with_hub(self, call: str, *args: object, on_done: Done[T], on_error: Failed) -> None:
        """Run `kiosk.sync.helpdesk.<call>(hub_url, token, *args)` off the GUI thread."""

        def failed(exc: BaseException) -> None:
            on_error(_plain(exc))

        def start(access: tuple[str, str]) -> None:
            from kiosk.sync import helpdesk

            self.context.tasks.run(
                getattr(helpdesk, call),
                *access,
                *args,
                ca_bundle=self.context.settings.hub.ca_bundle,
                timeouts=self.timeouts or default_timeouts(),
                on_done=on_done,
                on_error=failed,
            )

        from kiosk.services.helpdesk import hub_access

        self.context.store.call(hub_access, on_done=start, on_error=failed)

    def fetch_slots(self, service: str, *, on_done: Done[list[FreeSlot]], on_error: Failed) -> None:
        """`on_done(list[FreeSlot])`, sorted by time."""
        self._with_hub("fetch_slots", service, self.days, on_done=on_done, on_error=on_error)

    def book(
        self,
        slot_id: str,
        first_name: str,
        phone: str | None,
        *,
        on_done: Done[Ticket],
        on_error: Failed,
    ) -> None:
        """`on_done(Ticket)`; `SlotTakenError` when someone else was first."""
        self._with_hub("book", slot_id, first_name, phone, on_done=on_done, on_error=on_error)

    def cancel(self, code: str, *, on_done: Done[None], on_error: Failed) -> None:
        self._with_hub("cancel", code, on_done=on_done, on_error=on_error)
