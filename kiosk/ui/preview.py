"""`kiosk guide preview PATH`: one guide in a window, for its author; reloaded on every save.

The window shows the guide screen as a resident would see it (a new run from the first step
after every reload), with a bar above it naming the file and when it was last loaded. When the
guide has problems (`kiosk guide check` rules) they are listed in the window instead, one per
line, and the preview recovers at the next save, on the step the author was on: where the
author was is kept across broken saves (`self.position`), not only from the last good load.
Editors often save by writing a new file and
renaming it over the old one, which drops a file from `QFileSystemWatcher`; the watcher
therefore also watches the folder, and the file is added again after every change.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QScrollArea, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.guides import GuideError, load_guide
from kiosk.guides.loader import GUIDE_FILE
from kiosk.ui.shell.errors import user_message
from kiosk.ui.shell.theme import Theme

if TYPE_CHECKING:
    from kiosk.domain.placeholders import Answer
    from kiosk.ui.browser.view import WebSession

RELOAD_DELAY_MS = 250


def guide_file(path: Path) -> Path:
    """The guide.yaml of a guide folder (or the file itself)."""
    return path / GUIDE_FILE if path.is_dir() else path


class PreviewWindow(QMainWindow):
    """The preview: a status bar on top, the guide screen or the problems below."""

    def __init__(self, path: Path, theme: Theme, *, speech_engine: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.theme = theme
        self.speech_engine = speech_engine
        self.session_dir = Path(tempfile.mkdtemp(prefix="kiosk-preview-"))
        self.setWindowTitle(f"Guide preview: {path}")
        root = QWidget(self)
        root.setObjectName("KioskRoot")
        root.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.root_layout = QVBoxLayout(root)
        self.root_layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel(root)
        self.status.setProperty("role", "muted")
        self.status.setContentsMargins(16, 8, 16, 8)
        self.root_layout.addWidget(self.status)
        self.body: QWidget | None = None
        self.setCentralWidget(root)
        self.problems: list[str] = []
        #: Where the author was in the last guide shown (steps and answers); kept while a save
        #: is broken, so the next good save opens there again.
        self.position: tuple[tuple[str, ...], dict[str, Answer]] | None = None
        self._web: WebSession | None = None

        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._schedule)
        self.watcher.directoryChanged.connect(self._schedule)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.reload()

    def _schedule(self, _path: str = "") -> None:
        self._timer.start()

    def _watch(self) -> None:
        file = guide_file(self.path)
        wanted = [str(file.parent)] + ([str(file)] if file.exists() else [])
        missing = [p for p in wanted if p not in self.watcher.files() + self.watcher.directories()]
        if missing:
            self.watcher.addPaths(missing)

    def web_session(self) -> WebSession:
        if self._web is None:
            from kiosk.ui.browser.view import WebSession

            self._web = WebSession(self)
        return self._web

    def reload(self) -> None:
        """Load the guide again and show it where the author was (the same steps, with the same
        answers, as far as the edited guide still leads there), or show its problems."""
        from kiosk.domain.run import GuideRunState
        from kiosk.ui.screens.guide import GuideScreen
        from kiosk.ui.steps import GuideServices

        self._watch()
        self._remember_position()
        stamp = datetime.now().strftime("%H:%M:%S")
        try:
            guide = load_guide(self.path)
        except GuideError as exc:
            self.problems = [str(problem) for problem in exc.problems] or [user_message(exc)]
            self._set_body(self._problems_widget())
            self.status.setText(f"{self.path}: {len(self.problems)} problem(s), checked {stamp}")
            return
        except OSError as exc:
            self.problems = [f"{self.path}: {exc.strerror or exc}"]
            self._set_body(self._problems_widget())
            self.status.setText(f"{self.path}: cannot be read, checked {stamp}")
            return
        self.problems = []
        past = self.position
        language = i18n.current_language()
        run = GuideRunState(guide, language, i18n.locale_name(language))
        services = GuideServices(
            session_dir=self.session_dir,
            web_session=self.web_session,
            speech_engine=self.speech_engine,
        )
        screen = GuideScreen(self.theme, run, services)
        if past is not None:
            if screen.on_intro:
                screen.go_next()
            run.follow(*past)
            screen.show_step()
        screen.closed.connect(self._schedule)
        self._set_body(screen)
        self.status.setText(f"{self.path}: {guide.id} version {guide.version}, loaded {stamp}")

    def _remember_position(self) -> None:
        """Where the author is in the guide shown now (nothing new while problems are shown)."""
        from kiosk.ui.screens.guide import GuideScreen

        old = self.body if isinstance(self.body, GuideScreen) else None
        if old is None:
            return
        if old.run.finished or old.on_intro:
            self.position = None
        else:
            self.position = (old.run.history, dict(old.run.answers))

    def _problems_widget(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        label = QLabel("\n".join(self.problems))
        label.setProperty("role", "error")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setContentsMargins(16, 16, 16, 16)
        scroll.setWidget(label)
        return scroll

    def _set_body(self, widget: QWidget) -> None:
        old, self.body = self.body, widget
        if old is not None:
            dispose = getattr(old, "dispose", None)
            if dispose is not None:
                dispose()
            self.root_layout.removeWidget(old)
            old.hide()
            shiboken6.delete(old)  # now, not later: nothing of it runs after a reload
        self.root_layout.addWidget(widget, 1)
        widget.show()


def main(path: Path) -> int:
    """Open the preview window for the guide at `path` until it is closed."""
    from kiosk.ui.shell.qt_app import ensure_qapplication

    app = ensure_qapplication(sys.argv[:1])
    theme = Theme.create()
    app.setStyleSheet(theme.stylesheet())
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
    window = PreviewWindow(path, theme)
    window.resize(1366, 768)
    window.show()
    return int(app.exec())
