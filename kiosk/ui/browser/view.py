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
- no context menu, no drag and drop, no developer tools.

This module imports QtWebEngine; import it only when the first web step opens (start-up must not
pay for it). `allow_insecure_hosts` ("127.0.0.1:8123") lets tests use a plain-http local server;
production code never passes it.
"""

from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
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
from kiosk.ui.browser.file_picker import FilePicker
from kiosk.ui.browser.guard import (
    SITE,
    PermissionPolicy,
    blocked_kind,
    blocked_message,
    unique_path,
)
from kiosk.ui.browser.page import GuardedPage, SitePolicy, WebSession
from kiosk.ui.widgets.reading_area import ReadingArea

__all__ = ["GuardedBrowser", "GuardedPage", "SitePolicy", "WebSession"]

log = logging.getLogger(__name__)


class GuardedBrowser(QWidget):
    """The website of a web step: no URL bar, a loading bar, a banner for what is refused."""

    navigation_blocked = Signal(str)  # the host that was refused ("" for other schemes)
    load_failed = Signal()
    loaded = Signal(str)  # the url shown
    notice_shown = Signal(str)  # any banner text
    pdf_opened = Signal(Path)
    downloaded = Signal(Path)
    printed = Signal(str)  # what the resident is told

    def __init__(
        self,
        session: WebSession,
        policy: SitePolicy,
        parent: QWidget | None = None,
        permissions: PermissionPolicy | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.policy = policy
        self._start_url = QUrl()
        self._notice: tuple[str, str] | None = None  # (kind, host) of a refused link
        self._printing = False
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
        self.pages.addWidget(self.view)
        self.offline = _OfflinePage(self.pages)
        self.offline.retry.clicked.connect(self.retry)
        self.pages.addWidget(self.offline)
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
        page.cancel_chooser = self.picker.cancel
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

    def retry(self) -> None:
        target = self.page.requestedUrl()
        if target.isEmpty() or not self.policy.allows(target):
            target = self._start_url
        self.pages.setCurrentWidget(self.view)
        self.page.load(target)

    @property
    def url(self) -> str:
        return self.page.url().toString()

    @property
    def showing_offline_page(self) -> bool:
        return self.pages.currentWidget() is self.offline

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
        """Our print flow for the website (`window.print()`): the page as a PDF, then print."""
        folder = self.session.session_dir
        if folder is None:
            self._show_notice(_("Printing is not possible here. Ask a volunteer for help."))
            return
        if self._printing:
            return
        self._printing = True
        folder.mkdir(parents=True, exist_ok=True)
        self.page.printToPdf(str(unique_path(folder, "page.pdf")))

    def dispose(self) -> None:
        """Delete the view and its page now (pages must go before their profile)."""
        page, view = self.page, self.view
        self.picker.cancel()
        if shiboken6.isValid(page):
            page.file_chooser = None
            self.session.release(page)  # now, or right after an open file picker
        if shiboken6.isValid(view):
            shiboken6.delete(view)

    def retranslate_ui(self) -> None:
        self.loading.setText(_("Loading the website…"))
        self.banner_close.setText(_("OK"))
        self.offline.retranslate_ui()
        self.picker.retranslate_ui()
        retranslate = getattr(self.pdf_viewer, "retranslate_ui", None)
        if retranslate is not None:
            retranslate()
        if self._notice is not None:
            self.banner.setText(blocked_message(*self._notice))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The view's inner widget (made by QtWebEngine) must not take drops either.
        if event.type() == QEvent.Type.ChildAdded and watched is self.view:
            for child in self.view.findChildren(QWidget):
                child.setAcceptDrops(False)
        return False

    # -- slots ---------------------------------------------------------------------------------

    def _show_notice(self, text: str) -> None:
        self._notice = None
        self.banner.setText(text)
        self.banner.show()
        self.banner_close.show()
        self.notice_shown.emit(text)

    def _on_blocked(self, url: QUrl) -> None:
        kind = blocked_kind(url)
        host = url.host() if kind == SITE else ""
        self._show_notice(blocked_message(kind, host))
        self._notice = (kind, host)
        self.navigation_blocked.emit(host)

    def _on_permission_denied(self, _name: str) -> None:
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
        from kiosk.ui.browser.pdf_viewer import print_pdf
        from kiosk.ui.printing.proof import print_message

        self._printing = False
        folder = self.session.session_dir
        if not success or folder is None:
            self._on_printed_message(_("This page cannot be printed. Ask a volunteer for help."))
            return
        self._on_printed_message(print_message(print_pdf(Path(file_path), folder)))

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
            self.pages.setCurrentWidget(self.offline)
            self.load_failed.emit()
        elif status == QWebEngineLoadingInfo.LoadStatus.LoadSucceededStatus:
            self.pages.setCurrentWidget(self.view)
            self.loaded.emit(info.url().toString())

    def _set_loading(self, loading: bool) -> None:
        self.loading.setVisible(loading)
        self.progress.setVisible(loading)


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
