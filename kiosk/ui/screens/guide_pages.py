"""The first and last pages of the guide screen: what the task is and where a volunteer's help
stops (before step 1, when the guide has a `scope_limit`), and what happens now (after the run
has ended: completed or handed off).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.markdown import to_html, to_plain
from kiosk.domain.records import RunEnd
from kiosk.domain.run import GuideRunState
from kiosk.i18n import _
from kiosk.ui.widgets.reading_area import ReadingArea


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
        summary = guide.text(guide.summary, run.language)
        self.summary.setText(summary)
        self.duration.setVisible(guide.duration_minutes is not None)
        if guide.duration_minutes is not None:
            self.duration.setText(
                _("About {minutes} minutes").format(minutes=guide.duration_minutes)
            )
        self.scope_heading.setText(_("Good to know before you start"))
        scope = guide.text(guide.scope_limit, run.language) if guide.scope_limit else ""
        self.scope.setText(to_html(scope))
        self.scope_heading.setVisible(bool(scope))
        self.scope.setVisible(bool(scope))
        self.area.setAccessibleName(guide.text(guide.title, run.language))
        self._spoken = "\n".join(part for part in (summary, to_plain(scope)) if part)

    def spoken_text(self) -> str:
        return self._spoken


class EndPage(QWidget):
    """What the resident reads once the run has ended."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.area, content, layout = _reading_area(self, 24)
        layout.setSpacing(20)
        self.heading = _label(content, "title")
        self.text = _label(content)
        self.leave = QPushButton(content)
        self.leave.setProperty("role", "primary")
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addWidget(self.leave, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self._ended: RunEnd | None = None
        self._referral = False

    def show_end(self, run: GuideRunState) -> None:
        self._ended = run.ended
        self._referral = getattr(run.current, "reason", "") == "referral"
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        if self._ended == RunEnd.HANDED_OFF and self._referral:
            self.heading.setText(_("You are referred on"))
            self.text.setText(
                _(
                    "Take your letters and papers with you. Ask at the desk if you do not "
                    "know the way."
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
        else:
            self.heading.setText(_("Well done! You have finished this task."))
            self.text.setText(
                _("You can start another task. When you leave, press Start over at the top.")
            )
        self.leave.setText(_("Back to the start"))
        self.area.setAccessibleName(self.heading.text())

    def spoken_text(self) -> str:
        return f"{self.heading.text()}\n{self.text.text()}"
