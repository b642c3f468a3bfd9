"""The guarded web view of `web` steps: the real website beside the guide, and nothing else.

`GuardedBrowser` is the widget: a `QWebEngineView` (a `GuardedPage` in the session's
off-the-record `WebSession`, see `web_page`) without a URL bar, with

- a loading bar, and a "can't be reached" page with "Try again" when the site does not answer;
- a friendly banner when something is refused: a link to another website, to an e-mail address
  or a phone number, to a file or a setting of this computer, or to another program; a
  permission the site asked for; a download that is not possible;
- our own file picker (`file_picker`) when the website asks for a file, showing only the files
  of this resident session;
- our own PDF viewer (`pdf_viewer`) when a PDF is downloaded; other downloads stay in the session
  folder and the banner says so;
- printing (`window.print()`) through the kiosk's print flow: the page becomes a PDF in the
  session folder, which goes to the default printer without a dialog, or stays there for a
  volunteer when this computer has no printer;
- no context menu, no drag and drop, no developer tools;
- a website's `alert()`, `confirm()` and `prompt()` as in-window overlays over the website
  (`dialogs.PageDialog`), the first of a page and then one per click or key of the resident
  (`dialogs.DialogGate`); pickers Qt would open as separate windows (the colour picker: a
  `QColorDialog`) are refused as they appear; the page's own popups (`<select>`, a date
  picker, a datalist) stay inside the view, never over the kiosk's header (`popups.PopupKeeper`),
  and are closed when the view goes;
- printing only right after the resident clicked or typed in the website
  (`gestures.PRINT_GESTURE_S`), one job at a time, at most `WebSession.print_limit` per session;
- "This page stopped" (`_StoppedPage`) with "Try again", when the page's renderer crashed, was
  killed, or did not answer for `gestures.HANG_LIMIT_S` seconds (`gestures.HangWatch`; the hung
  renderer is then ended, so it stops using the processor).

This module imports QtWebEngine; import it only when the first web step opens (start-up must not
pay for it). `allow_insecure_hosts` ("127.0.0.1:8123") lets tests use a plain-http local server;
production code never passes it.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtWebEngineCore import QWebEngineLoadingInfo, QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import _
from kiosk.ui.browser.dialogs import DialogGate, PageDialog
from kiosk.ui.browser.file_picker import FilePicker
from kiosk.ui.browser.gestures import PRINT_GESTURE_S, Clock, HangWatch, InputGestures
from kiosk.ui.browser.guard import (
    SITE,
    PermissionPolicy,
    blocked_kind,
    blocked_message,
    site_name,
    unique_path,
)
from kiosk.ui.browser.page import GuardedPage, SitePolicy, WebSession
from kiosk.ui.browser.popups import PopupKeeper
from kiosk.ui.widgets.reading_area import ReadingArea

__all__ = ["GuardedBrowser", "GuardedPage", "SitePolicy", "WebSession"]

log = logging.getLogger(__name__)


class GuardedBrowser(QWidget):
    """The website of a web step: no URL bar, a loading bar, a banner for what is refused."""

    navigation_blocked = Signal(str)  # the refused site, host[:port] ("" for other schemes)
    load_failed = Signal()
    loaded = Signal(str)  # the url shown
    notice_shown = Signal(str)  # any banner text
    pdf_opened = Signal(Path)
    downloaded = Signal(Path)
    printed = Signal(str)  # what the resident is told
    print_refused = Signal(str)  # why: "gesture", "busy", "once" or "limit"
    stopped = Signal(str)  # the page stopped: "crashed", "killed" or "hung"

    def __init__(
        self,
        session: WebSession,
        policy: SitePolicy,
        parent: QWidget | None = None,
        permissions: PermissionPolicy | None = None,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.policy = policy
        self._start_url = QUrl()
        self._notice: tuple[str, str] | None = None  # (kind, host) of a refused link
        self._printing = False
        self._printed_at_gesture = -1  # the gesture count when the last job started
        self._disposed = False
        self.gestures = InputGestures(self, clock)
        self.dialog_gate = DialogGate()
        self.page_dialog: PageDialog | None = None  # made for the first page dialog
        self.refused_pickers = 0
        self._killing = False  # a hung renderer was told to end, and has not yet
        self._retry_when_gone = False
        self.setAcceptDrops(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)

        self.banner = QLabel(self)
        self.banner.setProperty("role", "warning")
        self.banner.setWordWrap(True)
        self.banner_close = QPushButton(self)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.banner_close, 0, Qt.AlignmentFlag.AlignVCenter)
        self.banner_close.clicked.connect(self.hide_banner)
        layout.addLayout(banner_row)

        self.loading = QLabel(self)
        self.loading.setProperty("role", "muted")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        loading_row = QHBoxLayout()
        loading_row.addWidget(self.loading)
        loading_row.addWidget(self.progress, 1)
        layout.addLayout(loading_row)

        self.pages = QStackedWidget(self)
        self.view = QWebEngineView(self.pages)
        self.page = session.new_page(policy, self.view, permissions)
        self.view.setPage(self.page)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.view.setAcceptDrops(False)
        self.view.installEventFilter(self)
        self.popups = PopupKeeper(self.view, self)
        self.pages.addWidget(self.view)
        self.offline = _OfflinePage(self.pages)
        self.offline.retry.clicked.connect(self.retry)
        self.pages.addWidget(self.offline)
        self.stopped_page = _StoppedPage(self.pages)
        self.stopped_page.retry.clicked.connect(self.retry)
        self.pages.addWidget(self.stopped_page)
        self.pdf_viewer: QWidget | None = None  # made when the first PDF arrives
        layout.addWidget(self.pages, 1)
        self.picker = FilePicker(self)

        page = self.page
        page.navigation_blocked.connect(self._on_blocked)
        page.loadStarted.connect(self._on_load_started)
        page.loadProgress.connect(self.progress.setValue)
        page.loadingChanged.connect(self._on_loading_changed)
        page.urlChanged.connect(self._on_url_changed)
        page.permission_denied.connect(self._on_permission_denied)
        page.print_wanted.connect(self.print_page)
        page.pdfPrintingFinished.connect(self._on_pdf_printed)
        page.file_chooser = self._choose_files
        page.resident_acted = lambda: self.gestures.within(PRINT_GESTURE_S)
        page.cancel_chooser = self.picker.cancel
        page.dialogs_handler = self._page_dialog
        page.cancel_dialog = self._cancel_dialog
        page.renderProcessTerminated.connect(self._on_renderer_gone)
        self.hang_watch = HangWatch(page, self, clock=clock, waiting=lambda: page.busy)
        self.hang_watch.hung.connect(self._on_hung)
        self._watch_view_widgets()
        session.downloads.finished.connect(self._on_downloaded)
        session.downloads.failed.connect(self._on_download_failed)
        self.hide_banner()
        self._set_loading(False)
        self.retranslate_ui()

    # -- public --------------------------------------------------------------------------------

    def load(self, url: str) -> None:
        target = QUrl(url)
        if not self.policy.allows(target):
            # Refused before Chromium sees it: some addresses (view-source:, about:...) would
            # otherwise reach acceptNavigationRequest changed, or not at all.
            self._on_blocked(target)
            return
        self._start_url = target
        self.pages.setCurrentWidget(self.view)
        self.page.load(self._start_url)
        self.hang_watch.start()

    def retry(self) -> None:
        if self._killing:  # the hung renderer is still going: load once it is gone
            self._retry_when_gone = True
            return
        target = self.page.requestedUrl()
        if target.isEmpty() or not self.policy.allows(target):
            target = self._start_url
        self.pages.setCurrentWidget(self.view)
        self.page.load(target)
        self.hang_watch.start()

    @property
    def url(self) -> str:
        return self.page.url().toString()

    @property
    def showing_offline_page(self) -> bool:
        return self.pages.currentWidget() is self.offline

    @property
    def showing_stopped_page(self) -> bool:
        return self.pages.currentWidget() is self.stopped_page

    @property
    def showing_pdf(self) -> bool:
        return self.pdf_viewer is not None and self.pages.currentWidget() is self.pdf_viewer

    def hide_banner(self) -> None:
        self.banner.hide()
        self.banner_close.hide()

    def show_website(self) -> None:
        self.pages.setCurrentWidget(self.view)

    def open_pdf(self, path: Path) -> bool:
        """Show `path` in our PDF viewer (never in another program)."""
        from kiosk.ui.browser.pdf_viewer import PdfViewer

        if self.pdf_viewer is None:
            folder = self.session.session_dir or path.parent
            viewer = PdfViewer(folder, self.pages)
            viewer.back_requested.connect(self._on_pdf_closed)
            viewer.printed.connect(self._on_printed_message)
            self.pages.addWidget(viewer)
            self.pdf_viewer = viewer
        shown = self.pdf_viewer
        assert isinstance(shown, PdfViewer)
        if not shown.open(path):
            self._show_notice(_("This file cannot be shown here. Ask a volunteer for help."))
            return False
        self.pages.setCurrentWidget(shown)
        self.pdf_opened.emit(path)
        return True

    def print_page(self) -> None:
        """Our print flow for the website (`window.print()`): the page as a PDF, then print;
        only right after a click or key of the resident in the website, one job per such
        gesture (a page timer printing again after one click gets nothing), one at a time, and
        at most `WebSession.print_limit` jobs per resident session."""
        folder = self.session.session_dir
        if folder is None:
            self._show_notice(_("Printing is not possible here. Ask a volunteer for help."))
            return
        if not self.gestures.within(PRINT_GESTURE_S):
            log.info("print refused: no click or key in the website just before")
            self.print_refused.emit("gesture")
            return
        if self._printing:
            self.print_refused.emit("busy")
            return
        if self.gestures.count == self._printed_at_gesture:
            log.info("print refused: one job per click or key of the resident")
            self.print_refused.emit("once")
            return
        if self.session.prints >= self.session.print_limit:
            self.print_refused.emit("limit")
            self._show_notice(
                _(
                    "You have printed as many pages as one visit allows. Ask a volunteer if "
                    "you need more."
                )
            )
            return
        self.session.prints += 1
        self._printed_at_gesture = self.gestures.count
        self._printing = True
        folder.mkdir(parents=True, exist_ok=True)
        self.page.printToPdf(str(unique_path(folder, "page.pdf")))

    def dispose(self) -> None:
        """Delete the view and its page now (pages must go before their profile)."""
        page, view = self.page, self.view
        self._disposed = True
        self.hang_watch.stop()
        self.picker.cancel()
        self._cancel_dialog()
        if shiboken6.isValid(page):
            page.file_chooser = None
            page.dialogs_handler = None
            self.session.release(page)  # now, or right after an open picker or dialog
        if shiboken6.isValid(view):
            self._close_popups(view)
            shiboken6.delete(view)

    @staticmethod
    def _close_popups(view: QWidget) -> None:
        """The page's own popups (`<select>`, a date picker) are windows made by QtWebEngine:
        close them, so none outlives its view."""
        for child in view.findChildren(QWidget):
            if child.isWindow() and shiboken6.isValid(child):
                child.hide()
                child.close()

    def retranslate_ui(self) -> None:
        self.loading.setText(_("Loading the website…"))
        self.banner_close.setText(_("OK"))
        self.offline.retranslate_ui()
        self.stopped_page.retranslate_ui()
        if self.page_dialog is not None:
            self.page_dialog.retranslate_ui()
        self.picker.retranslate_ui()
        retranslate = getattr(self.pdf_viewer, "retranslate_ui", None)
        if retranslate is not None:
            retranslate()
        if self._notice is not None:
            self.banner.setText(blocked_message(*self._notice))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ChildAdded and watched is self.view:
            self._watch_view_widgets()
        elif kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and watched.inherits(
            "QtWebEngineWidgetUI::AutofillPopupWidget"
        ):
            return not self._autofill_key_target()
        elif (
            kind == QEvent.Type.Polish
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.inherits("QDialog")
        ):
            # Before it is shown: no window on the screen for it, ever, and nothing modal.
            watched.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            watched.setWindowModality(Qt.WindowModality.NonModal)
        elif (
            kind == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.inherits("QDialog")  # the colour picker: a window, refused
        ):
            self.refused_pickers += 1
            log.info("refused a picker window: %s", watched.metaObject().className())
            QTimer.singleShot(0, lambda w=watched: _reject_dialog(w))
            watched.hide()
        return False

    def _autofill_key_target(self) -> bool:
        """The `<datalist>` suggestion popup (QtWebEngine's AutofillPopupWidget) passes each
        typed key on to `view.focusWidget()` without checking it: when the view has no focus
        child (the kiosk window is not the active one, the focus was cleared), Qt sends the key
        to a null object and the kiosk dies (#25, round two). Give the page's widget the focus
        first; if there still is none, the key is dropped."""
        if self.view.focusWidget() is None:
            proxy = self.view.focusProxy()
            if proxy is not None:
                proxy.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.view.focusWidget() is None:
            log.info("dropped a key for the suggestion popup: nothing in the page has the focus")
            return False
        return True

    def _watch_view_widgets(self) -> None:
        """Every widget QtWebEngine puts in the view: no drops, its input counted as the
        resident's gestures, and a window (a picker) watched as it shows."""
        for child in self.view.findChildren(QWidget):
            child.setAcceptDrops(False)
            if child.property("kioskWatched"):
                continue
            child.setProperty("kioskWatched", True)
            child.installEventFilter(self.gestures)
            child.installEventFilter(self.popups)
            child.installEventFilter(self)

    # -- slots ---------------------------------------------------------------------------------

    def _show_notice(self, text: str) -> None:
        self._notice = None
        self.banner.setText(text)
        self.banner.show()
        self.banner_close.show()
        self.notice_shown.emit(text)

    def _on_blocked(self, url: QUrl) -> None:
        kind = blocked_kind(url)
        host = site_name(url) if kind == SITE else ""
        self._show_notice(blocked_message(kind, host))
        self._notice = (kind, host)
        self.navigation_blocked.emit(host)

    # -- page dialogs ------------------------------------------------------------------------

    def _page_dialog(self, kind: str, origin: QUrl, text: str, default: str) -> tuple[bool, str]:
        site = f"{origin.scheme()}://{origin.host()}:{origin.port()}"
        if self._disposed or not self.dialog_gate.allow(self.gestures.count, site):
            log.info("page %s suppressed (no click or key since the last one)", kind)
            return False, ""
        if self.page_dialog is None:
            self.page_dialog = PageDialog(self)
        dialog = self.page_dialog
        if dialog.waiting:  # another frame's question while one is open: refused
            return False, ""
        answer = dialog.ask(kind, site_name(origin) or origin.toString(), text, default)
        if shiboken6.isValid(self):
            self.dialog_gate.answered(self.gestures.count)
        return answer.accepted, answer.text

    def _cancel_dialog(self) -> None:
        dialog = self.page_dialog
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.cancel()

    # -- a page that stopped -------------------------------------------------------------------

    def _on_renderer_gone(
        self, status: QWebEnginePage.RenderProcessTerminationStatus, code: int
    ) -> None:
        if self._disposed:
            return
        if self._killing:
            self._killing = False
            if self._retry_when_gone:
                self._retry_when_gone = False
                QTimer.singleShot(0, self.retry)
            return
        kind = QWebEnginePage.RenderProcessTerminationStatus
        reason = "killed" if status == kind.KilledTerminationStatus else "crashed"
        log.warning("the page's renderer is gone (%s, %s)", status.name, code)
        self._show_stopped(reason)

    def _on_hung(self) -> None:
        if self._disposed:
            return
        log.warning("the page did not answer; ending its renderer")
        self._show_stopped("hung")
        pid = self.page.renderProcessPid()
        if pid > 0:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                log.warning("the hung renderer %d could not be ended", pid)
            else:
                self._killing = True

    def _show_stopped(self, reason: str) -> None:
        self.hang_watch.stop()
        self._cancel_dialog()
        self._set_loading(False)
        if self.pages.currentWidget() is not self.stopped_page:
            self.pages.setCurrentWidget(self.stopped_page)
            self.stopped.emit(reason)

    def _on_permission_denied(self, name: str) -> None:
        if "Clipboard" in name:  # the clipboard is guarded on its own; no banner about devices
            log.info("refused the page's clipboard permission (%s)", name)
            return
        self._show_notice(
            _(
                "This website asked to use the camera, the microphone, your location, the "
                "screen or notifications. That is not available on this computer."
            )
        )

    def _choose_files(self, multiple: bool, accepted: list[str]) -> list[str]:
        folder = self.session.session_dir
        if folder is None:
            self._show_notice(_("Uploading files is not possible here. Ask a volunteer."))
            return []
        return self.picker.choose(folder, accepted, multiple)

    def _is_mine(self, page: object) -> bool:
        return isinstance(page, QWebEnginePage) and page is self.page

    def _on_downloaded(self, page: object, path: Path, pdf: bool) -> None:
        if not self._is_mine(page):
            return
        self.downloaded.emit(path)
        if pdf:
            self.open_pdf(path)
            return
        self._show_notice(
            _(
                "The file {name} is kept for your visit. A website can use it when you choose "
                "a file. It is wiped when you are done."
            ).format(name=path.name)
        )

    def _on_download_failed(self, page: object) -> None:
        if page is None or self._is_mine(page):
            self._show_notice(_("This file cannot be downloaded here. Ask a volunteer for help."))

    def _on_pdf_closed(self) -> None:
        self.show_website()

    def _on_pdf_printed(self, file_path: str, success: bool) -> None:
        from kiosk.ui.printing.proof import print_message

        self._printing = False
        folder = self.session.session_dir
        if not success or folder is None:
            self._on_printed_message(_("This page cannot be printed. Ask a volunteer for help."))
            return
        self._on_printed_message(print_message(self.session.printer(Path(file_path), folder)))

    def _on_printed_message(self, text: str) -> None:
        self._show_notice(text)
        self.printed.emit(text)

    def _on_url_changed(self, url: QUrl) -> None:
        # A last guard: should the page ever show a refused address (a source view, a
        # browser page), it goes back to where the guide started.
        if url.isEmpty() or self.policy.allows(url):
            return
        if blocked_kind(url) == SITE and url.scheme().lower() in ("http", "https"):
            return  # a refused navigation in progress; acceptNavigationRequest has it
        log.warning("the page showed a refused address; back to the start")
        self.page.triggerAction(QWebEnginePage.WebAction.Stop)
        self._on_blocked(url)
        if not self._start_url.isEmpty():
            self.page.load(self._start_url)

    def _on_load_started(self) -> None:
        self.progress.setValue(0)
        self._set_loading(True)

    def _on_loading_changed(self, info: QWebEngineLoadingInfo) -> None:
        status = info.status()
        if status == QWebEngineLoadingInfo.LoadStatus.LoadStartedStatus:
            return
        self._set_loading(False)
        if status == QWebEngineLoadingInfo.LoadStatus.LoadFailedStatus:
            if self.showing_stopped_page:
                return  # a renderer that died fails its load too: "stopped" says it better
            self.pages.setCurrentWidget(self.offline)
            self.load_failed.emit()
        elif status == QWebEngineLoadingInfo.LoadStatus.LoadSucceededStatus:
            self.pages.setCurrentWidget(self.view)
            self.loaded.emit(info.url().toString())

    def _set_loading(self, loading: bool) -> None:
        self.loading.setVisible(loading)
        self.progress.setVisible(loading)


def _reject_dialog(widget: QWidget) -> None:
    if shiboken6.isValid(widget):
        reject = getattr(widget, "reject", None)
        if reject is not None:
            reject()
        widget.close()


class _OfflinePage(QWidget):
    """What the resident sees when the website does not answer."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        # A long message at 200 % text in the narrow website column scrolls, never cut off.
        self.area = ReadingArea(self)
        content = QWidget()
        content.setObjectName("Screen")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(20)
        self.title = QLabel(content)
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        self.text = QLabel(content)
        self.text.setWordWrap(True)
        self.retry = QPushButton(content)
        self.retry.setProperty("role", "primary")
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(2)
        self.area.setWidget(content)
        outer.addWidget(self.area)

    def retranslate_ui(self) -> None:
        self.title.setText(_("The website cannot be reached right now"))
        self.text.setText(
            _(
                "The internet may be down, or the website is busy. This is not your fault. "
                "Try again in a moment, or ask a volunteer for help."
            )
        )
        self.retry.setText(_("Try again"))
        self.area.setAccessibleName(self.title.text())


class _StoppedPage(_OfflinePage):
    """What the resident sees when the page's renderer crashed or hung."""

    def retranslate_ui(self) -> None:
        self.title.setText(_("This page stopped"))
        self.text.setText(_("This is not your fault. Try again, or ask a volunteer for help."))
        self.retry.setText(_("Try again"))
        self.area.setAccessibleName(self.title.text())
