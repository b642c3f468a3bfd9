"""The guide screen: one task guide, step by step, for one resident.

It takes its model, a `GuideRunState`, through the constructor and drives it: Next, Back, the
choice buttons, "Call a volunteer" and "Stop" call the run's `next()`, `back()`, `choose()`,
`hand_off()` and `abandon()`. What it shows:

- the guide's title, "Step 2 of 6" and a progress bar;
- when the guide has a `scope_limit`, a page before step 1 that says where a volunteer's help
  stops, with a Start button;
- the step text (Markdown subset, rendered as escaped rich text without links) with its picture
  on the right, or the website on the right (about 2/3) for a `web` step;
- one widget per step type below the text (`kiosk.ui.steps`);
- big Back and Next, "Read aloud" (hidden when no voice speaks the guide's language) and
  "Ask for help"; a greyed Next says what is missing when it is tapped (and always to assistive
  technology, as its description; and on screen while the keyboard is in use);
- Next on a step that could not be carried out (a website that cannot be reached) ends the run
  as not done (`GuideRunState.not_done()`), never on to the guide's own "done";
- when the run has ended, a last page that says what happens now.

Signals: `run_finished` (the run has ended; the flow writes its record), `closed` (the resident
leaves the guide), `help_requested`, `step_shown(step_id)`. The screen never opens the store.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.guide import ENDS
from kiosk.domain.markdown import to_html, to_plain
from kiosk.domain.run import GuideRunState
from kiosk.i18n import _, current_language, locale_name
from kiosk.ui.screens.guide_pages import EndPage, IntroPage
from kiosk.ui.shell.keyboard import set_tab_chain, tab_stops
from kiosk.ui.shell.speech import Speaker
from kiosk.ui.shell.theme import Theme
from kiosk.ui.steps import GuideServices, StepMemory, StepWidget, widget_class
from kiosk.ui.widgets.announce import announce
from kiosk.ui.widgets.fitted_title import FittedTitle
from kiosk.ui.widgets.picture import FittedPicture
from kiosk.ui.widgets.reading_area import ReadingArea
from kiosk.ui.widgets.unspoken import unspoken
from kiosk.ui.widgets.wrap_button import WrapButton

PICTURE_SIZE = QSize(460, 420)
#: "Stop this task" takes at most a third of the width (it wraps), never less than this.
MIN_STOP_WIDTH = 220


def load_picture(path: Path | None, box: QSize = PICTURE_SIZE) -> QPixmap:
    """A step's picture (SVG, PNG or JPEG) fitted into `box`; a null pixmap when unreadable."""
    if path is None or not path.is_file():
        return QPixmap()
    if path.suffix.lower() == ".svg":
        from PySide6.QtSvg import QSvgRenderer

        renderer = QSvgRenderer(str(path))
        if not renderer.isValid():
            return QPixmap()
        size = renderer.defaultSize().scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        return QPixmap.fromImage(image)
    pixmap = QPixmap(str(path))
    if pixmap.isNull():
        return pixmap
    return pixmap.scaled(
        box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class GuideScreen(QWidget):
    run_finished = Signal()
    closed = Signal()
    help_requested = Signal()
    step_shown = Signal(str)

    def __init__(
        self,
        theme: Theme,
        run: GuideRunState,
        services: GuideServices,
        parent: QWidget | None = None,
        *,
        speaker: Speaker | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.theme = theme
        self.run = run
        self.services = services
        self.memory = StepMemory()
        self.speaker = speaker if speaker is not None else Speaker(services.speech_engine, self)
        self.step_widget: StepWidget | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(12)
        layout.addLayout(self._build_header())
        layout.addWidget(self._build_pages(), 1)
        layout.addLayout(self._build_buttons())
        self.speaker.speaking_changed.connect(lambda _on: self._update_read_button())
        self.speaker.availability_changed.connect(self._update_read_button)
        self._open_first_page()
        self.retranslate_ui()

    # -- the parts, built once -----------------------------------------------------------------

    def _build_header(self) -> QHBoxLayout:
        """The title, and under it "Step 2 of 6" with the progress bar; "Stop this task" beside
        both, so large text keeps as many lines as it can for the step itself."""
        top = QHBoxLayout()
        heading_box = QWidget(self)
        heading = QVBoxLayout(heading_box)
        heading.setContentsMargins(0, 0, 0, 0)
        heading.setSpacing(8)
        self.title = FittedTitle(self)  # one line when the window is low for the text size
        self.title.setProperty("role", "heading")
        heading.addWidget(self.title)
        progress = QHBoxLayout()
        progress.setSpacing(16)
        # the progress bar is named "Step 2 of 6": the label beside it only draws it
        self.step_label = unspoken(QLabel(self))
        self.step_label.setProperty("role", "muted")
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        progress.addWidget(self.step_label)
        progress.addWidget(self.progress, 1)
        heading.addLayout(progress)
        top.addWidget(heading_box, 1)
        # It wraps onto two lines rather than squeeze the title into three (200 % text).
        self.stop_button = WrapButton(self)
        policy = self.stop_button.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        self.stop_button.setSizePolicy(policy)
        self.stop_button.clicked.connect(self.stop)
        top.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignTop)
        return top

    def _build_pages(self) -> QStackedWidget:
        """The guide's scope limit (intro), the step page, and the end page."""
        self.pages = QStackedWidget(self)
        self.intro = IntroPage(self.pages)
        self.pages.addWidget(self.intro)
        self.step_page = self._build_step_page(self.pages)
        self.pages.addWidget(self.step_page)
        self.end = EndPage(self.pages)
        self.end.leave.clicked.connect(self.closed)
        self.pages.addWidget(self.end)
        return self.pages

    def _build_step_page(self, parent: QWidget) -> QWidget:
        """The step's text (in a reading area), its picture, and the step widget's side."""
        page = QWidget(parent)
        body = QHBoxLayout(page)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(28)
        self.scroll_area = ReadingArea(page)
        content = QWidget()
        content.setObjectName("Screen")
        self.content_layout = QVBoxLayout(content)
        self.content_layout.setContentsMargins(0, 0, 12, 0)
        self.content_layout.setSpacing(16)
        self.text = QLabel(content)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.text.setOpenExternalLinks(False)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.content_layout.addWidget(self.text)
        self.content_layout.addStretch(1)
        self.scroll_area.setWidget(content)
        body.addWidget(self.scroll_area, 3)
        self.picture = FittedPicture(page)
        body.addWidget(self.picture, 2)
        self.side = QWidget(page)
        self.side_layout = QVBoxLayout(self.side)
        self.side_layout.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.side, 0)
        self.body = body
        return page

    def _build_buttons(self) -> QHBoxLayout:
        """Back, Read aloud and Help on one side; Next on the other."""
        bottom = QHBoxLayout()
        bottom.setSpacing(16)
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.go_back)
        self.read_button = QPushButton(self)
        self.read_button.clicked.connect(self.read_aloud)
        self.help_button = QPushButton(self)
        self.help_button.clicked.connect(self.help_requested)
        self.next_button = QPushButton(self)
        self.next_button.setProperty("role", "primary")
        self.next_button.setMinimumWidth(220)
        self.next_button.clicked.connect(self.go_next)
        # A tap on the greyed Next reaches no slot: the filter sees it and says what is missing.
        self.next_button.installEventFilter(self)
        #: What is missing before Next works, beside the greyed Next once it was tapped.
        self.next_hint = QLabel(self)
        self.next_hint.setProperty("role", "warning")
        self.next_hint.setWordWrap(True)
        self.next_hint.hide()
        for button in (self.back_button, self.read_button, self.help_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.next_hint, 2)
        bottom.addWidget(self.next_button)
        return bottom

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.next_button
            and event.type() == QEvent.Type.MouseButtonRelease
            and not self.next_button.isEnabled()
            and self.next_button.isVisible()
        ):
            self.say_what_is_missing()
        return super().eventFilter(watched, event)

    def say_what_is_missing(self) -> None:
        """Show (and announce) why Next is greyed: what the step still needs."""
        widget = self.step_widget
        if widget is None or self.next_button.isEnabled():
            return
        self.next_hint.setText(widget.missing())
        self.next_hint.show()
        announce(self.next_hint, self.next_hint.text())

    def _open_first_page(self) -> None:
        """The scope limit first when the guide has one (and the run is not over), else the
        step the run is at."""
        self._sync_language()
        if self.run.guide.scope_limit is not None and not self.run.finished:
            self.pages.setCurrentWidget(self.intro)
            self._update_chrome()
            self._order_tabs()
            self._place_focus()
        else:
            self.show_step()

    # -- state -------------------------------------------------------------------------------

    @property
    def on_intro(self) -> bool:
        return self.pages.currentWidget() is self.intro

    @property
    def next_enabled(self) -> bool:
        return self.next_button.isVisible() and self.next_button.isEnabled()

    def show_step(self) -> None:
        """Show the run's current step (after the intro, Next, Back or a choice)."""
        self._drop_step_widget()
        self.next_hint.hide()
        step = self.run.current
        widget = widget_class(step)(step, self.run, self.theme, self.services, self.memory)
        widget.changed.connect(self._update_chrome)
        widget.changed.connect(self._order_tabs)  # new controls (a QR result) join in place
        widget.chosen.connect(self.choose)
        widget.handed_off.connect(self.hand_off)
        widget.advance_requested.connect(self._advance)
        widget.focus_wanted.connect(self._order_tabs)
        widget.focus_wanted.connect(self._place_focus)
        self.step_widget = widget
        self.content_layout.insertWidget(1, widget)
        widget.show()
        side = widget.side_widget()
        if side is not None:
            self.side_layout.addWidget(side)
            side.show()
        self.picture.setVisible(side is None)
        self.side.setVisible(side is not None)
        self.body.setStretchFactor(self.scroll_area, 1 if side is not None else 3)
        self.body.setStretchFactor(self.side, 2 if side is not None else 0)
        self.picture.set_picture(load_picture(self.run.guide.image_path(step.image)))
        self.picture.setVisible(side is None and not self.picture.source().isNull())
        self.pages.setCurrentWidget(self.step_page)
        self.scroll_area.verticalScrollBar().setValue(0)
        self._render_step()
        self._update_chrome()
        self._order_tabs()
        self._place_focus()
        self.step_shown.emit(step.id)

    def _drop_step_widget(self) -> None:
        self.speaker.stop()
        widget, self.step_widget = self.step_widget, None
        if widget is None:
            return
        side = widget.side_widget()
        widget.dispose()
        if side is not None:
            side.hide()
            self.side_layout.removeWidget(side)
        widget.hide()
        self.content_layout.removeWidget(widget)
        widget.deleteLater()

    # -- actions -----------------------------------------------------------------------------

    def go_next(self) -> None:
        if self.on_intro:
            self.show_step()
            return
        widget = self.step_widget
        if self.run.finished or widget is None or not widget.is_complete():
            return
        if widget.not_done():
            self.run.not_done()
            self._finish()
            return
        self.run.next()
        self._after_move()

    def _advance(self) -> None:
        if not self.run.finished and self.run.can_advance():
            if self.step_widget is not None and self.step_widget.not_done():
                self.run.not_done()
                self._finish()
                return
            self.run.next()
            self._after_move()

    def choose(self, index: int) -> None:
        self.run.choose(index)
        self._after_move()

    def go_back(self) -> None:
        if self.run.can_go_back:
            self.run.back()
            self.show_step()
        elif not self.run.finished and self.run.guide.scope_limit is not None:
            self._drop_step_widget()
            self.pages.setCurrentWidget(self.intro)
            self._update_chrome()
            self._place_focus()

    def hand_off(self) -> None:
        self.run.hand_off()
        self._finish()

    def stop(self) -> None:
        """The resident stops the task: the run is abandoned and the screen closes."""
        if not self.run.finished:
            self.run.abandon()
            self._finish()
        self.closed.emit()

    def _after_move(self) -> None:
        if self.run.finished:
            self._finish()
        else:
            self.show_step()

    def _finish(self) -> None:
        self._drop_step_widget()
        self.memory.clear()
        self.end.show_end(self.run, self.services)
        self.pages.setCurrentWidget(self.end)
        self._update_chrome()
        self._place_focus()
        self.run_finished.emit()

    def show_referral_places(self) -> None:
        """The location's referral list arrived: a referral on screen names the place now."""
        from kiosk.ui.steps.handoff import HandoffStepWidget

        if isinstance(self.step_widget, HandoffStepWidget):
            self.step_widget.retranslate_ui()
        elif self.run.finished:
            self.end.show_end(self.run, self.services)

    def dispose(self) -> None:
        """Free the step widget (the web page) before the screen goes."""
        self._drop_step_widget()
        self.memory.clear()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.stop_button.setMaximumWidth(max(MIN_STOP_WIDTH, self.width() // 3))
        window = self.window()
        self.title.fit_to(window.height() if window is not None else self.height())
        super().resizeEvent(event)

    # -- keyboard ----------------------------------------------------------------------------

    def _order_tabs(self) -> None:
        """Tab follows the reading order: Stop, the text, the step's controls, the website,
        then Back, Read aloud, Ask for help and Next (a new step widget joins the chain last)."""
        chain: list[QWidget] = [self.stop_button, self.intro.area, self.scroll_area]
        widget = self.step_widget
        if widget is not None:
            chain += tab_stops(widget)
            side = widget.side_widget()
            if side is not None:
                chain += tab_stops(side)
        chain += [self.end.area, self.end.leave]
        chain += [self.back_button, self.read_button, self.help_button, self.next_button]
        set_tab_chain(chain)

    def _place_focus(self) -> None:
        """For a keyboard user, put the focus where the page asks to act first: the step's
        first control, else Next (Start on the intro; "Back to the start" at the end)."""
        keyboard = self.services.keyboard_in_use
        if keyboard is not None and not keyboard():
            return
        if self.pages.currentWidget() is self.end:
            self.end.leave.setFocus(Qt.FocusReason.TabFocusReason)
            return
        widget = self.step_widget if not self.on_intro else None
        controls = [] if widget is None else tab_stops(widget)
        # shown ones only: a control on a hidden page of the step (a stacked widget) is never
        # focused, it would be "focused" for a screen reader with nothing on screen
        usable = [w for w in controls if w.isEnabled() and w.isVisibleTo(self)]
        if usable:
            usable[0].setFocus(Qt.FocusReason.TabFocusReason)
        elif self.next_button.isEnabled() and not self.next_button.isHidden():
            self.next_button.setFocus(Qt.FocusReason.TabFocusReason)

    def read_aloud(self) -> None:
        if self.speaker.speaking:
            self.speaker.stop()
            return
        self.speaker.say(self.spoken_text(), self.run.language)

    def spoken_text(self) -> str:
        if self.on_intro:
            return self.intro.spoken_text()
        if self.pages.currentWidget() is self.end:
            return self.end.spoken_text()
        parts = [to_plain(self.run.render(self.run.current.text))]
        if self.step_widget is not None:
            parts.append(self.step_widget.spoken_text())
        return "\n".join(part for part in parts if part)

    # -- drawing -----------------------------------------------------------------------------

    def refresh_step_text(self) -> None:
        """The step's text again (a location placeholder's value arrived)."""
        if self.pages.currentWidget() is self.step_page and not self.run.finished:
            self._render_step()

    def _render_step(self) -> None:
        step = self.run.current
        self.text.setText(to_html(self.run.render(step.text)))
        # What the picture shows, for a resident who cannot see it (the guide's `alt`).
        alt = self.run.render(step.alt) if step.alt is not None else ""
        self.picture.setAccessibleName(alt)

    def _update_chrome(self) -> None:
        run = self.run
        stepping = self.pages.currentWidget() is self.step_page
        ended = run.finished
        widget = self.step_widget
        self.step_label.setVisible(stepping)
        self.progress.setVisible(stepping)
        if stepping:
            self.step_label.setText(
                _("Step {number} of {total}").format(number=run.step_number, total=run.step_total)
            )
            self.progress.setRange(0, max(1, run.step_total))
            self.progress.setValue(run.step_number)
            self.scroll_area.setAccessibleName(self.step_label.text())
            self.progress.setAccessibleName(self.step_label.text())
            # "Scroll: Step 2 of 6": not the very words of the label beside it (read twice)
            self.scroll_area.verticalScrollBar().setAccessibleName(
                _("Scroll: {what}").format(what=self.step_label.text())
            )
        self.back_button.setVisible(
            not ended and (run.can_go_back or (stepping and run.guide.scope_limit is not None))
        )
        shows_next = self.on_intro or (stepping and widget is not None and widget.shows_next)
        self.next_button.setVisible(shows_next)
        enabled = self.on_intro or (widget is not None and widget.is_complete())
        self.next_button.setEnabled(enabled)
        missing = "" if enabled or widget is None or not shows_next else widget.missing()
        self.next_button.setAccessibleDescription(missing)
        keyboard = self.services.keyboard_in_use
        if not missing:
            self.next_hint.hide()
        else:
            if self.next_hint.text() != missing:
                self.next_hint.setText(missing)
            if keyboard is not None and keyboard():
                self.next_hint.show()  # a keyboard cannot reach the greyed Next to ask
        finishing = stepping and run.guide.default_next(run.current) in ENDS
        if self.on_intro:
            self.next_button.setText(_("Start"))
        else:
            self.next_button.setText(_("Finish") if finishing else _("Next"))
        self.stop_button.setVisible(not ended)
        self.help_button.setVisible(not ended)
        self._update_read_button()

    def _update_read_button(self) -> None:
        self.read_button.setVisible(self.speaker.can_speak(self.run.language))
        self.read_button.setText(_("Stop reading") if self.speaker.speaking else _("Read aloud"))

    def _sync_language(self) -> None:
        """Follow the kiosk's language when the guide has it (else keep the run's language)."""
        language = current_language()
        if language in self.run.guide.languages and not self.run.finished:
            self.run.language = language
            self.run.locale = locale_name(language, self.services.country)

    def retranslate_ui(self) -> None:
        self._sync_language()
        guide = self.run.guide
        self.title.set_title(guide.text(guide.title, self.run.locale))
        window = self.window()
        self.title.fit_to(window.height() if window is not None else self.height())
        self.stop_button.setText(_("Stop this task"))
        self.back_button.setText(_("Back"))
        self.help_button.setText(_("Ask for help"))
        self.intro.retranslate_ui(self.run)
        self.end.retranslate_ui()
        if self.step_widget is not None:
            self._render_step()
            self.step_widget.retranslate_ui()
        self._update_chrome()
