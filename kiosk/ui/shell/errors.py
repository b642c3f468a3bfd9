"""The one error presenter: what a person is told when something in the UI fails.

    store.call(op, on_done=screen.show, on_error=lambda exc: screen.show_error(user_message(exc)))

A `KioskError` is a user error; its message is a translated sentence that says what is wrong
and what to do, and it is shown as it is. Anything else is a bug: its text (English, technical,
maybe private) never reaches a widget or a signal. It is logged here with its traceback, and the
person reads a translated "Something went wrong; please ask at the desk." instead.

Every UI error path goes through `user_message()`; `tests/project/test_error_text.py` fails where
an exception's own text (`str(exc)`, `f"{exc}"`, `.format(reason=exc)`, ...) is made by hand
in kiosk/ui.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.errors import KioskError
from kiosk.i18n import _

if TYPE_CHECKING:
    from kiosk.ui.shell.store_gateway import StoreGateway

log = logging.getLogger(__name__)


def is_user_error(exc: BaseException) -> bool:
    """True for an error a person can act on (its message is meant to be shown)."""
    return isinstance(exc, KioskError)


def user_message(exc: BaseException, what: str = "the kiosk") -> str:
    """The sentence to show for `exc`, in the current language.

    A `KioskError` gives its own (translated) message. Anything else is a bug: it is logged
    with its traceback (`what` says where it happened, for the log) and the sentence is the
    general one, without the exception's text.
    """
    if is_user_error(exc):
        log.info("%s: %s", what, exc)
        return str(exc)
    log.error("%s failed unexpectedly", what, exc_info=exc)
    return _("Something went wrong; please ask at the desk.")


def keep_last_error(store: StoreGateway, text: str) -> None:
    """Keep `text` as the kiosk's last error (kiosk.services.save_errors.note_error), on the
    database thread; when even that cannot be written (a full disk), the log has it."""
    from kiosk.clock import utc_now
    from kiosk.services.save_errors import note_error

    now = utc_now()

    def failed(exc: BaseException) -> None:
        log.warning("the kiosk's last error could not be kept either: %s", type(exc).__name__)

    store.call(lambda records: note_error(records, text, now), on_error=failed)
