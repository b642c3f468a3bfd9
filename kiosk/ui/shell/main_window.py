"""The kiosk's one window: a header (location, language, help, start over), the screens, and
in-window overlays (language choice, help, idle countdown).

The window renders and emits intent; `kiosk.app` decides what happens. It is full-screen and
frameless unless started with `--windowed`. The overlays are built the first time they are used
(`language_overlay`, `help_overlay`, `countdown`, `receipt`): none shows at start, and building
them all would delay the first paint.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n, resources
from kiosk.i18n import _
from kiosk.ui.shell.idle import CountdownOverlay
from kiosk.ui.shell.theme import Theme
from kiosk.ui.widgets.overlay import MessageOverlay, Overlay
from kiosk.ui.widgets.reading_area import ReadingArea

if TYPE_CHECKING:
    from kiosk.ui.shell.display import DisplayOverlay
    from kiosk.ui.shell.speech import Speaker

HOME = "home"


class LanguageOverlay(Overlay):
    """Big buttons, each language in its own name and script."""

    def __init__(self, parent: QWidget, languages: Sequence[str]) -> None:
        # Wide enough for three columns of language names at 200 % text.
        super().__init__(parent, max_width=1300)
        top = QHBoxLayout()
        self.heading = QLabel(self.card)
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        top.addWidget(self.heading, 1)
        self.cancel = QPushButton(self.card)
        self.cancel.clicked.connect(self.close_overlay)
        top.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignTop)
        self.add_read_button(top, 1)
        self.card_layout.addLayout(top)
        # Three columns for more than four languages, so that seven fit a 768 px high screen.
        columns = 3 if len(languages) > 4 else 2
        grid = QGridLayout()
        grid.setSpacing(16)
        self.buttons: dict[str, QPushButton] = {}
        for index, code in enumerate(languages):
            button = QPushButton(i18n.LANGUAGE_NAMES.get(code, code), self.card)
            button.setMinimumWidth(260)
            button.setProperty("language", code)
            button.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft
                if i18n.is_rtl(code)
                else Qt.LayoutDirection.LeftToRight
            )
            button.setCheckable(True)  # the chosen language is "checked" for screen readers
            self.buttons[code] = button
            grid.addWidget(button, index // columns, index % columns)
        self.card_layout.addLayout(grid)
        self.retranslate_ui()

    def spoken_text(self) -> str:
        return "\n".join([self.heading.text(), *(b.text() for b in self.buttons.values())])

    def focus_first(self) -> None:
        """The current language has the focus: Enter keeps it, arrows and Tab move on."""
        current = self.buttons.get(i18n.current_language())
        if current is None:
            super().focus_first()
        else:
            current.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Choose your language"))
        self.cancel.setText(_("Close"))
        for code, button in self.buttons.items():
            chosen = code == i18n.current_language()
            button.setChecked(chosen)
            button.setProperty("role", "primary" if chosen else None)
            button.style().unpolish(button)
            button.style().polish(button)


class Header(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 12, 32, 12)
        outer.setSpacing(8)
        self._above = QHBoxLayout()  # holds the location name when the buttons need the row
        outer.addLayout(self._above)
        layout = QHBoxLayout()
        self._row = layout
        outer.addLayout(layout)
        layout.setSpacing(16)
        self.location = QLabel(self)
        self.location.setObjectName("LocationName")
        layout.addWidget(self.location, 1)
        layout.addStretch(0)  # takes the room (buttons to the end) when the name moves above
        self.language_button = QPushButton(self)
        self.display_button = QPushButton("Aa", self)  # the "Aa" control (text and contrast)
        self.help_button = QPushButton(self)
        self.start_over_button = QPushButton(self)
        icons = ("globe.svg", "help.svg", "restart.svg")
        for button, icon in zip(
            (self.language_button, self.help_button, self.start_over_button), icons, strict=True
        ):
            button.setIcon(QIcon(str(resources.resource_path(f"icons/{icon}"))))
            button.setIconSize(QSize(30, 30))
        for button in self._buttons():
            button.setProperty("role", "header")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            layout.addWidget(button)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.language_button,
            self.display_button,
            self.help_button,
            self.start_over_button,
        )

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """Put the location name on its own row when it and the buttons do not fit one row
        (large text, long names): the buttons' texts are never cut off."""
        layout = self.layout()
        if layout is None:
            return
        margins = layout.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        self.location.setWordWrap(False)
        needed = sum(b.sizeHint().width() + 16 for b in self._buttons())
        one_row = needed + self.location.sizeHint().width() <= room
        inline = self._row.indexOf(self.location) >= 0
        if one_row and not inline:
            self._above.removeWidget(self.location)
            self._row.insertWidget(0, self.location, 1)
        elif not one_row and inline:
            self._row.removeWidget(self.location)
            self._above.addWidget(self.location, 1)
        self.location.setWordWrap(not one_row)

    def retranslate_ui(self) -> None:
        name = i18n.LANGUAGE_NAMES.get(i18n.current_language(), "")
        self.language_button.setText(name)
        self.language_button.setAccessibleName(_("Language: {name}").format(name=name))
        self.display_button.setAccessibleName(_("Text size and contrast"))
        self.help_button.setText(_("Help"))
        self.help_button.setAccessibleName(_("Ask for help"))
        self.start_over_button.setText(_("Start over"))
        self.start_over_button.setAccessibleName(_("Start over"))
        self.start_over_button.setAccessibleDescription(
            _("Wipes everything you did and goes back to the start")
        )
        self.fit()


class StartOverQuestion(MessageOverlay):
    """ "Start over" during a task asks first: the resident may have tapped it by mistake.
    "Yes, start over" emits `confirmed`; "No, go on", Escape and a reset only close it."""

    confirmed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.go_on = self.add_button("", primary=True)
        self.go_on.clicked.connect(self.close_overlay)
        self.yes = self.add_button("")
        self.yes.clicked.connect(self._on_yes)
        self._booked = False
        self.retranslate_ui()

    def set_booked(self, booked: bool) -> None:
        """After a booking the task's main deed is done: say the appointment stays booked
        (and the ticket is the resident's), never "the task is not finished"."""
        self._booked = booked
        self.retranslate_ui()

    def _on_yes(self) -> None:
        self.close_overlay()
        self.confirmed.emit()

    def retranslate_ui(self) -> None:
        self.title.setText(_("Start over?"))
        if self._booked:
            self.text.setText(
                _(
                    "Your appointment is booked and stays booked: keep your ticket. The rest "
                    "of this task will be wiped: your answers, websites and files."
                )
            )
        else:
            self.text.setText(
                _(
                    "Everything you did in this task will be wiped: your answers, websites and "
                    "files. The task is not finished."
                )
            )
        self.go_on.setText(_("No, go on with the task"))
        self.yes.setText(_("Yes, wipe and start over"))


class ReceiptOverlay(MessageOverlay):
    """After a reset: says plainly that everything was wiped, then closes by itself.

    Taps are ignored longer after it closed than after other overlays: it may close by itself
    just as the resident reaches for its OK, and that late tap must not open the tile behind.
    After a volunteer ended a session it says "saved" first, and whether the session reached
    the hub (`show_saved()`, `set_sent()`)."""

    IGNORE_AFTER_CLOSE_MS = 1500

    def __init__(self, parent: QWidget, seconds: float = 4.0) -> None:
        super().__init__(parent)
        self.ok = self.add_button("", primary=True)
        self.ok.clicked.connect(self.close_overlay)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(seconds * 1000))
        self._timer.timeout.connect(self.close_overlay)
        #: After a volunteer's session: None (a resident's reset), else whether it reached the
        #: hub (False: kept on this kiosk, sent later).
        self._saved: bool | None = None
        self.saved = QLabel(self.card)
        self.saved.setProperty("role", "heading")
        self.saved.setWordWrap(True)
        self.saved.hide()
        self.card_layout.insertWidget(0, self.saved)
        self.retranslate_ui()

    def show_receipt(self) -> None:
        self.retranslate_ui()
        self.open()
        self._timer.start()

    def show_saved(self, sent: bool = False) -> None:
        """A volunteer ended a session: "Session saved" above the resident's receipt. It stays
        until OK (the volunteer reads it), rather than closing by itself."""
        self._saved = sent
        self.retranslate_ui()
        self.saved.show()
        if self.is_open:
            self._timer.stop()
            self.fit_card()

    def set_sent(self, sent: bool) -> None:
        """Whether the saved session has reached the hub (after the sync round)."""
        if self._saved is not None:
            self._saved = sent
            self.retranslate_ui()

    def close_overlay(self) -> None:
        super().close_overlay()
        if not self.is_open:
            self._saved = None
            self.saved.hide()

    def retranslate_ui(self) -> None:
        self.title.setText(_("Everything has been wiped"))
        self.text.setText(
            _(
                "Everything you did has been wiped: websites, downloads, copied text, answers. "
                "The next person will find nothing of yours."
            )
        )
        self.ok.setText(_("OK"))
        if self._saved is True:
            self.saved.setText("✔ " + _("Session saved. It has reached the hub."))
        elif self._saved is False:
            self.saved.setText(
                "✔ "
                + _(
                    "Session saved on this kiosk. It has not reached the hub yet; it is sent "
                    "as soon as the hub can be reached."
                )
            )


class MainWindow(QMainWindow):
    """The kiosk window. Screens are added by name; `retranslate_ui()` redraws them all."""

    language_chosen = Signal(str)
    language_changed = Signal(str)
    start_over_requested = Signal()
    #: "Start over" was pressed (the app asks first during a task, see `ask_start_over`).
    start_over_pressed = Signal()
    help_requested = Signal()
    countdown_expired = Signal()  # the idle countdown's `expired`, once it is built

    def __init__(
        self,
        theme: Theme,
        location_name: str,
        languages: Sequence[str],
        countdown_seconds: int,
    ) -> None:
        super().__init__()
        self.theme = theme
        self.setWindowTitle("Kiosk")
        root = QWidget(self)
        self._root = root
        root.setObjectName("KioskRoot")
        root.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(root)
        self._root_layout = layout
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = Header(root)
        self.header.location.setText(location_name)
        layout.addWidget(self.header)
        self.stack = QStackedWidget(root)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(root)
        # Nothing has the focus at start, so no button carries a focus ring until the resident
        # presses Tab. The content is never a Tab stop itself (a screen reader would find an
        # unnamed "filler" there); its overlays are modal for assistive technology
        # (kiosk.ui.widgets.overlay_a11y).
        self._screens: dict[str, QWidget] = {}

        self._languages = tuple(languages)
        self._countdown_seconds = countdown_seconds
        self._language_overlay: LanguageOverlay | None = None
        self._help_parts: tuple[MessageOverlay, QPushButton] | None = None
        self._countdown: CountdownOverlay | None = None
        self._receipt: ReceiptOverlay | None = None
        self._display: DisplayOverlay | None = None
        #: The location's text size and contrast (what "Back to normal" and a reset return to).
        self.display_defaults = (round(theme.scale * 100), theme.high_contrast)
        #: The text-to-speech engine for the dialogs' "Read aloud" (None: the platform's own;
        #: tests use "mock"); the speaker is made when a dialog first opens.
        self.speech_engine: str | None = None
        self.speech_parameters: dict[str, object] | None = None
        self._speaker: Speaker | None = None
        self._close_allowed = False
        #: How `kiosk.app.show_kiosk` showed the window: full screen, or windowed at
        #: `kiosk_size`; a reset puts the window back to it (`restore_kiosk_geometry`).
        self.kiosk_full_screen = False
        self.kiosk_size: QSize | None = None
        self._window_filters: list[QObject] = []
        self._filtered_handle: QObject | None = None
        self._activation_pending = False
        self._native_id = 0  # the X window's id, to see it re-created (`_on_win_id_change`)
        self.winId()  # create the QWindow now, so filters can be attached at once

        self.header.language_button.clicked.connect(self.show_languages)
        self.header.help_button.clicked.connect(self.help_requested)
        self.header.display_button.clicked.connect(self.show_display)
        self.header.start_over_button.clicked.connect(self.start_over_pressed)
        self._start_over_question: StartOverQuestion | None = None
        self.retranslate_ui()

    # -- overlays, built on first use ----------------------------------------------------------

    @property
    def language_overlay(self) -> LanguageOverlay:
        if self._language_overlay is None:
            overlay = LanguageOverlay(self._root, self._languages)
            overlay.speaker_source = self.speaker
            for code, button in overlay.buttons.items():
                button.clicked.connect(lambda _c=False, lang=code: self._on_language_button(lang))
            self._language_overlay = overlay
        return self._language_overlay

    @property
    def help_overlay(self) -> MessageOverlay:
        return self._help()[0]

    @property
    def help_ok(self) -> QPushButton:
        return self._help()[1]

    def _help(self) -> tuple[MessageOverlay, QPushButton]:
        if self._help_parts is None:
            overlay = MessageOverlay(self._root)
            overlay.speaker_source = self.speaker
            ok = overlay.add_button("", primary=True)
            ok.clicked.connect(overlay.close_overlay)
            self._help_parts = (overlay, ok)
            self._retranslate_help()
        return self._help_parts

    def speaker(self) -> Speaker:
        """The dialogs' `kiosk.ui.shell.speech.Speaker`, made on first use (QtTextToSpeech is not
        imported at start-up)."""
        if self._speaker is None:
            from kiosk.ui.shell.speech import Speaker

            self._speaker = Speaker(
                self.speech_engine, self, engine_parameters=self.speech_parameters
            )
        return self._speaker

    @property
    def countdown(self) -> CountdownOverlay:
        if self._countdown is None:
            self._countdown = CountdownOverlay(self._root, self._countdown_seconds)
            self._countdown.speaker_source = self.speaker
            self._countdown.expired.connect(self.countdown_expired)
        return self._countdown

    @property
    def countdown_running(self) -> bool:
        """Whether the idle countdown runs (False, without building it, if it never did)."""
        return self._countdown is not None and self._countdown.running

    def stop_countdown(self) -> None:
        if self._countdown is not None:
            self._countdown.stop()

    @property
    def start_over_question(self) -> StartOverQuestion:
        if self._start_over_question is None:
            question = StartOverQuestion(self._root)
            question.speaker_source = self.speaker
            question.confirmed.connect(self.start_over_requested)
            self._start_over_question = question
        return self._start_over_question

    def ask_start_over(self, *, booked: bool = False) -> None:
        """ "Start over?" with "No, go on" first; "Yes" emits `start_over_requested`.
        `booked`: the task booked an appointment, which the question then says stays."""
        self.start_over_question.set_booked(booked)
        self.start_over_question.open()

    @property
    def receipt(self) -> ReceiptOverlay:
        if self._receipt is None:
            self._receipt = ReceiptOverlay(self._root)
            self._receipt.speaker_source = self.speaker
        return self._receipt

    # -- screens -------------------------------------------------------------------------------

    @property
    def root_widget(self) -> QWidget:
        """The window's content; overlays are its children."""
        return self._root

    def insert_bar(self, bar: QWidget) -> None:
        """Put an always-visible bar between the header and the screens."""
        self._root_layout.insertWidget(1, bar)

    def add_screen(self, name: str, screen: QWidget) -> None:
        self._screens[name] = screen
        self.stack.addWidget(screen)

    def screen_widget(self, name: str) -> QWidget:
        return self._screens[name]

    def show_screen(self, name: str) -> None:
        self.stack.setCurrentWidget(self._screens[name])

    @property
    def current_screen_name(self) -> str:
        current = self.stack.currentWidget()
        return next((name for name, widget in self._screens.items() if widget is current), "")

    def show_home(self, *, focus_first_tile: bool = False) -> None:
        """The home screen, scrolled to its top. Nothing has the focus (the next Tab starts at
        the top: the language button), unless `focus_first_tile`: a keyboard user who left a
        task lands on the first tile, so a screen reader says where they are."""
        self.show_screen(HOME)
        home = self._screens[HOME]
        scroll_to_top = getattr(home, "scroll_to_top", None)
        if scroll_to_top is not None:
            scroll_to_top()
        first_tile = getattr(home, "first_tile", None)
        tile = first_tile() if focus_first_tile and first_tile is not None else None
        if isinstance(tile, QWidget) and tile.isVisibleTo(self):
            tile.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        focused = self.focusWidget()
        if focused is not None:
            focused.clearFocus()  # the next Tab starts at the top of the home screen

    # -- window-level event filters ------------------------------------------------------------

    def install_window_filter(self, event_filter: QObject) -> None:
        """Watch every input event of the kiosk, at the window, before any widget sees it.

        Filters go on the QWindow, and move along when Qt recreates it: new window flags,
        screen changes, and above all the first web view. Under X11 (xcb), adding a
        QWebEngineView makes Qt destroy the window's QWindow and create a new one with a
        surface it can render the page into (its X id changes); filters left on the old
        QWindow would be gone, and with them Enter-activates, the key guard and the idle
        watcher. `event()` sees the widget's `WinIdChange` and moves them at once. Never on
        the QApplication: an application-wide Python event filter crashes PySide6 6.11 as
        soon as a QWebEngineView runs.
        """
        self._window_filters.append(event_filter)
        handle = self.windowHandle()
        if handle is not None:
            handle.installEventFilter(event_filter)
            self._filtered_handle = handle

    def remove_window_filters(self) -> None:
        handle = self.windowHandle()
        for event_filter in self._window_filters:
            if handle is not None:
                handle.removeEventFilter(event_filter)
        self._window_filters.clear()

    def attach_window_filters(self) -> None:
        """Put the filters on the current QWindow, if they are not there yet. Called for every
        `WinIdChange` (see `install_window_filter`), so nothing else needs to."""
        handle = self.windowHandle()
        if handle is None or handle is self._filtered_handle:
            return
        for event_filter in self._window_filters:
            handle.installEventFilter(event_filter)
        self._filtered_handle = handle

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WinIdChange:
            self.attach_window_filters()  # the QWindow may be a new one (see above)
            self._on_win_id_change()
        elif (
            event.type() == QEvent.Type.WindowActivate
            and self.focusWidget() is None
            and not self._activation_pending
        ):
            # Qt gives the first control of a window activated without a focus widget the
            # focus, right after this event (with no ring a resident would have asked for);
            # the resident's first Tab then went on to the second control, past the language
            # button. Take that focus back, so the first Tab lands on the first control.
            self._activation_pending = True
            QTimer.singleShot(0, self._undo_activation_focus)
        return super().event(event)

    def _on_win_id_change(self) -> None:
        """When Qt re-creates the window (the first web view, under X11), the new X window is
        mapped without the keyboard focus: with no window manager to hand it over, keys went
        nowhere and a screen reader saw nothing focused until a tap. Take the activation back
        for the new window (Qt waits until it is mapped); the focus returns to the control that
        had it (the window keeps its focus widget), Next on a web step."""
        native = int(self.internalWinId())
        if not native:
            return  # destroyed: the new one follows
        recreated = bool(self._native_id) and native != self._native_id
        self._native_id = native
        if recreated:
            QTimer.singleShot(0, self._activate_recreated)

    def _activate_recreated(self) -> None:
        app = QApplication.instance()
        if (
            self.isVisible()
            and not self.isActiveWindow()
            and isinstance(app, QApplication)
            and app.activeWindow() is None  # nothing else of the kiosk took it meanwhile
        ):
            self.activateWindow()

    def _undo_activation_focus(self) -> None:
        self._activation_pending = False
        focused = self.focusWidget()
        if focused is not None and focused is self._first_tab_stop():
            focused.clearFocus()

    def _first_tab_stop(self) -> QWidget | None:
        """The control Qt gives the focus to when the window is activated without one."""
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if (
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusProxy() is None
            ):
                return widget
            widget = widget.nextInFocusChain()
        return None

    # -- leaving -------------------------------------------------------------------------------

    def allow_close(self) -> None:
        """Let the next close through (only the admin screen's "Exit kiosk" calls this)."""
        self._close_allowed = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._close_allowed:
            event.accept()
        else:
            event.ignore()

    # -- overlays ------------------------------------------------------------------------------

    @property
    def overlays(self) -> list[Overlay]:
        return self._root.findChildren(Overlay)

    def close_overlays(self) -> None:
        for overlay in self.overlays:
            if isinstance(overlay, CountdownOverlay):
                overlay.stop()
            else:
                overlay.close_overlay()

    def show_help(self) -> None:
        self.help_overlay.open()

    def show_languages(self) -> None:
        self.language_overlay.open()

    @property
    def display_overlay(self) -> DisplayOverlay:
        """The "Aa" control's overlay (built on first use)."""
        if self._display is None:
            from kiosk.ui.shell.display import DisplayOverlay

            self._display = DisplayOverlay(self._root, *self.display_defaults)
            self._display.speaker_source = self.speaker
            self._display.display_chosen.connect(self.apply_display)
        return self._display

    def show_display(self) -> None:
        overlay = self.display_overlay
        overlay.show_state(round(self.theme.scale * 100), self.theme.high_contrast)
        overlay.open()

    def apply_display(self, text_scale: int, high_contrast: bool) -> None:
        """Text size and contrast for this visit: the style sheet now, the home screen's tiles
        rebuilt, and every screen built later."""
        if (round(self.theme.scale * 100), self.theme.high_contrast) == (
            text_scale,
            high_contrast,
        ):
            return
        self.theme = Theme.create(text_scale, high_contrast)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setStyleSheet(self.theme.stylesheet())
        for screen in self._screens.values():
            set_theme = getattr(screen, "set_theme", None)
            if set_theme is not None:
                set_theme(self.theme)
        self.header.fit()
        if self._display is not None:
            self._display.show_state(text_scale, high_contrast)
            if self._display.is_open:
                self._display.fit_card()

    def reset_display(self) -> None:
        """Back to the location's text size and contrast (every reset)."""
        self.apply_display(*self.display_defaults)

    def restore_kiosk_geometry(self) -> None:
        """Back to the kiosk's own size (every reset, after the display): something that grew
        the window (a large text's minimum size, a page) must not outlive the visit. Full
        screen: the screen's geometry; windowed (`kiosk run --windowed`): the size it had.
        Again once the layouts have settled: the minimum size of the screens shown before the
        reset shrinks only then, and Qt would keep the window that large."""
        self._fit_kiosk_geometry()
        QTimer.singleShot(0, self._fit_kiosk_geometry)

    def _fit_kiosk_geometry(self) -> None:
        if self.kiosk_size is not None and not self.kiosk_full_screen:
            if self.size() != self.kiosk_size:
                self.resize(self.kiosk_size)
            return
        screen = self.screen()
        if self.kiosk_full_screen and screen is not None and self.geometry() != screen.geometry():
            self.setGeometry(screen.geometry())
            if self.isVisible():
                self.showFullScreen()

    def set_location_name(self, name: str) -> None:
        self.header.location.setText(name)
        self.header.fit()  # a longer name may need its own row (large text)

    # -- language ------------------------------------------------------------------------------

    def apply_language(self, language: str) -> None:
        """Switch the process language and redraw every screen live."""
        i18n.set_language(language)
        direction = (
            Qt.LayoutDirection.RightToLeft
            if i18n.is_rtl(language)
            else Qt.LayoutDirection.LeftToRight
        )
        self.setLayoutDirection(direction)
        self.retranslate_ui()
        self.language_changed.emit(language)

    def retranslate_ui(self) -> None:
        self.header.retranslate_ui()
        # Overlays not built yet get their texts when they are.
        if self._language_overlay is not None:
            self._language_overlay.retranslate_ui()
        self._retranslate_help()
        if self._countdown is not None:
            self._countdown.retranslate_ui()
        if self._receipt is not None:
            self._receipt.retranslate_ui()
        if self._start_over_question is not None:
            self._start_over_question.retranslate_ui()
        if self._display is not None:
            self._display.retranslate_ui()
        for screen in self._screens.values():
            retranslate = getattr(screen, "retranslate_ui", None)
            if retranslate is not None:
                retranslate()
        # "More below" of every reading area, now rather than on Qt's posted LanguageChange
        for area in self.findChildren(ReadingArea):
            area.retranslate_ui()

    def _retranslate_help(self) -> None:
        if self._help_parts is None:
            return
        overlay, ok = self._help_parts
        overlay.title.setText(_("Need help?"))
        overlay.text.setText(
            _(
                "A volunteer can help you. Raise your hand, or go to the help desk. "
                "You can also ask for help at any step of a task."
            )
        )
        ok.setText(_("OK"))

    def _on_language_button(self, language: str) -> None:
        if self._language_overlay is not None:
            self._language_overlay.close_overlay()
        self.language_chosen.emit(language)
