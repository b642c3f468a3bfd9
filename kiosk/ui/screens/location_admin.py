"""The location admin's screen: enrollment, sync state, guides, the location config, the way out.

Behind the admin PIN (kiosk.ui.flows.helpdesk). It shows what `collect_status()` reports
(enrolled or not, hub, waiting and parked records, last good sync, last error, installed guides)
and the location config the hub sent (idle timeout, allowed sites, referral list). Its buttons
emit intent: `enroll_requested(url, code)`, `sync_requested`, `exit_requested` ("Exit kiosk",
the only way out of the full-screen kiosk) and `back_requested`. The admin flow does the work.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.location import LocationConfig
from kiosk.i18n import _, moment_text, ngettext
from kiosk.ui.widgets.reading_area import ReadingArea


def _label(parent: QWidget, role: str | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        label.setProperty("role", role)
    return label


class Section(QFrame):
    """A heading and rows of "what: value"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(24, 16, 24, 16)
        self.box.setSpacing(8)
        self.heading = _label(self, "heading")
        self.box.addWidget(self.heading)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.box.addLayout(self.grid)
        self._rows: list[tuple[QLabel, QLabel]] = []

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        while len(self._rows) < len(rows):
            name, value = _label(self, "muted"), _label(self)
            name.setWordWrap(False)  # a wrapped name was cut off in the grid's row
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.grid.addWidget(name, len(self._rows), 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, len(self._rows), 1)
            self._rows.append((name, value))
        for index, (name, value) in enumerate(self._rows):
            shown = index < len(rows)
            name.setVisible(shown)
            value.setVisible(shown)
            if shown:
                name.setText(rows[index][0])
                value.setText(rows[index][1])
        self._fit_rows()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Give every wrapped value the height of all its lines: the grid sizes a row by the
        label's one-line hint, which cut a long error or folder off."""
        for _name, value in self._rows:
            if value.isVisible() and value.width() > 0:
                value.setMinimumHeight(value.heightForWidth(value.width()))

    def value_texts(self) -> dict[str, str]:
        return {n.text(): v.text() for n, v in self._rows if n.isVisible()}


class AdminScreen(QWidget):
    enroll_requested = Signal(str, str)
    sync_requested = Signal()
    exit_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Screen")
        self.status: dict[str, Any] = {}  # Any: `kiosk status --json`'s object (nested JSON)
        self._focus_after_busy: QPushButton | None = None
        self.config = LocationConfig()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 16)
        outer.setSpacing(12)
        top = QHBoxLayout()
        self.title = _label(self, "title")
        self.back = QPushButton(self)
        self.back.clicked.connect(self.back_requested)
        self.exit = QPushButton(self)
        self.exit.setObjectName("ExitKiosk")
        self.exit.clicked.connect(self.exit_requested)
        top.addWidget(self.title, 1)
        top.addWidget(self.back)
        top.addWidget(self.exit)
        outer.addLayout(top)
        self.scroll_area = scroll = ReadingArea(self)
        body = QWidget(scroll)
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 12, 0)
        columns.setSpacing(20)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(16)
        right.setSpacing(16)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.enrollment = Section(body)
        self.enroll_form = QWidget(self.enrollment)
        form = QGridLayout(self.enroll_form)
        form.setContentsMargins(0, 0, 0, 0)
        self.url_label, self.code_label = _label(self.enroll_form), _label(self.enroll_form)
        self.hub_url = QLineEdit(self.enroll_form)
        self.hub_url.setPlaceholderText("https://hub.example.be")
        self.code = QLineEdit(self.enroll_form)
        self.enroll = QPushButton(self.enroll_form)
        self.enroll.setProperty("role", "primary")
        self.enroll.clicked.connect(self._on_enroll)
        self.url_label.setBuddy(self.hub_url)  # screen readers name each field by its label
        self.code_label.setBuddy(self.code)
        form.addWidget(self.url_label, 0, 0)
        form.addWidget(self.hub_url, 0, 1)
        form.addWidget(self.code_label, 1, 0)
        form.addWidget(self.code, 1, 1)
        form.addWidget(self.enroll, 2, 1, Qt.AlignmentFlag.AlignLeft)
        self.enrollment.box.addWidget(self.enroll_form)
        self.enroll_message = _label(self.enrollment, "muted")
        self.enrollment.box.addWidget(self.enroll_message)
        left.addWidget(self.enrollment)

        self.sync = Section(body)
        self.sync_now = QPushButton(self.sync)
        self.sync_now.setProperty("role", "primary")
        self.sync_now.clicked.connect(self.sync_requested)
        self.sync_message = _label(self.sync, "muted")
        self.sync.box.addWidget(self.sync_now, 0, Qt.AlignmentFlag.AlignLeft)
        self.sync.box.addWidget(self.sync_message)
        left.addWidget(self.sync)
        left.addStretch(1)

        self.location = Section(body)
        right.addWidget(self.location)
        self.guides = Section(body)
        right.addWidget(self.guides)
        right.addStretch(1)
        self.retranslate_ui()

    # -- showing -------------------------------------------------------------------------------

    def show_status(self, status: dict[str, Any]) -> None:  # Any: JSON, as `kiosk status`
        self.status = dict(status)
        self.retranslate_ui()

    def show_config(self, config: LocationConfig) -> None:
        self.config = config
        self.retranslate_ui()

    def show_enroll_message(self, text: str) -> None:
        self.enroll_message.setText(text)

    def show_sync_message(self, text: str) -> None:
        self.sync_message.setText(text)

    def set_busy(self, busy: bool) -> None:
        """Disable the two buttons while working; the one that had the keyboard focus gets it
        back afterwards (a disabled button passes it on, to the header's language button)."""
        if busy:
            focused = [b for b in (self.sync_now, self.enroll) if b.hasFocus()]
            self._focus_after_busy = focused[0] if focused else None
        self.sync_now.setEnabled(not busy)
        self.enroll.setEnabled(not busy)
        if not busy and self._focus_after_busy is not None:
            self._focus_after_busy.setFocus(Qt.FocusReason.OtherFocusReason)
            self._focus_after_busy = None

    def _on_enroll(self) -> None:
        url, code = self.hub_url.text().strip(), self.code.text().strip()
        if url and code:
            self.enroll_requested.emit(url, code)
        else:
            self.enroll_message.setText(_("Give the hub's address and the enrollment code."))

    def clear_code(self) -> None:
        """Forget the enrollment code (once used, it is of no use any more)."""
        self.code.clear()

    def clear_form(self) -> None:
        self.code.clear()
        self.enroll_message.clear()
        self.sync_message.clear()

    # -- texts ---------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.title.setText(_("Kiosk administration"))
        self.scroll_area.setAccessibleName(self.title.text())
        self.back.setText(_("Back to the kiosk"))
        self.exit.setText(_("Exit kiosk"))
        self.url_label.setText(_("Hub address"))
        self.code_label.setText(_("Enrollment code"))
        self.enroll.setText(_("Enroll"))
        self.sync_now.setText(_("Sync now"))
        status, dash = self.status, "\u2013"
        enrolled = bool(status.get("enrolled"))
        self.enrollment.heading.setText(_("Enrollment"))
        self.enrollment.set_rows(
            [
                (_("Enrolled"), _("yes") if enrolled else _("no")),
                (_("Hub"), str(status.get("hub_url") or dash)),
                (_("Kiosk id"), str(status.get("kiosk_id") or dash)),
                (_("Location"), str(status.get("location") or dash)),
            ]
        )
        self.enroll.setText(_("Enroll again") if enrolled else _("Enroll"))
        self.sync.heading.setText(_("Sync"))
        parked = [
            f"{p['uuid'][:8]}\u2026 {p['kind']}: {p['reason']}" for p in status.get("parked", [])
        ]
        self.sync.set_rows(
            [
                (_("Waiting to be sent"), str(status.get("outbox_pending", 0))),
                (_("Refused by the hub (parked)"), str(status.get("outbox_parked", 0))),
                *([(_("Parked records"), "\n".join(parked))] if parked else []),
                (_("Last good sync"), moment_text(status.get("last_sync_ok")) or dash),
                (_("Last error"), _error_with_time(status) or dash),
                (_("Log files"), str(status.get("log_dir") or dash)),
            ]
        )
        config = self.config
        self.location.heading.setText(_("Location settings (from the hub)"))
        idle = config.idle_timeout
        self.location.set_rows(
            [
                (_("Location"), config.location or dash),
                (
                    _("Idle timeout"),
                    ngettext("{n} second", "{n} seconds", idle).format(n=idle)
                    if idle is not None
                    else dash,
                ),
                (_("Allowed sites"), "\n".join(config.allowed_sites) or dash),
                (_("Referrals"), "\n".join(r.label for r in config.referrals) or dash),
                (_("Volunteers"), str(len(config.volunteers))),
                (_("Services"), ", ".join(s.name for s in config.services) or dash),
            ]
        )
        guides = status.get("guides", [])
        self.guides.heading.setText(
            ngettext("{n} guide installed", "{n} guides installed", len(guides)).format(
                n=len(guides)
            )
        )
        self.guides.set_rows([(str(g["id"]), f"v{g['version']}") for g in guides])


def _error_with_time(status: dict[str, Any]) -> str:  # Any: JSON, as `kiosk status`
    """The last sync error and when it happened, or "" without one."""
    error, when = status.get("last_error"), status.get("last_error_at")
    if not error:
        return ""
    if not isinstance(when, str) or not when:
        return str(error)
    return f"{moment_text(when)} \u00b7 {error}"
