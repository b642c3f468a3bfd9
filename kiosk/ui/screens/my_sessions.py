""" "My sessions today": the logged-in volunteer's sessions of today, each correctable.

One row per session: the time, how long, the topics and the outcome, translated, and a
"Correct" button. Rows are rebuilt from the records the flow loads on the database thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.domain.labels import outcome_label, topic_label
from kiosk.domain.location import LocationConfig
from kiosk.domain.records import AssistedSession, Outcome
from kiosk.i18n import _, clock_time, local, ngettext
from kiosk.ui.shell.keyboard import set_tab_chain
from kiosk.ui.widgets.reading_area import ReadingArea


def session_line(record: AssistedSession, config: LocationConfig, locale: str) -> str:
    """ "10:05, 20 minutes: Taxes, Banking — Referred (Social services)"."""
    start = clock_time(local(record.started_at), locale)
    minutes = max(1, round((record.ended_at - record.started_at).total_seconds() / 60))
    duration = ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    topics = ", ".join(topic_label(t) for t in record.topics)
    outcome = outcome_label(record.outcome.value)
    if record.outcome is Outcome.REFERRED and record.referral:
        outcome = f"{outcome} ({config.referral_label(record.referral)})"
    return f"{start}, {duration}: {topics} \u2014 {outcome}"


class MySessionsPage(QWidget):
    correct_requested = Signal(AssistedSession)
    back_requested = Signal()

    def __init__(self, country: str = "BE", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.country = country
        self._records: list[AssistedSession] = []
        self._config = LocationConfig()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        layout.addWidget(self.heading)
        self.empty = QLabel(self)
        self.empty.setProperty("role", "muted")
        layout.addWidget(self.empty)
        self.scroll_area = scroll = ReadingArea(self)
        self.body = QWidget(scroll)
        self.rows = QVBoxLayout(self.body)
        self.rows.setContentsMargins(0, 0, 12, 0)
        self.rows.addStretch(1)
        scroll.setWidget(self.body)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.back = QPushButton(self)
        self.back.clicked.connect(self.back_requested)
        row.addWidget(self.back)
        row.addStretch(1)
        layout.addLayout(row)
        self.correct_buttons: list[QPushButton] = []
        self.retranslate_ui()

    def show_sessions(self, records: Sequence[AssistedSession], config: LocationConfig) -> None:
        self._records = sorted(records, key=lambda r: r.started_at)
        self._config = config
        self._rebuild()

    def _rebuild(self) -> None:
        while self.rows.count() > 1:
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.correct_buttons = []
        locale = i18n.locale_name(i18n.current_language(), self.country)
        for index, record in enumerate(self._records):
            line = QFrame(self.body)
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 4, 0, 4)
            text = QLabel(session_line(record, self._config, locale), line)
            text.setWordWrap(True)
            button = QPushButton(_("Correct"), line)
            button.clicked.connect(lambda _c=False, r=record: self.correct_requested.emit(r))
            row.addWidget(text, 1)
            row.addWidget(button)
            self.correct_buttons.append(button)
            self.rows.insertWidget(index, line)
        self.empty.setVisible(not self._records)
        set_tab_chain([*self.correct_buttons, self.back])  # new rows come before Back

    def retranslate_ui(self) -> None:
        self.heading.setText(_("My sessions today"))
        self.scroll_area.setAccessibleName(self.heading.text())
        self.empty.setText(_("You have no sessions today yet."))
        self.back.setText(_("Back"))
        if self._records:
            self._rebuild()
