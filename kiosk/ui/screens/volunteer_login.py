"""The first pages of the volunteer panel: who are you, and your PIN.

`WhoPage` shows one big button per volunteer of this location (names stay on the kiosk; the
records carry only ids) and a quieter button for the location admin. `PinPage` is a PIN field
with a big keypad; in "set" mode it asks for a new PIN twice. Both only render and emit intent;
the flow checks PINs on the database thread and tells the page the result.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain import pins
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


class PinPage(QWidget):
    """A PIN field with a keypad. Mode "check": one PIN. Mode "set": a new PIN, twice."""

    pin_entered = Signal(str)  # check mode: the PIN typed
    new_pin_chosen = Signal(str)  # set mode: the PIN, typed the same twice and acceptable
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = "check"
        self.who = ""
        self._first = ""
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
        pad = QGridLayout()
        pad.setSpacing(10)
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate("123456789"):
            self._add_key(pad, key, index // 3, index % 3)
        self.clear_key = QPushButton(self)
        self.clear_key.clicked.connect(self.field.clear)
        pad.addWidget(self.clear_key, 3, 0)
        self._add_key(pad, "0", 3, 1)
        self.ok = QPushButton(self)
        self.ok.setProperty("role", "primary")
        self.ok.clicked.connect(self._on_ok)
        pad.addWidget(self.ok, 3, 2)
        columns.addLayout(pad)
        set_tab_chain([self.back, self.field, self.clear_key, self.ok])
        self.retranslate_ui()

    def _add_key(self, pad: QGridLayout, key: str, row: int, column: int) -> None:
        button = QPushButton(key, self)
        button.setMinimumWidth(120)
        # The keyboard types digits into the field; the pad is for the touch screen.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setProperty("touchCopyOfKeyboard", True)
        button.setAccessibleName(key)
        button.clicked.connect(lambda _c=False: self.field.insert(key))
        self.keys[key] = button
        pad.addWidget(button, row, column)

    def first_field(self) -> QWidget:
        """Where the focus starts: the PIN field."""
        return self.field

    def ask(self, who: str, *, set_pin: bool) -> None:
        """Ask `who` (a name shown in the heading) for their PIN, or for a new one."""
        self.who = who
        self.mode = "set" if set_pin else "check"
        self._first = ""
        self.field.clear()
        self._say("")
        self.set_enabled(True)
        self.retranslate_ui()
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.field, self.ok, self.clear_key, *self.keys.values()):
            widget.setEnabled(enabled)

    def show_wrong(self, tries_left: int) -> None:
        self.field.clear()
        self._say(
            ngettext(
                "That PIN is not right. {n} more try before a 5-minute lock.",
                "That PIN is not right. {n} more tries before a 5-minute lock.",
                tries_left,
            ).format(n=tries_left)
        )

    def show_locked(self, seconds: int) -> None:
        self.field.clear()
        minutes = max(1, (seconds + 59) // 60)
        self._say(
            ngettext(
                "Too many wrong PINs. Try again in {n} minute.",
                "Too many wrong PINs. Try again in {n} minutes.",
                minutes,
            ).format(n=minutes)
        )
        self.set_enabled(False)

    def _say(self, text: str) -> None:
        """Show why the PIN was not taken, tie it to the field, and announce it."""
        self.message.setText(text)
        self.field.setAccessibleDescription(text)
        announce(self.field, text)

    def show_error(self, text: str) -> None:
        self._say(text)

    def _on_ok(self) -> None:
        pin = self.field.text().strip()
        if not pin:
            return
        if self.mode == "check":
            self.pin_entered.emit(pin)
            return
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
            return
        if pin != self._first:
            self._first = ""
            self.field.clear()
            self._say(_("The two PINs are not the same. Start again."))
            self.retranslate_ui()
            return
        self.new_pin_chosen.emit(pin)

    def retranslate_ui(self) -> None:
        if self.mode == "set":
            self.heading.setText(_("Choose a PIN, {name}").format(name=self.who))
            self.text.setText(
                _("Type the same PIN again to confirm it.")
                if self._first
                else _(
                    "You use this kiosk for the first time. Choose a PIN of at least 6 digits. "
                    "Keep it to yourself."
                )
            )
        else:
            self.heading.setText(_("PIN for {name}").format(name=self.who))
            self.text.setText(_("Type your PIN."))
        self.field.setAccessibleName(_("PIN"))
        self.area.setAccessibleName(self.heading.text())
        self.clear_key.setText(_("Clear"))
        self.ok.setText(_("OK"))
        for key in (self.clear_key, self.ok):  # the keypad never squeezes these words
            key.setMinimumWidth(0)
            key.setMinimumWidth(key.sizeHint().width())
        self.back.setText(_("Back"))
