"""The help point on the kiosk: the volunteer panel, assisted sessions and the admin screen.

`kiosk.app.build_kiosk` builds the one `HelpdeskFlow` (`kiosk.flows.helpdesk`) and registers its
reset actions; the flow wires the rest:

- the volunteer panel opens with **Ctrl+Alt+V** or a **3-second press on the location name**
  in the header (docs/volunteers.md); neither is something a resident stumbles on, and the
  lockdown's KeyGuard does not swallow them. The panel closes itself (and logs the volunteer
  out) after `PANEL_IDLE_S` seconds without input, and at every reset;
- PINs are checked on the database thread against scrypt hashes (kiosk/domain/pins.py); each
  wrong one in a row makes this kiosk wait longer before that volunteer's next try (at most a
  minute, never a lockout; kiosk/domain/lockout.py), kept in the store. The PIN field keeps the
  keyboard focus and counts the wait down;
- a volunteer without a PIN chooses one only with the invitation code the coordinator made on
  the hub (kiosk/domain/invitations.py); without one the panel says to ask the coordinator;
- "Start session" starts a `SessionDraft` and shows the `SessionBar`; ending it writes the
  `AssistedSession` with its outbox row and runs the reset (`volunteer_session_end`); the
  receipt then says "Session saved" above the resident's "Everything has been wiped", and
  whether it has reached the hub (a sync round is started at once);
- "My sessions today" lists the volunteer's sessions; a correction is a new revision;
- the admin screen (kiosk/ui/flows/location_admin.py) opens behind the admin PIN, which comes
  from the hub (set by the coordinator) or from `kiosk enroll --admin-pin-file`; until there is
  one, "Location admin" only says it is not set up yet, and nothing opens the admin screen;
- guide steps of type `appointment` get a `Booking` service (kiosk/ui/flows/booking.py).

An idle reset logs the volunteer out but keeps a running session (the bar stays): only the
volunteer can end it, with its outcome.

Only the shortcut, the long press and the (hidden) session bar exist at start-up. The panel and
the admin screen are built, and the help-point modules (PINs, records, babel's time formatting)
imported, on the GUI thread the first time they are needed, so they cost the first paint nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from kiosk import i18n
from kiosk.clock import utc_now
from kiosk.i18n import _
from kiosk.ui.shell.errors import keep_last_error, user_message
from kiosk.ui.shell.session_bar import SessionBar

if TYPE_CHECKING:
    from kiosk.domain.assisted import SessionDraft
    from kiosk.domain.location import Volunteer
    from kiosk.domain.lockout import Attempts
    from kiosk.domain.records import AssistedSession
    from kiosk.services.helpdesk import Desk, PinCheck
    from kiosk.sync.service import SyncResult
    from kiosk.ui.context import FlowContext
    from kiosk.ui.flows.location_admin import AdminFlow
    from kiosk.ui.flows.sync import SyncController
    from kiosk.ui.screens.session_form import SessionAnswers
    from kiosk.ui.screens.volunteer import VolunteerPanel

log = logging.getLogger(__name__)

PANEL_IDLE_S = 120
LONG_PRESS_MS = 3000
SHORTCUT = "Ctrl+Alt+V"


class LongPress(QObject):
    """Emits `triggered` when `widget` is held down for `ms` milliseconds."""

    triggered = Signal()

    def __init__(self, widget: QWidget, ms: int = LONG_PRESS_MS) -> None:
        super().__init__(widget)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ms)
        self._timer.timeout.connect(self.triggered)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self._timer.start()
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.Leave, QEvent.Type.Hide):
            self._timer.stop()
        return False


class HelpdeskFlow(QObject):
    """Volunteer login, the running session and its record; the admin screen's door."""

    session_recorded = Signal(object)  # AssistedSession, once the store has it
    correction_recorded = Signal(object)  # the corrected AssistedSession

    def __init__(
        self,
        context: FlowContext,
        *,
        make_admin: Callable[[], AdminFlow],
        sync: SyncController | None = None,
        clock: Callable[[], datetime] = utc_now,
        panel_idle_s: float = PANEL_IDLE_S,
    ) -> None:
        super().__init__(context.window)
        self.context = context
        self.sync = sync
        self.clock = clock
        self._make_admin = make_admin
        window = context.window
        # The panel and the admin screen are built when first needed (`panel`, `admin`): a
        # resident never sees them, and their modules would cost start-up time.
        self._panel: VolunteerPanel | None = None
        self._admin: AdminFlow | None = None
        self.bar = SessionBar(lambda: self.clock(), window.root_widget)
        window.insert_bar(self.bar)  # between the header and the screens
        self.desk: Desk | None = None
        self.volunteer: Volunteer | None = None
        self.draft: SessionDraft | None = None
        self._asking: str | None = None
        self._code: str | None = None  # the invitation code, once right, until the PIN is set
        self._mode = ""  # what the PIN page asks for (kiosk.ui.screens.volunteer_login)
        self._panel_idle = QTimer(self)
        self._panel_idle.setSingleShot(True)
        self._panel_idle.setInterval(int(panel_idle_s * 1000))
        self._panel_idle.timeout.connect(self.log_out)
        context.idle.activity.connect(self._on_activity)
        self.bar.panel_requested.connect(self.open_panel)
        #: Waiting for the sync round after a saved session (the receipt says if it was sent).
        self._awaiting_sent = False
        if sync is not None:
            sync.synced.connect(self._on_synced)
            sync.sync_failed.connect(lambda _text: self._on_synced(None))

        self.shortcut = QShortcut(QKeySequence(SHORTCUT), window)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.open_panel)
        self.long_press = LongPress(window.header.location)
        self.long_press.triggered.connect(self.open_panel)
        window.language_changed.connect(self._on_language_changed)

    # -- the parts built on first use ----------------------------------------------------------

    @property
    def panel(self) -> VolunteerPanel:
        """The volunteer panel (an overlay), built the first time it is needed."""
        if self._panel is None:
            from kiosk.ui.screens.volunteer import VolunteerPanel

            settings = self.context.settings
            panel = VolunteerPanel(
                self.context.window.root_widget,
                settings.session.languages,
                settings.location.country,
            )
            panel.speaker_source = self.context.window.speaker
            panel.volunteer_chosen.connect(self._on_volunteer_chosen)
            panel.admin_chosen.connect(self._on_admin_chosen)
            panel.pin_entered.connect(self._on_pin_entered)
            panel.code_entered.connect(self._on_code_entered)
            panel.new_pin_chosen.connect(self._on_new_pin)
            panel.start_requested.connect(self.start_session)
            panel.session_form_requested.connect(self._on_session_form)
            panel.session_ended.connect(self.end_session)
            panel.correction_saved.connect(self._on_correction)
            panel.my_sessions_requested.connect(self.show_my_sessions)
            panel.logout_requested.connect(self.log_out)
            panel.retranslate_ui()
            self._panel = panel
        return self._panel

    @property
    def admin(self) -> AdminFlow:
        """The admin screen's flow (`make_admin`, from kiosk.app), built the first time."""
        if self._admin is None:
            self._admin = self._make_admin()
        return self._admin

    def close_admin(self) -> None:
        """A reset action: leave the admin screen (if it was ever built)."""
        if self._admin is not None:
            self._admin.close()

    # -- opening and closing -------------------------------------------------------------------

    def open_panel(self) -> None:
        from kiosk.services.helpdesk import load_desk

        self._panel_idle.start()
        if self.volunteer is not None:
            self._show_home()
            return
        now = self.clock()
        self.context.store.call(
            lambda store: load_desk(store, now), on_done=self._on_desk, on_error=self._on_error
        )

    def _on_desk(self, desk: Desk) -> None:
        self.desk = desk
        self.panel.show_who(desk.config.volunteers)
        if desk.pending_uploads:
            self._upload_pins()

    def log_out(self) -> None:
        """Close the panel and forget who was logged in (a running session goes on)."""
        self.volunteer = None
        self._asking = None
        self._mode = ""
        self._code = None
        self._panel_idle.stop()
        if self._panel is not None:
            self._panel.close_overlay()

    def _on_activity(self) -> None:
        if self._panel is not None and self._panel.is_open:
            self._panel_idle.start()

    def _on_language_changed(self, _language: str) -> None:
        self.bar.retranslate_ui()
        if self._panel is not None:
            self._panel.retranslate_ui()

    # -- PINs ----------------------------------------------------------------------------------

    def _on_volunteer_chosen(self, volunteer_id: str) -> None:
        from kiosk.ui.screens.volunteer_login import CHECK, INVITE, NO_INVITATION

        desk = self.desk
        volunteer = desk.config.volunteer(volunteer_id) if desk else None
        if volunteer is None or desk is None:
            return
        if volunteer_id in desk.pin_set:
            mode = CHECK
        elif volunteer_id in desk.invited:
            mode = INVITE  # a first PIN: with the coordinator's invitation code only
        else:
            mode = NO_INVITATION
        self._ask_pin(volunteer_id, volunteer.name, mode)

    def _on_admin_chosen(self) -> None:
        from kiosk.services.helpdesk import ADMIN
        from kiosk.ui.screens.volunteer_login import CHECK, NOT_SET_UP

        # No admin PIN (from the hub, or `kiosk enroll --admin-pin-file`): no way in, and no
        # way to choose one here.
        has_pin = self.desk is not None and self.desk.admin_pin_set
        self._ask_pin(ADMIN, _("Location admin"), CHECK if has_pin else NOT_SET_UP)

    def _ask_pin(self, who: str, name: str, mode: str) -> None:
        from kiosk.services.helpdesk import attempts_of
        from kiosk.ui.screens.volunteer_login import CHECK, INVITE

        self._asking = who
        self._mode = mode
        self._code = None
        self.panel.pin.clock = lambda: self.clock()
        self.panel.show_pin(name, mode=mode)
        if mode in (CHECK, INVITE):
            self.context.store.call(
                lambda store: attempts_of(store, who),
                on_done=lambda attempts: self._show_if_waiting(who, attempts),
            )

    def _show_if_waiting(self, who: str, attempts: Attempts) -> None:
        seconds = attempts.seconds_left(self.clock())
        if who == self._asking and seconds > 0 and self._panel is not None:
            self.panel.show_pin_wait(seconds)

    def _on_pin_entered(self, pin: str) -> None:
        from kiosk.services.helpdesk import check_pin
        from kiosk.ui.screens.volunteer_login import CHECK

        who = self._asking
        if who is None or self._mode != CHECK:
            return  # nothing to check: no admin PIN, no PIN yet
        self.panel.set_pin_busy(True)
        now = self.clock()
        self.context.store.call(
            lambda store: check_pin(store, who, pin, now),
            on_done=lambda result: self._on_checked(who, result),
            on_error=self._on_error,
        )

    def _on_code_entered(self, code: str) -> None:
        from kiosk.services.helpdesk import check_invitation
        from kiosk.ui.screens.volunteer_login import INVITE

        who = self._asking
        if who is None or self._mode != INVITE:
            return
        self.panel.set_pin_busy(True)
        now = self.clock()
        self.context.store.call(
            lambda store: check_invitation(store, who, code, now),
            on_done=lambda result: self._on_code_checked(who, code, result),
            on_error=self._on_error,
        )

    def _refused(self, result: PinCheck) -> None:
        seconds = result.attempts.seconds_left(self.clock())
        if result.checked:
            self.panel.show_pin_wrong(seconds)
        else:
            self.panel.show_pin_wait(seconds)

    def _on_checked(self, who: str, result: PinCheck) -> None:
        if who != self._asking or self._panel is None or not self._panel.is_open:
            return  # logged out (a reset, idle) while the PIN was checked
        if result.ok:
            self._logged_in(who)
        else:
            self._refused(result)

    def _on_code_checked(self, who: str, code: str, result: PinCheck) -> None:
        if who != self._asking or self._panel is None or not self._panel.is_open:
            return
        if result.ok:
            from kiosk.ui.screens.volunteer_login import SET

            self._code = code
            self._mode = SET
            self.panel.choose_pin()
        else:
            self._refused(result)

    def _on_new_pin(self, pin: str) -> None:
        from kiosk.services.helpdesk import set_first_pin

        who, code = self._asking, self._code
        if who is None or code is None:
            return
        now = self.clock()
        self.context.store.call(
            lambda store: set_first_pin(store, who, pin, code, now),
            on_done=lambda pin_hash: self._on_pin_set(who, pin_hash),
            on_error=self._on_error,
        )

    def _on_pin_set(self, who: str, _pin_hash: str) -> None:
        self._upload_pins()  # the new hash is in the store: it goes with the pending ones
        if who == self._asking:
            self._logged_in(who)

    def _upload_pins(self) -> None:
        """Send the PIN hashes made here to the hub (`kiosk.ui.flows.sync.PinUploads`); until it
        has them they stay in `volunteer_pins`, and every good background sync tries again."""
        if self.sync is not None:
            self.sync.pin_uploads.retry()

    def _logged_in(self, who: str) -> None:
        from kiosk.domain.location import Volunteer
        from kiosk.services.helpdesk import ADMIN

        self._asking = None
        if who == ADMIN:
            self.log_out()
            self.admin.open()
            return
        self.volunteer = self.desk.config.volunteer(who) if self.desk else None
        if self.volunteer is None:
            self.volunteer = Volunteer(who, who)
        self._show_home()

    def _show_home(self) -> None:
        if self.volunteer is None:
            return
        since = ""
        if self.draft is not None:
            country = self.context.settings.location.country
            locale = i18n.locale_name(i18n.current_language(), country)
            since = i18n.clock_time(i18n.local(self.draft.started_at), locale)
        self.panel.show_home(self.volunteer.name, since)

    # -- the session ---------------------------------------------------------------------------

    def start_session(self) -> None:
        from kiosk.domain.assisted import SessionDraft

        if self.volunteer is None or self.draft is not None:
            return
        self.draft = SessionDraft(self.volunteer.id, self.clock())
        self.panel.clear_session_form()
        self.bar.start(self.draft.started_at)
        self.panel.close_overlay()  # the resident goes on using the kiosk

    def _on_session_form(self) -> None:
        referrals = self.desk.config.referrals if self.desk else ()
        self.panel.show_form(referrals, fresh=False)

    def end_session(self, answers: SessionAnswers) -> None:
        from kiosk.services.helpdesk import add_session

        draft = self.draft
        if draft is None or answers.outcome is None:
            return
        draft.topics = list(answers.topics)
        draft.set_age_band(answers.age_band)
        draft.first_visit = answers.first_visit
        draft.language = answers.language
        record = draft.finish(answers.outcome, answers.referral, self.clock())
        self.panel.set_saving(True)
        self.context.store.call(
            lambda store: add_session(store, record),
            on_done=self._on_recorded,
            on_error=self._on_save_error,
        )

    def _on_recorded(self, record: AssistedSession) -> None:
        self.draft = None
        self.bar.stop()
        self.session_recorded.emit(record)
        self.context.reset.reset("volunteer_session_end")
        self.context.window.receipt.show_saved(sent=False)
        if self.sync is not None:
            self._awaiting_sent = True
            self.sync.sync_now()

    def _on_synced(self, result: SyncResult | None) -> None:
        """After a saved session: tell the volunteer whether it reached the hub."""
        if not self._awaiting_sent:
            return
        self._awaiting_sent = False
        sent = result is not None and result.ok and result.pending == 0
        self.context.window.receipt.set_sent(sent)

    def _on_save_error(self, exc: BaseException) -> None:
        from kiosk.services.save_errors import describe

        failure = describe(exc, "saving an assisted session")
        keep_last_error(self.context.store, failure.last_error)
        self.panel.show_save_error(failure.on_screen)

    def reset(self) -> None:
        """A reset action: log the volunteer out (a running session stays, with its bar)."""
        self.log_out()

    # -- today's sessions ----------------------------------------------------------------------

    def show_my_sessions(self) -> None:
        from kiosk.domain.location import LocationConfig
        from kiosk.services.helpdesk import sessions_today

        if self.volunteer is None:
            return
        config = self.desk.config if self.desk else LocationConfig()
        volunteer, now = self.volunteer.id, self.clock()
        self.context.store.call(
            lambda store: sessions_today(store, volunteer, now),
            on_done=lambda records: self.panel.show_mine(records, config),
            on_error=self._on_error,
        )

    def _on_correction(self, record: AssistedSession, answers: SessionAnswers) -> None:
        from kiosk.domain.assisted import CorrectionRefused, correct
        from kiosk.services.helpdesk import add_session

        if self.volunteer is None or answers.outcome is None:
            return
        try:
            fixed = correct(
                record,
                volunteer=self.volunteer.id,
                now=self.clock(),
                topics=answers.topics,
                outcome=answers.outcome,
                referral=answers.referral,
                age_band=answers.age_band,
                first_visit=answers.first_visit,
                language=answers.language,
            )
        except CorrectionRefused as exc:
            self.panel.show_correction_error(user_message(exc, "correcting a session"))
            return

        def saved(result: AssistedSession) -> None:
            self.correction_recorded.emit(result)
            self.show_my_sessions()

        self.context.store.call(
            lambda store: add_session(store, fixed), on_done=saved, on_error=self._on_save_error
        )

    def _on_error(self, exc: BaseException) -> None:
        self.panel.show_pin_error(user_message(exc, "the volunteer panel"))
