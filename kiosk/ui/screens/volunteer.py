"""The volunteer panel: an in-window overlay a volunteer opens with a discreet gesture.

Pages, one at a time: who are you (`WhoPage`), your PIN (`PinPage`), the panel's home (start or
end a session, my sessions today, log out), the session form (`SessionForm`) and "My sessions
today" (`MySessionsPage`). The panel renders and emits intent (signals in the past tense); the
help-point flow (kiosk.ui.flows.helpdesk) checks PINs, writes records and decides what is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.domain.location import LocationConfig, Referral, Volunteer
from kiosk.domain.records import AssistedSession
from kiosk.i18n import _
from kiosk.ui.screens.my_sessions import MySessionsPage
from kiosk.ui.screens.session_form import SessionAnswers, SessionForm
from kiosk.ui.screens.volunteer_login import PinPage, WhoPage
from kiosk.ui.widgets.overlay import Overlay
from kiosk.ui.widgets.reading_area import scrolling_content


class PanelHome(QWidget):
    """Hello, start or end a session, my sessions, log out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = ""
        self.since = ""
        # At 200 % text the page can be taller than the screen: it scrolls then.
        self.area, content = scrolling_content(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.setSpacing(16)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.status = QLabel(self)
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        self.start = QPushButton(self)
        self.start.setProperty("role", "primary")
        self.session = QPushButton(self)
        self.session.setProperty("role", "primary")
        self.mine = QPushButton(self)
        for button in (self.start, self.session, self.mine):
            layout.addWidget(button)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.logout = QPushButton(self)
        self.close_button = QPushButton(self)
        row.addWidget(self.logout)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.retranslate_ui()

    def show_state(self, name: str, since: str) -> None:
        """`since` is the running session's start time ("" when none runs)."""
        self.name, self.since = name, since
        self.start.setVisible(not since)
        self.session.setVisible(bool(since))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Hello, {name}").format(name=self.name))
        self.area.setAccessibleName(self.heading.text())
        if self.since:
            self.status.setText(_("A session runs since {time}.").format(time=self.since))
        else:
            self.status.setText(
                _(
                    "Start a session when you sit down with a resident. The panel closes and "
                    "the resident can go on using the kiosk; a small bar shows the session."
                )
            )
        self.start.setText(_("Start session"))
        self.session.setText(_("Topics and end of the session"))
        self.mine.setText(_("My sessions today"))
        self.logout.setText(_("Log out"))
        self.close_button.setText(_("Close"))


class VolunteerPanel(Overlay):
    """The panel overlay; `show_*` methods pick the page."""

    volunteer_chosen = Signal(str)
    admin_chosen = Signal()
    pin_entered = Signal(str)
    code_entered = Signal(str)
    new_pin_chosen = Signal(str)
    start_requested = Signal()
    session_form_requested = Signal()
    session_ended = Signal(SessionAnswers)
    correction_saved = Signal(AssistedSession, SessionAnswers)
    my_sessions_requested = Signal()
    logout_requested = Signal()

    def __init__(self, parent: QWidget, languages: Sequence[str], country: str = "BE") -> None:
        super().__init__(parent, max_width=1200)
        self.setObjectName("Backdrop")
        self.pages = QStackedWidget(self.card)
        self.card_layout.addWidget(self.pages, 1)
        self.who = WhoPage(self.pages)
        self.pin = PinPage(self.pages)
        self.home = PanelHome(self.pages)
        self.form = SessionForm(languages, self.pages)  # the running session
        self.fix = SessionForm(languages, self.pages)  # a correction of an earlier one
        self.mine = MySessionsPage(country, self.pages)
        for page in (self.who, self.pin, self.home, self.form, self.fix, self.mine):
            self.pages.addWidget(page)
        reading = QHBoxLayout()
        self.card_layout.addLayout(reading)
        self.add_read_button(reading)
        reading.addStretch(1)
        self._correcting: AssistedSession | None = None

        self.who.volunteer_chosen.connect(self.volunteer_chosen)
        self.who.admin_chosen.connect(self.admin_chosen)
        self.who.close_requested.connect(self.close_overlay)
        self.pin.pin_entered.connect(self.pin_entered)
        self.pin.code_entered.connect(self.code_entered)
        self.pin.new_pin_chosen.connect(self.new_pin_chosen)
        self.pin.back_requested.connect(self._back_to_who)
        self.home.start.clicked.connect(self.start_requested)
        self.home.session.clicked.connect(self.session_form_requested)
        self.home.mine.clicked.connect(self.my_sessions_requested)
        self.home.logout.clicked.connect(self.logout_requested)
        self.home.close_button.clicked.connect(self.close_overlay)
        self.form.back_requested.connect(lambda: self.pages.setCurrentWidget(self.home))
        self.form.finished.connect(self._on_form_finished)
        self.fix.back_requested.connect(lambda: self.pages.setCurrentWidget(self.mine))
        self.fix.finished.connect(self._on_fix_finished)
        self.mine.back_requested.connect(lambda: self.pages.setCurrentWidget(self.home))
        self.mine.correct_requested.connect(self.show_correction)

    def focus_first(self) -> None:
        """The focus starts on the page's first field (a name, the PIN field), not on the
        first button the card happens to hold."""
        first_field = getattr(self.pages.currentWidget(), "first_field", None)
        target = first_field() if first_field is not None else None
        if isinstance(target, QWidget) and target.isVisibleTo(self.card) and target.isEnabled():
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super().focus_first()

    def escape(self) -> None:
        """Escape closes the panel from its first pages, and goes back one page from the PIN;
        on a form it does nothing (a half-filled record is not thrown away by a key)."""
        page = self.pages.currentWidget()
        if page in (self.who, self.home):
            self.close_overlay()
        elif page is self.pin:
            self.pin.stop_wait()
            self.pages.setCurrentWidget(self.who)
            self.focus_first()

    def _back_to_who(self) -> None:
        self.pin.stop_wait()
        self.pages.setCurrentWidget(self.who)
        self.focus_first()

    def close_overlay(self) -> None:
        self.pin.stop_wait()  # the countdown stops with the panel (a reset, idle, Close)
        super().close_overlay()

    # -- pages ---------------------------------------------------------------------------------

    def _show(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        if not self.is_open:
            self.open()
        else:
            self.fit_card()

    def show_who(self, volunteers: Sequence[Volunteer]) -> None:
        self.who.set_volunteers(volunteers)
        self._show(self.who)

    def show_pin(self, name: str, *, mode: str) -> None:
        """The PIN page for `name` in `mode` (kiosk.ui.screens.volunteer_login: CHECK, INVITE,
        SET, NO_INVITATION, NOT_SET_UP)."""
        self._show(self.pin)
        self.pin.ask(name, mode=mode)

    def show_home(self, name: str, since: str) -> None:
        self.home.show_state(name, since)
        self._show(self.home)

    def show_form(self, referrals: Sequence[Referral], *, fresh: bool) -> None:
        """The running session's form (`fresh`: cleared for a new session)."""
        self.form.set_referrals(referrals)
        if fresh:
            self.form.clear()
        self._show(self.form)

    def show_mine(self, records: Sequence[AssistedSession], config: LocationConfig) -> None:
        self.fix.set_referrals(config.referrals)
        self.mine.show_sessions(records, config)
        self._show(self.mine)

    def show_correction(self, record: AssistedSession) -> None:
        self._correcting = record
        self.fix.load(record)
        self._show(self.fix)

    def clear_session_form(self) -> None:
        """A new session starts: its form is empty."""
        self.form.clear()

    # -- what the flow reports -----------------------------------------------------------------

    def set_pin_busy(self, busy: bool) -> None:
        """While a PIN is checked or kept, OK waits (the field keeps the focus)."""
        self.pin.set_busy(busy)

    def show_pin_wrong(self, seconds: int) -> None:
        """The PIN was not right; the next one is taken after `seconds` (counted down)."""
        self.pin.show_wrong(seconds)

    def show_pin_wait(self, seconds: int) -> None:
        """A PIN came while the kiosk waits after wrong ones: `seconds` are left."""
        self.pin.show_wait(seconds, wrong=False)

    def choose_pin(self) -> None:
        """The invitation code was right: the volunteer chooses a PIN now (twice)."""
        from kiosk.ui.screens.volunteer_login import SET

        self.pin.ask(self.pin.who, mode=SET)

    def show_pin_error(self, text: str) -> None:
        """Something failed while asking for a PIN (`text`, from the error presenter)."""
        self.pin.show_error(text)

    def set_saving(self, saving: bool) -> None:
        """While the running session's record is saved, its form waits."""
        self.form.set_saving(saving)

    def show_save_error(self, text: str) -> None:
        """A session or a correction was not saved (`text`, from the error presenter)."""
        for form in (self.form, self.fix):
            form.show_problem(text)

    def show_correction_error(self, text: str) -> None:
        """The correction was refused (`text` says why)."""
        self.fix.show_problem(text)

    # -- intent --------------------------------------------------------------------------------

    def _on_form_finished(self) -> None:
        answers = self.form.answers()
        if answers.complete:
            self.session_ended.emit(answers)

    def _on_fix_finished(self) -> None:
        answers = self.fix.answers()
        if answers.complete and self._correcting is not None:
            record, self._correcting = self._correcting, None
            self.correction_saved.emit(record, answers)

    def retranslate_ui(self) -> None:
        for page in (self.who, self.pin, self.home, self.form, self.fix, self.mine):
            page.retranslate_ui()
