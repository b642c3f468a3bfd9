"""What every step widget shares: the services a guide screen hands them, and the base class.

A step widget shows what is particular to its step type (choice buttons, tick boxes, an input
field, the website...) below or beside the step text that the guide screen renders. It drives
the run state (`answer()`, `set_answer()`) where its type needs it, and tells the screen through
signals: `changed` (Next may have become possible), `chosen(index)` (a choice button),
`handed_off()` (the resident asked for a volunteer) and `advance_requested()` (Enter on a
valid answer, or "skip"). The screen owns the navigation (Next, Back) and the run's end.

`StepMemory` keeps what the resident typed or ticked on each step of this run, so Back and then
Next again shows it unchanged; it lives as long as the guide screen and is never stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.domain.guide import Step
from kiosk.domain.run import GuideRunState
from kiosk.i18n import _
from kiosk.ui.shell.theme import Theme

if TYPE_CHECKING:
    from kiosk.domain.location import LocationConfig, Referral
    from kiosk.qr.decode import DecodedCode
    from kiosk.qr.scan import ScanSources
    from kiosk.sync.helpdesk import FreeSlot, Ticket
    from kiosk.ui.browser.view import WebSession


class BookingService(Protocol):
    """Slots and bookings through the hub (`kiosk.ui.flows.booking.Booking`); the answers come
    back on the GUI thread."""

    def fetch_slots(
        self,
        service: str,
        *,
        on_done: Callable[[list[FreeSlot]], None],
        on_error: Callable[[BaseException], None],
    ) -> None: ...

    def book(
        self,
        slot_id: str,
        first_name: str,
        phone: str | None,
        *,
        on_done: Callable[[Ticket], None],
        on_error: Callable[[BaseException], None],
    ) -> None: ...


@dataclass
class GuideServices:
    """What the guide screen and its steps need from the app, given through the constructor.

    `web_session` returns the session's `kiosk.ui.browser.view.WebSession` (created on first use, so
    QtWebEngine is imported only when a web step opens). `allow_insecure_hosts` is for tests
    only ("127.0.0.1:PORT" served over plain http). `speech_engine` None picks the first real
    text-to-speech engine; tests pass "mock". `scan_sources` returns the kiosk's
    `kiosk.qr.scan.ScanSources` (built on first use, so QtMultimedia is imported only when a
    `qr_scan` step opens); None: this kiosk has no QR reader.
    """

    session_dir: Path
    web_session: Callable[[], WebSession]
    allow_insecure_hosts: tuple[str, ...] = ()
    speech_engine: str | None = None
    country: str = "BE"
    #: The help point's `kiosk.ui.flows.booking.Booking` (appointment steps); None: no booking here.
    booking: BookingService | None = None
    #: Whether the resident is using the keyboard now (`kiosk.ui.shell.keyboard.KeyboardUse`);
    #: the screen then puts the focus where the resident acts next. None: always (screens built
    #: alone).
    keyboard_in_use: Callable[[], bool] | None = None
    scan_sources: Callable[[], ScanSources] | None = None
    #: Looks up a place of the location's referral list by id (a `handoff` step with reason
    #: `referral`); None, or None for an id: this kiosk does not know it (ask at the desk).
    referral: Callable[[str], Referral | None] | None = None
    #: The location config as the hub sent it (name, address, phone number, time zone) for the
    #: appointment ticket; None, or None from it: not known here (yet).
    location: Callable[[], LocationConfig | None] | None = None


@dataclass
class StepMemory:
    """What the resident typed (by field), ticked (by step id) and scanned (the decoded codes,
    by field) during this run."""

    typed: dict[str, str] = field(default_factory=dict)
    ticked: dict[str, set[int]] = field(default_factory=dict)
    scanned: dict[str, list[DecodedCode]] = field(default_factory=dict)
    #: An appointment was booked in this run (the booking stays on the hub after a reset).
    booked: bool = False

    def clear(self) -> None:
        self.typed.clear()
        self.ticked.clear()
        self.scanned.clear()
        self.booked = False


class StepWidget(QWidget):
    """Base class: one instance per step shown; replaced when the run moves on."""

    changed = Signal()
    chosen = Signal(int)
    handed_off = Signal()
    advance_requested = Signal()
    #: A page of the step changed (free times arrived, a form opened): the screen puts the
    #: focus on the step's first shown control for a keyboard user.
    focus_wanted = Signal()

    #: Whether the screen shows its Next button for this step type.
    shows_next: ClassVar[bool] = True

    def __init__(
        self,
        step: Step,
        run: GuideRunState,
        theme: Theme,
        services: GuideServices,
        memory: StepMemory,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.step = step
        self.run = run
        self.theme = theme
        self.services = services
        self.memory = memory
        self.build()
        self.retranslate_ui()

    def build(self) -> None:
        """Make the widget's children (called once by the constructor)."""

    def is_complete(self) -> bool:
        """Whether Next may be pressed."""
        return self.run.can_advance()

    def missing(self) -> str:
        """What the resident still has to do before Next works, in a short sentence (said when
        the greyed Next is tapped, and given to assistive technology as its description)."""
        return _("Answer the question on this page first.")

    def not_done(self) -> bool:
        """Whether this step could not be carried out (a website that cannot be reached): Next
        then ends the run as not done, never on to the guide's "done"."""
        return False

    def side_widget(self) -> QWidget | None:
        """A widget for the wide right-hand side (the website), instead of the picture."""
        return None

    def spoken_text(self) -> str:
        """What "Read aloud" adds after the step text (option labels, items)."""
        return ""

    def retranslate_ui(self) -> None:
        """Redraw texts in the current language (the run's language may have changed)."""

    def dispose(self) -> None:
        """Free what the widget holds outside Qt's parent tree (the web page)."""
