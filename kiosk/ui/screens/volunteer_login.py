"""The first pages of the volunteer panel: who are you, and your PIN.

`WhoPage` shows one big button per volunteer of this location (names stay on the kiosk; the
records carry only ids) and a quieter button for the location admin. `PinPage` is a PIN field
with a big keypad; it asks for a PIN, for an invitation code, or for a new PIN twice, or says
why there is nothing to type yet (no invitation; no admin PIN for this location). Both only
render and emit intent; the flow checks PINs on the database thread and tells the page the
result, and the page counts down the wait after a wrong one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.clock import utc_now
from kiosk.domain import invitations, pins
from kiosk.domain.location import Volunteer
from kiosk.i18n import _, ngettext
from kiosk.ui.shell.keyboard import set_tab_chain
from kiosk.ui.widgets.announce import announce
from kiosk.ui.widgets.reading_area import scrolling_content


def _label(parent: QWidget, role: str | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


class WhoPage(QWidget):
    """Pick yourself from the location's volunteers."""

    volunteer_chosen = Signal(str)
    admin_chosen = Signal()
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # At 200 % text the page can be taller than the screen: it scrolls then.
        self.area, content = scrolling_content(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.setSpacing(16)
        self.heading = _label(self, "heading")
        self.text = _label(self, "muted")
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        layout.addLayout(self.grid)
        self.empty = _label(self, "warning")
        self.empty.hide()
        layout.addWidget(self.empty)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.admin = QPushButton(self)
        self.admin.clicked.connect(self.admin_chosen)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close_requested)
        row.addWidget(self.admin)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.buttons: dict[str, QPushButton] = {}
        self.retranslate_ui()

    def set_volunteers(self, volunteers: Sequence[Volunteer]) -> None:
        for button in self.buttons.values():
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        for index, volunteer in enumerate(sorted(volunteers, key=lambda v: v.name.casefold())):
            button = QPushButton(volunteer.name, self)
            button.setMinimumWidth(240)
            button.clicked.connect(
                lambda _c=False, vid=volunteer.id: self.volunteer_chosen.emit(vid)
            )
            self.buttons[volunteer.id] = button
            self.grid.addWidget(button, index // 3, index % 3)
            # Screen readers read the children in their order (the z-order): made after the
            # admin button, the names would come after it; put them where they show.
            button.stackUnder(self.empty)
        self.empty.setVisible(not volunteers)
        set_tab_chain([*self.buttons.values(), self.admin, self.close_button])

    def first_field(self) -> QWidget:
        """Where the focus starts: the first name (the admin button when there is none)."""
        return next(iter(self.buttons.values()), self.admin)

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Volunteer panel"))
        self.area.setAccessibleName(self.heading.text())
        self.text.setText(_("Who are you? Choose your name, then type your PIN."))
        self.empty.setText(
            _(
                "No volunteers are known on this kiosk yet. The hub sends them with the next "
                "sync; the location admin can start one with \u201cSync now\u201d."
            )
        )
        self.admin.setText(_("Location admin"))
        self.close_button.setText(_("Close"))


#: What the PIN page asks for: a PIN; an invitation code; a new PIN (twice); nothing, because
#: the volunteer has no PIN and no invitation yet; nothing, because the location has no admin PIN.
CHECK, INVITE, SET, NO_INVITATION, NOT_SET_UP = "check", "invite", "set", "none", "not_set_up"


class PinPage(QWidget):
    """A PIN field with a keypad, in one of the modes above.

    The field keeps the keyboard focus whatever happens: while a PIN is checked and while the
    kiosk waits after a wrong one, it still takes digits; OK (or Enter) during the wait says how
    long is left and keeps what was typed. The wait is counted down once a second from `clock`
    (the flow's, so tests move time by hand; `tick()` is what the timer calls).
    """

    pin_entered = Signal(str)  # check mode: the PIN typed
    code_entered = Signal(str)  # invite mode: the invitation code typed
    new_pin_chosen = Signal(str)  # set mode: the PIN, typed the same twice and acceptable
    back_requested = Signal()

    def __init__(
        self, parent: QWidget | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        super().__init__(parent)
        self.mode = CHECK
        self.who = ""
        self.clock = clock
        self._first = ""
        self._busy = False
        self._wait_until: datetime | None = None
        self._wrong = False
        self._kept = False  # something was typed during the wait: the message says it is kept
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self.tick)
        # Two columns, so the big keypad fits beside the text even at 200 % (mirrored in
        # Arabic): Back, what to do and the PIN field; the keypad.
        self.area, content = scrolling_content(self)
        columns = QHBoxLayout(content)
        columns.setContentsMargins(0, 0, 12, 0)
        columns.setSpacing(32)
        layout = QVBoxLayout()
        layout.setSpacing(14)
        columns.addLayout(layout, 1)
        row = QHBoxLayout()
        self.back = QPushButton(self)
        self.back.clicked.connect(self.back_requested)
        row.addWidget(self.back)
        row.addStretch(1)
        layout.addLayout(row)
        self.heading = _label(self, "heading")
        self.text = _label(self, "muted")
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(pins.MAX_DIGITS)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
        )
        self.field.returnPressed.connect(self._on_ok)
        layout.addWidget(self.field)
        self.message = _label(self, "error")
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.pad = QWidget(self)
        pad = QGridLayout(self.pad)
        pad.setContentsMargins(0, 0, 0, 0)
        pad.setSpacing(10)
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate("123456789"):
            self._add_key(pad, key, index // 3, index % 3)
        self.clear_key = QPushButton(self.pad)
        self.clear_key.clicked.connect(self._on_clear)
        pad.addWidget(self.clear_key, 3, 0)
        self._add_key(pad, "0", 3, 1)
        self.ok = QPushButton(self.pad)
        self.ok.setProperty("role", "primary")
        self.ok.clicked.connect(self._on_ok)
        pad.addWidget(self.ok, 3, 2)
        columns.addWidget(self.pad)
        set_tab_chain([self.back, self.field, self.clear_key, self.ok])
        self.retranslate_ui()

    def _add_key(self, pad: QGridLayout, key: str, row: int, column: int) -> None:
        button = QPushButton(key, self.pad)
        button.setMinimumWidth(120)
        # The keyboard types digits into the field; the pad is for the touch screen.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setProperty("touchCopyOfKeyboard", True)
        button.setAccessibleName(key)
        button.clicked.connect(lambda _c=False: self._type(key))
        self.keys[key] = button
        pad.addWidget(button, row, column)

    def first_field(self) -> QWidget:
        """Where the focus starts: the PIN field."""
        return self.field

    def _type(self, key: str) -> None:
        self.field.insert(key)
        self.keep_focus()

    def _on_clear(self) -> None:
        self.field.clear()
        self.keep_focus()

    def keep_focus(self) -> None:
        """Give the keyboard focus back to the field (after OK or Clear was clicked)."""
        if self.field.isVisible():
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def takes_input(self) -> bool:
        return self.mode in (CHECK, INVITE, SET)

    def ask(self, who: str, *, mode: str) -> None:
        """Ask `who` (a name shown in the heading) for what `mode` says."""
        self.who = who
        self.mode = mode
        self._first = ""
        self._busy = False
        self.stop_wait()
        self.field.clear()
        invite = mode == INVITE
        # masked for an invitation code too: it is as secret as a PIN until it is used
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(invitations.MAX_TYPED if invite else pins.MAX_DIGITS)
        self.field.setVisible(self.takes_input)
        self.pad.setVisible(self.takes_input)
        self._say("")
        self.retranslate_ui()
        if self.takes_input:
            self.keep_focus()
        else:
            self.back.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_busy(self, busy: bool) -> None:
        """While a PIN is checked or kept, OK waits; the field keeps the focus and takes digits."""
        self._busy = busy

    # -- the slow-down of wrong PINs -----------------------------------------------------------

    @property
    def waiting(self) -> bool:
        return self._seconds_left() > 0

    def _seconds_left(self) -> int:
        if self._wait_until is None:
            return 0
        left = (self._wait_until - self.clock()).total_seconds()
        return max(0, int(left + 0.999))

    def show_wait(self, seconds: int, *, wrong: bool) -> None:
        """Wait `seconds` before the next try (`wrong`: because of the PIN just typed)."""
        self._busy = False
        self._wait_until = self.clock() + timedelta(seconds=seconds)
        self._wrong = wrong
        self._kept = False
        self.countdown.start()
        self._show_countdown(announce_it=True)
        self.keep_focus()

    def stop_wait(self) -> None:
        self._wait_until = None
        self._wrong = False
        self._kept = False
        self.countdown.stop()

    def tick(self) -> None:
        """Once a second while waiting: the seconds left, and "try again" when it is over."""
        if self._wait_until is None:
            self.countdown.stop()
            return
        if self._seconds_left() > 0:
            self._show_countdown(announce_it=False)
            return
        self.stop_wait()
        self._say(_("You can try again now."))

    def _show_countdown(self, *, announce_it: bool, kept: bool = False) -> None:
        """The seconds left; after it, that what was typed during the wait is kept (`kept`)."""
        left = self._seconds_left()
        wait = ngettext(
            "Wait {n} second before the next try.", "Wait {n} seconds before the next try.", left
        ).format(n=left)
        if kept:
            self._kept = True
        text = f"{_('That is not right.')} {wait}" if self._wrong else wait
        if self._kept:
            text += " " + _("What you typed stays in the field.")
        if announce_it:
            self._say(text)
        else:  # every second: shown and tied to the field, not read out each time
            self.message.setText(text)
            self.field.setAccessibleDescription(text)

    def show_wrong(self, seconds: int) -> None:
        """The PIN (or code) was not right: wait `seconds` (0: none) before the next one."""
        if seconds > 0:
            self.show_wait(seconds, wrong=True)
        else:
            self._busy = False
            self._say(_("That is not right."))
            self.keep_focus()

    def _say(self, text: str) -> None:
        """Show why the PIN was not taken, tie it to the field, and announce it."""
        self.message.setText(text)
        self.field.setAccessibleDescription(text)
        announce(self.field, text)

    def show_error(self, text: str) -> None:
        self._busy = False
        self._say(text)
        self.keep_focus()

    def _on_ok(self) -> None:
        typed = self.field.text().strip()
        if not typed or not self.takes_input or self._busy:
            self.keep_focus()
            return
        if self.waiting:
            self._show_countdown(announce_it=True, kept=True)
            self.keep_focus()
            return
        self.keep_focus()
        if self.mode == CHECK:
            self._submit(self.pin_entered.emit, typed)
        elif self.mode == INVITE:
            self._submit(self.code_entered.emit, typed)
        else:
            self._choose(typed)

    def _submit(self, emit: Callable[[str], object], typed: str) -> None:
        """Hand `typed` on; digits typed while it is checked go into the emptied field."""
        self.field.clear()
        self._busy = True
        emit(typed)

    def _choose(self, pin: str) -> None:
        if not self._first:
            problem = pins.pin_problem(pin)
            if problem is not None:
                self.field.clear()
                self._say(_(problem))
                return
            self._first = pin
            self.field.clear()
            self._say("")
            self.retranslate_ui()
            announce(self.field, self.text.text())  # "Type the same PIN again ..."
            return
        if pin != self._first:
            self._first = ""
            self.field.clear()
            self._say(_("The two PINs are not the same. Start again."))
            self.retranslate_ui()
            return
        self.field.clear()
        self._busy = True
        self.new_pin_chosen.emit(pin)

    def retranslate_ui(self) -> None:
        heading, text = self._texts()
        self.heading.setText(heading)
        self.text.setText(text)
        self.field.setAccessibleName(_("Invitation code") if self.mode == INVITE else _("PIN"))
        self.area.setAccessibleName(self.heading.text())
        self.clear_key.setText(_("Clear"))
        self.ok.setText(_("OK"))
        for key in (self.clear_key, self.ok):  # the keypad never squeezes these words
            key.setMinimumWidth(0)
            key.setMinimumWidth(key.sizeHint().width())
        self.back.setText(_("Back"))
        if self._wait_until is not None:
            self._show_countdown(announce_it=False)

    def _texts(self) -> tuple[str, str]:
        if self.mode == SET:
            return _("Choose a PIN, {name}").format(name=self.who), (
                _("Type the same PIN again to confirm it.")
                if self._first
                else _(
                    "You use this kiosk for the first time. Choose a PIN of at least 6 digits. "
                    "Keep it to yourself."
                )
            )
        if self.mode == INVITE:
            return _("Invitation code for {name}").format(name=self.who), _(
                "You have no PIN yet. Type the invitation code the coordinator gave you "
                "(12 digits); then you choose your PIN."
            )
        if self.mode == NO_INVITATION:
            return _("No PIN yet, {name}").format(name=self.who), _(
                "To choose a PIN you need an invitation code. Ask the coordinator: they make "
                "one on the hub, and it is valid for 7 days."
            )
        if self.mode == NOT_SET_UP:
            return self.who, _(
                "Not set up yet \u2014 ask the coordinator. The coordinator sets the location "
                "admin PIN on the hub; until then the admin screen cannot be opened here."
            )
        return _("PIN for {name}").format(name=self.who), _("Type your PIN.")
