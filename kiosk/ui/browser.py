"""The guarded web view of `web` steps: the real website beside the guide, and nothing else.

- `SitePolicy` says which addresses a guide may show: https only, and only the exact host names
  in the guide's `allowed_sites`. Subdomains are NOT implied: `www.fluvius.be` does not allow
  `mijn.fluvius.be`; a guide lists every host it needs. This only guards where the resident can
  *go* (main-frame navigations); pictures, scripts and embedded frames a page loads are its own
  business, as long as frames are https.
- `WebSession` owns the off-the-record `QWebEngineProfile` of one resident session (no storage
  name: cookies, cache and history live in memory only). `wipe()` at every reset deletes every
  page first and then the profile, so the next resident starts with nothing.
- `GuardedBrowser` is the widget: a `QWebEngineView` without a URL bar, a loading bar, a friendly
  banner when a link leads outside the allowed sites (the page stays where it was), popups
  (`window.open`, `target=_blank`) opened in the same view, downloads refused, and a clear
  "can't be reached" page with "Try again" when the site does not answer.

This module imports QtWebEngine; import it only when the first web step opens (start-up must not
pay for it). `allow_insecure_hosts` ("127.0.0.1:8123") lets tests use a plain-http local server;
production code never passes it.
"""

from __future__ import annotations

from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineDownloadRequest,
    QWebEngineLoadingInfo,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
)
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


class SitePolicy:
    """Which addresses a web step may open in the main frame."""

    def __init__(self, allowed_sites: Iterable[str], allow_insecure_hosts: Iterable[str] = ()):
        self.allowed = frozenset(host.lower().rstrip(".") for host in allowed_sites)
        self.insecure = frozenset(entry.lower() for entry in allow_insecure_hosts)

    def allows(self, url: QUrl) -> bool:
        scheme = url.scheme().lower()
        host = url.host().lower().rstrip(".")
        if scheme == "https":
            return host in self.allowed and not url.userName()
        if scheme == "http" and self.insecure:
            return f"{host}:{url.port(80)}" in self.insecure
        return scheme == "about" and url.path() == "blank"

    def allows_frame(self, url: QUrl) -> bool:
        """Embedded frames (a map, a consent box) may come from elsewhere, but only over https."""
        return self.allows(url) or url.scheme().lower() in ("https", "about", "data", "blob")

    @property
    def first_site(self) -> str:
        return sorted(self.allowed)[0] if self.allowed else ""


class GuardedPage(QWebEnginePage):
    """A page that refuses navigations the policy does not allow and keeps popups in itself."""

    navigation_blocked = Signal(QUrl)

    def __init__(self, profile: QWebEngineProfile, policy: SitePolicy, parent: QObject) -> None:
        super().__init__(profile, parent)
        self.policy = policy
        settings = self.settings()
        attribute = QWebEngineSettings.WebAttribute
        settings.setAttribute(attribute.ErrorPageEnabled, False)
        settings.setAttribute(attribute.JavascriptCanOpenWindows, True)
        settings.setAttribute(attribute.FullScreenSupportEnabled, False)
        settings.setAttribute(attribute.PluginsEnabled, False)
        settings.setAttribute(attribute.LocalContentCanAccessRemoteUrls, False)
        settings.setAttribute(attribute.LocalContentCanAccessFileUrls, False)

    def acceptNavigationRequest(
        self, url: QUrl | str, navigation_type: QWebEnginePage.NavigationType, main_frame: bool
    ) -> bool:
        url = QUrl(url)
        if not main_frame:
            return self.policy.allows_frame(url)
        if self.policy.allows(url):
            return True
        self.navigation_blocked.emit(url)
        return False

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        # window.open() and target=_blank load here, in the same view; the navigation is
        # checked by acceptNavigationRequest like any other.
        return self


class WebSession(QObject):
    """The off-the-record browser profile of one resident session; `wipe()` at every reset."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._profile: QWebEngineProfile | None = None
        self._pages: list[GuardedPage] = []

    @property
    def profile(self) -> QWebEngineProfile:
        if self._profile is None:
            profile = QWebEngineProfile(self)  # no storage name: off the record
            profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
            profile.setPersistentCookiesPolicy(
                QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
            )
            profile.setSpellCheckEnabled(False)
            profile.downloadRequested.connect(_refuse_download)
            self._profile = profile
        return self._profile

    @property
    def active(self) -> bool:
        return self._profile is not None

    def new_page(self, policy: SitePolicy, parent: QObject) -> GuardedPage:
        page = GuardedPage(self.profile, policy, parent)
        self._pages.append(page)
        page.destroyed.connect(lambda _obj=None, p=page: self._forget(p))
        return page

    def _forget(self, page: GuardedPage) -> None:
        self._pages = [p for p in self._pages if p is not page]

    def wipe(self) -> None:
        """Delete every page, then the profile (cookies, cache, history: all in memory)."""
        for page in list(self._pages):
            if shiboken6.isValid(page):
                shiboken6.delete(page)
        self._pages.clear()
        if self._profile is not None:
            profile, self._profile = self._profile, None
            shiboken6.delete(profile)


def _refuse_download(download: QWebEngineDownloadRequest) -> None:
    download.cancel()


class GuardedBrowser(QWidget):
    """The website of a web step: no URL bar, a loading bar, a banner for blocked links."""

    navigation_blocked = Signal(str)  # the host that was refused
    load_failed = Signal()
    loaded = Signal(str)  # the url shown

    def __init__(
        self,
        session: WebSession,
        policy: SitePolicy,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.policy = policy
        self._start_url = QUrl()
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
        self.page = session.new_page(policy, self.view)
        self.view.setPage(self.page)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.pages.addWidget(self.view)
        self.offline = _OfflinePage(self.pages)
        self.offline.retry.clicked.connect(self.retry)
        self.pages.addWidget(self.offline)
        layout.addWidget(self.pages, 1)

        self.page.navigation_blocked.connect(self._on_blocked)
        self.page.loadStarted.connect(self._on_load_started)
        self.page.loadProgress.connect(self.progress.setValue)
        self.page.loadingChanged.connect(self._on_loading_changed)
        self._blocked_host = ""
        self.hide_banner()
        self._set_loading(False)
        self.retranslate_ui()

    # -- public --------------------------------------------------------------------------------

    def load(self, url: str) -> None:
        self._start_url = QUrl(url)
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

    def hide_banner(self) -> None:
        self.banner.hide()
        self.banner_close.hide()

    def dispose(self) -> None:
        """Delete the view and its page now (pages must go before their profile)."""
        page, view = self.page, self.view
        if shiboken6.isValid(view):
            shiboken6.delete(view)  # its child page goes with it
        if shiboken6.isValid(page):
            shiboken6.delete(page)

    def retranslate_ui(self) -> None:
        self.loading.setText(_("Loading the website…"))
        self.banner_close.setText(_("OK"))
        self.offline.retranslate_ui()
        if self._blocked_host:
            self.banner.setText(self._blocked_text(self._blocked_host))

    # -- slots ---------------------------------------------------------------------------------

    def _blocked_text(self, host: str) -> str:
        if not host:
            return _(
                "This link does not open here. In this task you can only use the website of "
                "the guide. Ask a volunteer if you need it."
            )
        return _(
            "This link goes to another website ({site}). In this task you can only use the "
            "website of the guide, so we stay here. Ask a volunteer if you need the other one."
        ).format(site=host)

    def _on_blocked(self, url: QUrl) -> None:
        self._blocked_host = url.host()
        self.banner.setText(self._blocked_text(self._blocked_host))
        self.banner.show()
        self.banner_close.show()
        self.navigation_blocked.emit(self._blocked_host)

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(20)
        self.title = QLabel(self)
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.retry = QPushButton(self)
        self.retry.setProperty("role", "primary")
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(2)

    def retranslate_ui(self) -> None:
        self.title.setText(_("The website cannot be reached right now"))
        self.text.setText(
            _(
                "The internet may be down, or the website is busy. This is not your fault. "
                "Try again in a moment, or ask a volunteer for help."
            )
        )
        self.retry.setText(_("Try again"))
