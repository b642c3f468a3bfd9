"""The first and last pages of the guide screen: what the task is and where a volunteer's help
stops (before step 1, when the guide has a `scope_limit`), and what happens now (after the run
has ended: completed, handed off, or not done because a step could not be carried out; after a
referral, where to go).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.guide import HandoffStep
from kiosk.domain.markdown import to_html, to_plain
from kiosk.domain.records import RunEnd
from kiosk.domain.run import GuideRunState
from kiosk.i18n import _, ngettext
from kiosk.ui.steps.base import GuideServices
from kiosk.ui.steps.handoff import find_referral
from kiosk.ui.widgets.reading_area import ReadingArea
from kiosk.ui.widgets.referral_card import ReferralCard


def _reading_area(page: QWidget, top_margin: int) -> tuple[ReadingArea, QWidget, QVBoxLayout]:
    """The page's scrolling text column (long texts at 200 % scroll instead of being cut)."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, top_margin, 0, 0)
    outer.setSpacing(20)
    area = ReadingArea(page)
    content = QWidget()
    content.setObjectName("Screen")
    layout = QVBoxLayout(content)
    layout.setContentsMargins(0, 0, 12, 0)
    area.setWidget(content)
    outer.addWidget(area, 1)
    return area, content, layout


def _label(parent: QWidget, role: str | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    if role is not None:
        label.setProperty("role", role)
    return label


class IntroPage(QWidget):
    """The guide's summary, its duration and its scope limit."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.area, content, layout = _reading_area(self, 12)
        layout.setSpacing(18)
        self.summary = _label(content)
        self.duration = _label(content, "muted")
        self.scope_heading = _label(content, "heading")
        self.scope = _label(content, "warning")
        self.scope.setTextFormat(Qt.TextFormat.RichText)
        self.scope.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        for widget in (self.summary, self.duration, self.scope_heading, self.scope):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._spoken = ""

    def retranslate_ui(self, run: GuideRunState) -> None:
        guide = run.guide
        summary = guide.text(guide.summary, run.locale)
        self.summary.setText(summary)
        self.duration.setVisible(guide.duration_minutes is not None)
        if guide.duration_minutes is not None:
            minutes = guide.duration_minutes
            self.duration.setText(
                ngettext("About {n} minute", "About {n} minutes", minutes).format(n=minutes)
            )
        self.scope_heading.setText(_("Good to know before you start"))
        scope = guide.text(guide.scope_limit, run.locale) if guide.scope_limit else ""
        self.scope.setText(to_html(scope))
        self.scope_heading.setVisible(bool(scope))
        self.scope.setVisible(bool(scope))
        self.area.setAccessibleName(guide.text(guide.title, run.locale))
        self._spoken = "\n".join(part for part in (summary, to_plain(scope)) if part)

    def spoken_text(self) -> str:
        return self._spoken


class EndPage(QWidget):
    """What the resident reads once the run has ended; after a referral, where to go (the
    place's name, address and hours again, to take a picture of or have written down)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.area, content, layout = _reading_area(self, 24)
        layout.setSpacing(20)
        self.heading = _label(content, "title")
        self.place = ReferralCard(content)
        self.place.hide()
        self.text = _label(content)
        self.hint = _label(content, "muted")
        self.hint.hide()
        #: "Nothing was saved ..." when the run's record could not be saved (a full disk).
        self.not_saved = _label(content, "heading")
        self.not_saved.hide()
        self.leave = QPushButton(content)
        self.leave.setProperty("role", "primary")
        layout.addWidget(self.heading)
        layout.addWidget(self.not_saved)
        layout.addWidget(self.place)
        layout.addWidget(self.text)
        layout.addWidget(self.hint)
        layout.addWidget(self.leave, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self._ended: RunEnd | None = None
        self._referral = False

    def show_end(self, run: GuideRunState, services: GuideServices | None = None) -> None:
        """Show how `run` ended; `services` look up a referral's place (None: unknown)."""
        self._ended = run.ended
        step = run.current
        self._referral = isinstance(step, HandoffStep) and step.reason == "referral"
        if self._referral and run.ended == RunEnd.HANDED_OFF:
            assert isinstance(step, HandoffStep)
            self.place.show_referral(None if services is None else find_referral(services, step.to))
        self.retranslate_ui()

    def show_not_saved(self, text: str) -> None:
        """Tell the resident the run could not be saved, and to tell the staff."""
        self.not_saved.setText(text)
        self.not_saved.show()

    def retranslate_ui(self) -> None:
        referral = self._ended == RunEnd.HANDED_OFF and self._referral
        self.place.setVisible(referral)
        self.hint.setVisible(referral and self.place.known)
        if referral:
            self.place.retranslate_ui()
            self.heading.setText(_("You are referred on"))
            if self.place.known:
                self.text.setText(
                    _(
                        "Take your letters and papers with you. Ask at the desk if you do not "
                        "know the way."
                    )
                )
                self.hint.setText(
                    _("Take a picture of this screen, or ask at the desk to write it down for you.")
                )
            else:
                self.text.setText(_("Take your letters and papers with you."))
        elif self._ended == RunEnd.NOT_DONE:
            self.heading.setText(_("Not done yet"))
            self.text.setText(
                _(
                    "The website could not be reached, so this task is not done. This is not "
                    "your fault. Try again later, or ask a volunteer."
                )
            )
        elif self._ended == RunEnd.HANDED_OFF:
            self.heading.setText(_("A volunteer will help you"))
            self.text.setText(
                _(
                    "Raise your hand, or go to the help desk. Stay here if you can: the "
                    "volunteer can see how far you got."
                )
            )
        elif self._ended == RunEnd.ABANDONED:
            self.heading.setText(_("You stopped here. That was a good choice."))
            self.text.setText(
                _(
                    "Do not pay and do not scan anything before you are sure. Ask a volunteer "
                    "if you have doubts. When you leave, press Start over at the top."
                )
            )
        else:
            self.heading.setText(_("Well done! You have finished this task."))
            self.text.setText(
                _("You can start another task. When you leave, press Start over at the top.")
            )
        self.leave.setText(_("Back to the start"))
        self.area.setAccessibleName(self.heading.text())

    def spoken_text(self) -> str:
        parts = [self.heading.text()]
        if not self.not_saved.isHidden():
            parts.append(self.not_saved.text())
        if not self.place.isHidden():
            parts.append(self.place.spoken_text())
        parts.append(self.text.text())
        if not self.hint.isHidden():
            parts.append(self.hint.text())
        return "\n".join(part for part in parts if part)
