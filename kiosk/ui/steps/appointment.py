"""The `appointment` step: free slots of the step's service as big buttons grouped by day, a
first name and an optional phone number, then the ticket (printed, and as a QR code with an
.ics for the resident's phone). The ticket names the location's address and phone number (the
hub's location config, `services.location`); with no printer it is shown large on screen
(`kiosk.ui.printing.ticket_view.TicketOverlay`).

The step asks the help point's `Booking` service (`services.booking`, kiosk/ui/flows/booking.py) for
the slots and the booking; both run off the GUI thread and need the hub online. When the hub
cannot be reached the step says so plainly and offers to try again, to ask a volunteer or to
skip. The name and phone number live only in this widget (never in the run, never in a
record) and are gone when the step's screen is dropped at the reset.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from babel.dates import format_date
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.guide import AppointmentStep
from kiosk.domain.validators import Invalid, phone_number
from kiosk.i18n import _, clock_time, local, ltr, message_text
from kiosk.sync.helpdesk import FreeSlot, SlotGoneError, SlotTakenError, Ticket
from kiosk.ui.printing.proof import PrintOutcome, Proof, print_message, print_proof
from kiosk.ui.printing.ticket import cancel_text, ics_text, ticket_proof, when_text
from kiosk.ui.shell.errors import user_message
from kiosk.ui.steps.base import BookingService, StepWidget
from kiosk.ui.steps.summary import qr_pixmap
from kiosk.ui.widgets.announce import announce
from kiosk.ui.widgets.wrap_button import WrapButton

if TYPE_CHECKING:
    from kiosk.domain.location import LocationConfig
    from kiosk.ui.printing.ticket_view import TicketOverlay

T = TypeVar("T")

TIMES_PER_ROW = 5
QR_PX = 220


def _label(parent: QWidget, role: str | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


class AppointmentStepWidget(StepWidget):
    slots_shown = Signal(int)  # how many free slots
    booked = Signal(Ticket)
    failed = Signal(str)  # the plain message shown
    printed = Signal(PrintOutcome)

    def build(self) -> None:
        assert isinstance(self.step, AppointmentStep)
        self._disposed = False
        self.slots: list[FreeSlot] = []
        self.chosen_slot: FreeSlot | None = None
        self.ticket: Ticket | None = None
        self.ics = ""
        self._error = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages)
        self._build_wait()
        self._build_problem()
        self._build_slots()
        self._build_details()
        self._build_ticket()
        self.load_slots()

    # -- pages ---------------------------------------------------------------------------------

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self.pages)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(14)
        self.pages.addWidget(page)
        return page, box

    def _build_wait(self) -> None:
        self.wait_page, box = self._page()
        self.wait = _label(self.wait_page, "muted")
        box.addWidget(self.wait)
        box.addStretch(1)

    def _build_problem(self) -> None:
        self.problem_page, box = self._page()
        self.problem = _label(self.problem_page, "warning")
        box.addWidget(self.problem)
        row = QHBoxLayout()
        self.retry = WrapButton(self.problem_page)
        self.retry.setProperty("role", "primary")
        self.retry.clicked.connect(self.load_slots)
        self.volunteer = WrapButton(self.problem_page)
        self.volunteer.clicked.connect(self.handed_off)
        self.skip = WrapButton(self.problem_page)
        self.skip.clicked.connect(self.advance_requested)
        for button in (self.retry, self.volunteer, self.skip):
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(1)

    def _build_slots(self) -> None:
        self.slots_page, box = self._page()
        self.none_free = _label(self.slots_page, "warning")
        box.addWidget(self.none_free)
        scroll = QScrollArea(self.slots_page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # no Tab stop of its own (an unnamed one before the times); a focused time scrolls
        # into view all the same
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.days_body = QWidget(scroll)
        self.days_layout = QVBoxLayout(self.days_body)
        self.days_layout.setContentsMargins(0, 0, 12, 0)
        self.days_layout.setSpacing(8)
        scroll.setWidget(self.days_body)
        box.addWidget(scroll, 1)
        self.day_labels: list[tuple[QLabel, date]] = []
        self.slot_buttons: dict[str, QPushButton] = {}

    def _build_details(self) -> None:
        self.details_page, box = self._page()
        self.chosen_label = _label(self.details_page, "heading")
        box.addWidget(self.chosen_label)
        self.name_label = _label(self.details_page)
        self.first_name = QLineEdit(self.details_page)
        self.first_name.setMaxLength(60)
        self.first_name.textChanged.connect(self._update_book_button)
        self.phone_label = _label(self.details_page)
        self.phone = QLineEdit(self.details_page)
        self.phone.setMaxLength(32)
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        for widget in (self.name_label, self.first_name, self.phone_label, self.phone):
            box.addWidget(widget)
        # each field is named by the label above it (screen readers read the buddy's text)
        self.name_label.setBuddy(self.first_name)
        self.phone_label.setBuddy(self.phone)
        self.details_error = _label(self.details_page, "error")
        box.addWidget(self.details_error)
        row = QHBoxLayout()
        self.back_to_times = WrapButton(self.details_page)
        self.back_to_times.clicked.connect(self._show_slots)
        self.book_button = WrapButton(self.details_page)
        self.book_button.setProperty("role", "primary")
        self.book_button.clicked.connect(self.book_now)
        row.addWidget(self.back_to_times)
        row.addStretch(1)
        row.addWidget(self.book_button)
        box.addLayout(row)
        box.addStretch(1)

    def _build_ticket(self) -> None:
        self.ticket_page = QWidget(self.pages)
        self.pages.addWidget(self.ticket_page)
        outer = QHBoxLayout(self.ticket_page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(32)
        left = QVBoxLayout()
        left.setSpacing(10)
        self.ticket_title = _label(self.ticket_page, "muted")
        self.ticket_when = _label(self.ticket_page, "heading")
        self.ticket_where = _label(self.ticket_page)
        #: "Can you not come? Call the help point: 02 ..." (the number when the hub gave one).
        self.ticket_call = _label(self.ticket_page)
        self.ticket_code = _label(self.ticket_page, "title")
        self.ticket_code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.print_button = WrapButton(self.ticket_page)
        self.print_button.setProperty("role", "primary")
        self.print_button.clicked.connect(self.print_ticket)
        self.print_status = _label(self.ticket_page, "muted")
        self.print_status.hide()
        self.big_ticket: TicketOverlay | None = None
        for widget in (
            self.ticket_title,
            self.ticket_when,
            self.ticket_where,
            self.ticket_call,
            self.ticket_code,
        ):
            left.addWidget(widget)
        left.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.print_status)
        left.addStretch(1)
        outer.addLayout(left, 1)
        right = QVBoxLayout()
        self.qr = QLabel(self.ticket_page)
        self.qr.setFixedSize(QR_PX, QR_PX)
        self.qr.setScaledContents(True)
        self.qr_caption = _label(self.ticket_page, "muted")
        self.qr_caption.setMaximumWidth(QR_PX)  # never wider than the code: not cut (#30)
        right.addWidget(self.qr)
        right.addWidget(self.qr_caption)
        right.addStretch(1)
        outer.addLayout(right)

    # -- slots ---------------------------------------------------------------------------------

    @property
    def booking(self) -> BookingService | None:
        return self.services.booking

    def load_slots(self) -> None:
        assert isinstance(self.step, AppointmentStep)
        if self.booking is None:
            self._show_problem(
                _("Booking an appointment is not possible on this computer. Ask at the desk.")
            )
            return
        self.pages.setCurrentWidget(self.wait_page)
        self.booking.fetch_slots(
            self.step.service,
            on_done=self._while_shown(self.show_slots),
            on_error=self._while_shown(self._on_error),
        )

    def show_slots(self, slots: list[FreeSlot]) -> None:
        self.slots = list(slots)
        while self.days_layout.count():
            item = self.days_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.day_labels = []
        self.slot_buttons = {}
        by_day: dict[date, list[FreeSlot]] = defaultdict(list)
        for slot in self.slots:
            by_day[local(slot.start).date()].append(slot)
        for day in sorted(by_day):
            label = _label(self.days_body, "heading")
            self.day_labels.append((label, day))
            self.days_layout.addWidget(label)
            grid_box = QWidget(self.days_body)
            grid = QGridLayout(grid_box)
            grid.setContentsMargins(0, 0, 0, 8)
            grid.setSpacing(10)
            for index, slot in enumerate(by_day[day]):
                button = QPushButton(grid_box)
                button.setMinimumWidth(130)
                button.clicked.connect(lambda _c=False, s=slot: self.choose(s))
                self.slot_buttons[slot.id] = button
                grid.addWidget(button, index // TIMES_PER_ROW, index % TIMES_PER_ROW)
            grid.setColumnStretch(TIMES_PER_ROW, 1)
            self.days_layout.addWidget(grid_box)
        self.days_layout.addStretch(1)
        self.none_free.setVisible(not self.slots or bool(self._error))
        self._retranslate_slots()
        self.pages.setCurrentWidget(self.slots_page)
        self.changed.emit()  # the times join the Tab order in place
        self.focus_wanted.emit()  # and the first time takes the focus
        if self._error:
            announce(self.none_free, self.none_free.text())
        self.slots_shown.emit(len(self.slots))

    def _show_slots(self) -> None:
        """Other time: back to the times, the focus on the one chosen before (when the focus
        was on the form: never onto a page that is hidden now)."""
        focused = QApplication.focusWidget()
        on_form = focused is not None and self.details_page.isAncestorOf(focused)
        self.pages.setCurrentWidget(self.slots_page)
        chosen = self.chosen_slot
        button = None if chosen is None else self.slot_buttons.get(chosen.id)
        if on_form and button is not None:
            button.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose(self, slot: FreeSlot) -> None:
        self.chosen_slot = slot
        self.details_error.clear()
        for field in (self.first_name, self.phone):
            field.setAccessibleDescription("")
        self._retranslate_details()
        self._update_book_button()
        self.pages.setCurrentWidget(self.details_page)
        self.first_name.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- booking -------------------------------------------------------------------------------

    def _update_book_button(self) -> None:
        self.book_button.setEnabled(bool(self.first_name.text().strip()))

    def book_now(self) -> None:
        if self.chosen_slot is None or self.booking is None or not self.first_name.text().strip():
            return
        phone = self.phone.text().strip() or None
        invalid = phone_number(phone) if phone is not None else None
        if isinstance(invalid, Invalid):  # said here, not after the hub refused it
            message = message_text(invalid.message, invalid.params)
            self.details_error.setText(message)
            self.phone.setAccessibleDescription(message)
            self.phone.setFocus(Qt.FocusReason.OtherFocusReason)
            announce(self.phone, message)
            return
        self.phone.setAccessibleDescription("")
        if self.book_button.hasFocus():  # a disabled Book would pass the focus on to "Back"
            self.first_name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.book_button.setEnabled(False)
        self.details_error.setText(_("Booking\u2026"))
        self.booking.book(
            self.chosen_slot.id,
            self.first_name.text().strip(),
            phone,
            on_done=self._while_shown(self._on_booked),
            on_error=self._while_shown(self._on_book_error),
        )

    def _on_booked(self, ticket: Ticket) -> None:
        self.ticket = ticket
        self.memory.booked = True  # "Start over" says the booking stays (kiosk.app)
        self.ics = ics_text(ticket, location=self._location())
        self.qr.setPixmap(qr_pixmap(self.ics, QR_PX))
        self.phone.clear()  # not needed any more; the name stays for the printed ticket
        self._retranslate_ticket()
        self.pages.setCurrentWidget(self.ticket_page)
        self.changed.emit()
        self.focus_wanted.emit()  # "Print the ticket", never the screen's Back
        announce(self.ticket_page, f"{self.ticket_title.text()} {self.ticket_when.text()}")
        self.booked.emit(ticket)

    def _on_book_error(self, exc: BaseException) -> None:
        self._update_book_button()
        if isinstance(exc, SlotTakenError | SlotGoneError):
            self.details_error.clear()
            self._error = user_message(exc, "booking")
            self.load_slots()
            return
        message = _sentence(user_message(exc, "booking"))
        self.details_error.setText(message)
        # tied to the fields it is about (found there by a screen reader), the focus on the name
        for field in (self.first_name, self.phone):
            field.setAccessibleDescription(message)
        self.first_name.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self.first_name, message)
        self.failed.emit(message)

    def print_ticket(self) -> PrintOutcome | None:
        if self.ticket is None:
            return None
        proof = ticket_proof(
            self.ticket, self.first_name.text().strip(), self.run.locale, self._location(), self.ics
        )
        outcome = print_proof(proof, Path(self.services.session_dir), "appointment")
        self.print_status.setText(print_message(outcome))
        self.print_status.show()
        announce(self.print_button, self.print_status.text())
        if outcome.pdf is not None:
            self.show_big_ticket(proof)
        self.printed.emit(outcome)
        return outcome

    def _location(self) -> LocationConfig | None:
        source = self.services.location
        return None if source is None else source()

    def show_big_ticket(self, proof: Proof) -> None:
        """The ticket large on screen (no printer here), over the whole window."""
        from kiosk.ui.printing.ticket_view import TicketOverlay

        if self.big_ticket is None:
            window = self.window()
            host = window.centralWidget() if isinstance(window, QMainWindow) else window
            self.big_ticket = TicketOverlay(host or window)
        self.big_ticket.show_ticket(proof)

    # -- the step's contract -------------------------------------------------------------------

    def is_complete(self) -> bool:
        return self.ticket is not None

    def missing(self) -> str:
        """What is really missing for Next, for the state the step is in (a stranger saw
        "choose a time" after a time was chosen)."""
        if self.chosen_slot is None or self.pages.currentWidget() is not self.details_page:
            return _("Choose a time and press Book first.")
        if not self.first_name.text().strip():
            return _("Type your first name, then press Book.")
        return _("Press Book first: the time is not booked yet.")

    def _on_error(self, exc: BaseException) -> None:
        message = user_message(exc, "finding free times")
        self._show_problem(_sentence(message))
        self.failed.emit(message)

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.retry.setVisible(self.booking is not None)
        self.pages.setCurrentWidget(self.problem_page)

    def _while_shown(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        """`callback` for an answer from the hub, dropped once the step is gone (the resident
        moved on, or the kiosk was reset, while the request was under way)."""

        def call(value: T) -> None:
            if not self._disposed:
                callback(value)

        return call

    def dispose(self) -> None:
        self._disposed = True
        self.first_name.clear()
        self.phone.clear()
        if self.big_ticket is not None:
            self.big_ticket.forget()
            self.big_ticket.deleteLater()
            self.big_ticket = None

    def retranslate_ui(self) -> None:
        self.wait.setText(_("Looking for free times\u2026"))
        self.retry.setText(_("Try again"))
        self.volunteer.setText(_("Ask a volunteer"))
        self.skip.setText(_("Skip this step"))
        self.name_label.setText(_("Your first name"))
        self.phone_label.setText(_("Your phone number (optional, for a reminder)"))
        self.back_to_times.setText(_("Other time"))
        self.book_button.setText(_("Book"))
        self.print_button.setText(_("Print the ticket"))
        self.qr_caption.setText(_("Scan with your phone to put it in your calendar."))
        self.qr.setAccessibleName(_("QR code of your appointment"))
        self._retranslate_slots()
        self._retranslate_details()
        self._retranslate_ticket()

    def _retranslate_slots(self) -> None:
        locale = self.run.locale
        for label, day in self.day_labels:
            label.setText(format_date(day, format="full", locale=locale))
        for slot in self.slots:
            button = self.slot_buttons.get(slot.id)
            if button is not None:
                start = local(slot.start)
                button.setText(clock_time(start, locale))
                # named with its day: a screen reader that lands on a time says which day
                button.setAccessibleName(
                    _("{date}, {time}").format(
                        date=format_date(start, format="full", locale=locale),
                        time=clock_time(start, locale),
                    )
                )
        taken = _sentence(self._error) + " " if self._error else ""
        empty = _("There are no free times in the next two weeks. Ask at the desk.")
        self.none_free.setText((taken + empty) if not self.slots else taken.strip())

    def _retranslate_details(self) -> None:
        if self.chosen_slot is None:
            return
        locale = self.run.locale
        start = local(self.chosen_slot.start)
        self.chosen_label.setText(
            _("{date}, {time}").format(
                date=format_date(start, format="full", locale=locale),
                time=clock_time(start, locale),
            )
        )

    def _retranslate_ticket(self) -> None:
        if self.ticket is None:
            return
        self.ticket_title.setText(
            _("Your appointment: {service}").format(service=self.ticket.service_name)
        )
        self.ticket_when.setText(when_text(self.ticket, self.run.locale))
        location = self._location()
        where = [self.ticket.location]
        if location is not None and location.address:
            where.append(location.address)
        self.ticket_where.setText("\n".join(where))
        self.ticket_call.setText(cancel_text(location))
        self.ticket_code.setText(_("Code: {code}").format(code=ltr(self.ticket.code)))


def _sentence(text: str) -> str:
    """A message from the sync layer ("booking needs the internet; ...") as a sentence."""
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
