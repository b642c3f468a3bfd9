"""The volunteer's form for one assisted session: topics, coarse facts, outcome, referral.

Used while a session runs (it ends with "End session") and to correct one of today's sessions
("Save correction"). Everything is a button or a list choice: there is no free-text field, so
no name or note can reach a record. Topics follow the fixed IDO list (`TOPICS`), each shown
translated. `answers()` gives what was picked; the flow builds the record from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n
from kiosk.domain.labels import AGE_BAND_LABELS, OUTCOME_LABELS, topic_label
from kiosk.domain.location import Referral
from kiosk.domain.records import AGE_BANDS, TOPICS, AssistedSession, Outcome
from kiosk.i18n import _
from kiosk.ui.widgets.quiet_combo import QuietComboBox
from kiosk.ui.widgets.reading_area import ReadingArea
from kiosk.ui.widgets.wrap_button import WrapButton

TOPIC_COLUMNS = 3
FORM_WIDTH = 1080
BUTTON_HEIGHT = 72


@dataclass(frozen=True)
class SessionAnswers:
    topics: tuple[str, ...]
    outcome: Outcome | None
    referral: str | None
    age_band: str | None
    first_visit: bool | None
    language: str | None

    @property
    def complete(self) -> bool:
        if not self.topics or self.outcome is None:
            return False
        return self.outcome is not Outcome.REFERRED or self.referral is not None


def _heading(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setProperty("role", "muted")
    return label


def _choice(parent: QWidget, group: QButtonGroup, key: str, row: QHBoxLayout) -> QPushButton:
    button = WrapButton(parent)
    button.setCheckable(True)
    button.setMinimumHeight(BUTTON_HEIGHT)
    button.setProperty("choice", key)
    group.addButton(button)
    row.addWidget(button)
    return button


class SessionForm(QWidget):
    """Topics, facts and outcome of one session, as buttons."""

    changed = Signal()
    finished = Signal()  # "End session" / "Save correction"
    back_requested = Signal()

    def __init__(self, languages: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.correcting = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(12)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        outer.addWidget(self.heading)
        self.scroll_area = scroll = ReadingArea(self)
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.setSpacing(8)
        scroll.setWidget(body)
        scroll.setMinimumWidth(FORM_WIDTH)  # the overlay's card sizes itself to this
        outer.addWidget(scroll, 1)

        self._build_topics(body, layout)
        self._build_outcome(body, layout)
        self._build_facts(body, layout, languages)
        layout.addStretch(1)
        outer.addLayout(self._build_buttons())
        self._referrals: tuple[Referral, ...] = ()
        self.retranslate_ui()

    # -- the parts, built once -----------------------------------------------------------------

    def _build_topics(self, body: QWidget, layout: QVBoxLayout) -> None:
        """What the session was about: a grid of toggle buttons."""
        self.topics_heading = _heading(body)
        layout.addWidget(self.topics_heading)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.topic_buttons: dict[str, QPushButton] = {}
        for index, topic in enumerate(TOPICS):
            button = WrapButton(body)  # long topic names wrap at 200 % text
            button.setCheckable(True)
            button.setMinimumHeight(BUTTON_HEIGHT)
            button.toggled.connect(self._on_changed)
            self.topic_buttons[topic] = button
            grid.addWidget(button, index // TOPIC_COLUMNS, index % TOPIC_COLUMNS)
        layout.addLayout(grid)

    def _build_outcome(self, body: QWidget, layout: QVBoxLayout) -> None:
        """How it ended (one choice), and where the person was referred."""
        self.outcome_heading = _heading(body)
        layout.addWidget(self.outcome_heading)
        row = QHBoxLayout()
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons = {
            outcome: _choice(body, self.outcome_group, outcome.value, row) for outcome in Outcome
        }
        self.outcome_group.buttonToggled.connect(self._on_changed)
        layout.addLayout(row)
        self.referral = QuietComboBox(body)
        self.referral.currentIndexChanged.connect(self._on_changed)
        layout.addWidget(self.referral)

    def _build_facts(self, body: QWidget, layout: QVBoxLayout, languages: Sequence[str]) -> None:
        """Age band, first visit, and the language the session was in."""
        self.facts_heading = _heading(body)
        layout.addWidget(self.facts_heading)
        row = QHBoxLayout()
        self.age_group = QButtonGroup(self)
        self.age_group.setExclusive(False)
        self.age_buttons = {band: _choice(body, self.age_group, band, row) for band in AGE_BANDS}
        self.age_group.buttonToggled.connect(self._on_age_toggled)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.visit_group = QButtonGroup(self)
        self.visit_group.setExclusive(False)
        self.first_visit_yes = _choice(body, self.visit_group, "yes", row)
        self.first_visit_no = _choice(body, self.visit_group, "no", row)
        self.visit_group.buttonToggled.connect(self._on_visit_toggled)
        self.language = QuietComboBox(body)
        self.language.addItem("", None)
        for code in languages:
            self.language.addItem(i18n.LANGUAGE_NAMES.get(code, code), code)
        self.language.setMinimumWidth(260)
        row.addSpacing(24)
        self.language_label = QLabel(body)
        row.addWidget(self.language_label)
        row.addWidget(self.language, 1)
        layout.addLayout(row)

    def _build_buttons(self) -> QHBoxLayout:
        """Back, what is still missing, and "End session" / "Save correction"."""
        row = QHBoxLayout()
        self.back = QPushButton(self)
        self.back.clicked.connect(self.back_requested)
        self.missing = QLabel(self)
        self.missing.setProperty("role", "muted")
        self.missing.setWordWrap(True)
        self.done = QPushButton(self)
        self.done.setProperty("role", "primary")
        self.done.clicked.connect(self.finished)
        row.addWidget(self.back)
        self.missing.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.missing, 1)
        row.addWidget(self.done)
        return row

    # -- filling in ----------------------------------------------------------------------------

    def set_referrals(self, referrals: Sequence[Referral]) -> None:
        self._referrals = tuple(referrals)
        self._fill_referrals()

    def _fill_referrals(self) -> None:
        current = self.referral.currentData()
        self.referral.blockSignals(True)
        self.referral.clear()
        self.referral.addItem(_("Referred to\u2026"), None)
        for referral in self._referrals:
            self.referral.addItem(referral.label, referral.id)
        index = self.referral.findData(current)
        self.referral.setCurrentIndex(max(0, index))
        self.referral.blockSignals(False)

    def clear(self, *, correcting: bool = False) -> None:
        self.correcting = correcting
        for group in (self.outcome_group,):
            group.setExclusive(False)
        for button in (
            *self.topic_buttons.values(),
            *self.outcome_buttons.values(),
            *self.age_buttons.values(),
            self.first_visit_yes,
            self.first_visit_no,
        ):
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)
        self.outcome_group.setExclusive(True)
        self.referral.setCurrentIndex(0)
        self.language.setCurrentIndex(0)
        self.retranslate_ui()
        self._on_changed()

    def load(self, record: AssistedSession) -> None:
        """Show `record`'s answers (for a correction)."""
        self.clear(correcting=True)
        for topic in record.topics:
            self.topic_buttons[topic].setChecked(True)
        self.outcome_buttons[record.outcome].setChecked(True)
        if record.referral is not None:
            self.referral.setCurrentIndex(max(0, self.referral.findData(record.referral)))
        if record.age_band is not None:
            self.age_buttons[record.age_band].setChecked(True)
        if record.first_visit is not None:
            (self.first_visit_yes if record.first_visit else self.first_visit_no).setChecked(True)
        self.language.setCurrentIndex(max(0, self.language.findData(record.language)))
        self._on_changed()

    def answers(self) -> SessionAnswers:
        outcome = next((o for o, b in self.outcome_buttons.items() if b.isChecked()), None)
        referral = self.referral.currentData() if outcome is Outcome.REFERRED else None
        age = next((a for a, b in self.age_buttons.items() if b.isChecked()), None)
        first_visit = (
            True
            if self.first_visit_yes.isChecked()
            else False
            if self.first_visit_no.isChecked()
            else None
        )
        return SessionAnswers(
            topics=tuple(t for t, b in self.topic_buttons.items() if b.isChecked()),
            outcome=outcome,
            referral=referral,
            age_band=age,
            first_visit=first_visit,
            language=self.language.currentData(),
        )

    # -- keeping it consistent -----------------------------------------------------------------

    def _on_age_toggled(self, button: QPushButton, checked: bool) -> None:
        if checked:  # at most one, and a second press takes it back ("not asked")
            for other in self.age_buttons.values():
                if other is not button and other.isChecked():
                    other.setChecked(False)
        self._on_changed()

    def _on_visit_toggled(self, button: QPushButton, checked: bool) -> None:
        if checked:
            other = self.first_visit_no if button is self.first_visit_yes else self.first_visit_yes
            other.setChecked(False)
        self._on_changed()

    def _on_changed(self, *_args: object) -> None:
        answers = self.answers()
        referred = self.outcome_buttons[Outcome.REFERRED].isChecked()
        self.referral.setVisible(referred)
        self.done.setEnabled(answers.complete)
        if not answers.topics:
            self.missing.setText(_("Pick at least one topic."))
        elif answers.outcome is None:
            self.missing.setText(_("Pick how it went."))
        elif not answers.complete:
            self.missing.setText(_("Pick where the resident was referred to."))
        else:
            self.missing.setText("")
        self.changed.emit()

    def set_saving(self, saving: bool) -> None:
        """While the record is being saved, "End session" (or "Save correction") waits."""
        self.done.setEnabled(not saving)

    def show_problem(self, text: str) -> None:
        """The record was not saved (`text` says why); the volunteer can try again."""
        self.done.setEnabled(True)
        self.missing.setText(text)

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Correct this session") if self.correcting else _("This session"))
        self.scroll_area.setAccessibleName(self.heading.text())
        self.topics_heading.setText(_("Topics (one or more)"))
        for topic, button in self.topic_buttons.items():
            button.setText(topic_label(topic))
        self.outcome_heading.setText(_("How did it go?"))
        for outcome, button in self.outcome_buttons.items():
            button.setText(_(OUTCOME_LABELS[outcome.value]))
        self.facts_heading.setText(_("If you know (optional): age, first visit, language"))
        for band, button in self.age_buttons.items():
            button.setText(_(AGE_BAND_LABELS[band]))
        self.first_visit_yes.setText(_("First visit"))
        self.first_visit_no.setText(_("Came before"))
        self.language_label.setText(_("Language of the help:"))
        self.language.setItemText(0, _("not asked"))
        self._fill_referrals()
        self.back.setText(_("Back"))
        self.done.setText(_("Save correction") if self.correcting else _("End session"))
        self._on_changed()
