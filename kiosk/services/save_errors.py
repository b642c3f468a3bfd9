"""A record that cannot be saved (a full disk, a broken database): never silent.

`describe(exc, what)` logs the failure as a WARNING (an unexpected one as an ERROR, with its
traceback) and gives two translated sentences: the one for the person waiting at the screen (the
resident at the end of a guide, the volunteer closing a session), and the one kept as the kiosk's
last error. `note_error()` keeps that second sentence in the store's `sync` state, where
`kiosk status`, the admin screen and the next sync (which sends it to the hub) read it. With a
full disk that write may fail too; the caller then keeps the sentence in memory
(`kiosk.ui.flows.sync.SyncFlow.note_error`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.i18n import _
from kiosk.store.errors import StoreError, StoreFullError

if TYPE_CHECKING:
    from kiosk.store import RecordStore

log = logging.getLogger(__name__)

#: The store's state key the sync keeps its last error in (kiosk.sync.service.STATE_KEY).
SYNC_STATE = "sync"


@dataclass(frozen=True)
class SaveFailure:
    """What the person at the screen reads, and what the staff read as the last error."""

    on_screen: str
    last_error: str


def describe(exc: BaseException, what: str) -> SaveFailure:
    """Log why `what` (e.g. "recording a guide run") could not be saved; the sentences to show."""
    if isinstance(exc, StoreError):
        log.warning("%s: nothing was saved: %s", what, exc)
    else:
        log.error("%s failed unexpectedly; nothing was saved", what, exc_info=exc)
    if isinstance(exc, StoreFullError):
        staff = _(
            "The disk is full: a record could not be saved. Free some space; what was saved "
            "earlier is safe."
        )
    else:
        staff = _("A record could not be saved; the kiosk's log file says why.")
    return SaveFailure(_("Nothing was saved on this kiosk. Please tell the staff."), staff)


def note_error(store: RecordStore, text: str, when: datetime) -> None:
    """Keep `text` as the kiosk's last error (its time: `when`); the next good sync clears it."""
    state = store.get_state(SYNC_STATE) or {}
    state.update(last_error=text, last_error_at=when.isoformat(timespec="seconds"))
    store.set_state(SYNC_STATE, state)
