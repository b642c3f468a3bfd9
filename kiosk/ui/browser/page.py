"""The guarded page and the resident session's browser profile (the widget is `browser`).

- `SitePolicy` says which addresses a guide may show: https only, and only the exact sites in
  the guide's `allowed_sites`: scheme, host AND port. `www.fluvius.be` allows
  `https://www.fluvius.be/` (port 443) only, not `https://www.fluvius.be:8443/`; an entry
  `www.fluvius.be:8443` allows that port (and only it). Subdomains are NOT implied:
  `www.fluvius.be` does not allow `mijn.fluvius.be`; a guide lists every site it needs. This only
  guards where the resident can *go* (main-frame navigations); pictures, scripts and embedded
  frames a page loads are its own business, as long as frames are https: **frames do not follow
  the allow-list** (a map or a consent box from another https site, on any port, may show inside
  an allowed page; a plain-http frame may not).
- `GuardedPage` refuses every other main-frame address (other sites, `file:`, `view-source:`,
  `data:`, `chrome:`, `qrc:`, `about:` but `about:blank`, `mailto:`, `tel:`, app links: Qt would
  hand those to the desktop's program for them), keeps popups (`window.open`, `target=_blank`)
  in itself, denies permissions (`web_guard.PermissionPolicy`), refuses full screen, folder
  uploads, file-system access and protocol handlers, and sends `window.print()` and "choose a
  file" to the kiosk's own flows. It never gets a developer-tools page. `alert()`, `confirm()`
  and `prompt()` go to the browser's in-window overlay (`dialogs_handler`, see
  `kiosk.ui.browser.dialogs`), or are refused without one; the "leave this page?" question of a
  `beforeunload` handler is never asked: the page is always left.
- A page waiting for an answer (the file picker, a page dialog: both run a local event loop) is
  `busy`; a reset at that moment closes the picker or the dialog, and the page is deleted right
  after its question returned (deleting it inside the question crashed the process).
- `WebSession` owns the off-the-record `QWebEngineProfile` of one resident session (no storage
  name: cookies, cache, storage and history live in memory only) and its downloads folder.
  `wipe()` at every reset stops downloads, deletes every page first and then the profile, and
  deletes the downloads, so the next resident starts with nothing. A page whose file picker or
  dialog is open at that moment is deleted right after it closes, and its old profile right
  after it. It also keeps the session's print count (`prints`, at most `print_limit` jobs per
  resident session) and the printer seam (`printer`, `print_pdf` unless a test counts jobs), and
  refuses every clipboard write of a page (`kiosk.ui.browser.clipboard.ClipboardGuard`).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineDesktopMediaRequest,
    QWebEngineFileSystemAccessRequest,
    QWebEngineFullScreenRequest,
    QWebEngineNewWindowRequest,
    QWebEnginePage,
    QWebEnginePermission,
    QWebEngineProfile,
    QWebEngineRegisterProtocolHandlerRequest,
    QWebEngineScript,
    QWebEngineWebAuthUxRequest,
)

from kiosk.ui.browser.clipboard import ClipboardGuard
from kiosk.ui.browser.guard import DownloadKeeper, PermissionPolicy, harden

if TYPE_CHECKING:
    from kiosk.ui.printing.proof import PrintOutcome

log = logging.getLogger(__name__)

FileChooser = Callable[[bool, list[str]], list[str]]
#: (kind, the asking origin, the page's text, the prompt's default) -> (OK, the typed text)
DialogHandler = Callable[[str, QUrl, str, str], tuple[bool, str]]
#: (the PDF, the session folder) -> what became of the job
Printer = Callable[[Path, Path], "PrintOutcome"]


#: What `confirm()` is asked with for a `beforeunload` handler (Qt's text, maybe translated).
UNLOAD_QUESTION = (
    "Are you sure you want to leave this page? Changes that you made may not be saved."
)
HTTPS_PORT = 443


def site_key(site: str) -> str:
    """An `allowed_sites` entry as `SitePolicy` compares it: lowercase host without a final
    dot, then ":port" unless the port is https's own (443)."""
    site = site.strip().lower()
    host, sep, port = site.rpartition(":")
    if not sep or not port.isdigit():
        host, port = site, ""
    host = host.rstrip(".")
    return host if port in ("", str(HTTPS_PORT)) else f"{host}:{int(port)}"


def url_site(url: QUrl) -> str:
    """The `site_key` of an https address (host and port)."""
    return site_key(f"{url.host()}:{url.port(HTTPS_PORT)}")


class SitePolicy:
    """Which addresses a web step may open in the main frame: scheme, host and port."""

    def __init__(self, allowed_sites: Iterable[str], allow_insecure_hosts: Iterable[str] = ()):
        self.allowed = frozenset(site_key(site) for site in allowed_sites)
        self.insecure = frozenset(entry.lower() for entry in allow_insecure_hosts)

    def allows(self, url: QUrl) -> bool:
        scheme = url.scheme().lower()
        host = url.host().lower().rstrip(".")
        if scheme == "https":
            return url_site(url) in self.allowed and not url.userName()
        if scheme == "http" and self.insecure:
            return f"{host}:{url.port(80)}" in self.insecure
        # about:blank (a new popup's first page), but not Chromium's "about:blank#blocked",
        # which is where a refused about:/chrome: address would land.
        return scheme == "about" and url.path() == "blank" and not url.hasFragment()

    def allows_frame(self, url: QUrl) -> bool:
        """Embedded frames (a map, a consent box) may come from elsewhere, but only over https."""
        return self.allows(url) or url.scheme().lower() in ("https", "about", "data", "blob")

    @property
    def first_site(self) -> str:
        return sorted(self.allowed)[0] if self.allowed else ""


class GuardedPage(QWebEnginePage):
    """A page that refuses what the policy does not allow and keeps everything in itself."""

    navigation_blocked = Signal(QUrl)
    print_wanted = Signal()
    permission_denied = Signal(str)  # the permission type's name

    def __init__(
        self,
        profile: QWebEngineProfile,
        policy: SitePolicy,
        parent: QObject | None,
        permissions: PermissionPolicy | None = None,
    ) -> None:
        super().__init__(profile, parent)
        self.policy = policy
        self.permissions = permissions or PermissionPolicy(origin_allowed=policy.allows)
        #: Set by the browser: shows our picker and returns the chosen paths.
        self.file_chooser: FileChooser | None = None
        #: Set by the browser: closes the picker at once (a reset).
        self.cancel_chooser: Callable[[], None] | None = None
        #: Set by the browser: shows a page dialog in the window and returns the answer.
        self.dialogs_handler: DialogHandler | None = None
        #: Set by the browser: closes an open page dialog at once (a reset).
        self.cancel_dialog: Callable[[], None] | None = None
        #: Set by the browser: whether the resident clicked or typed in the website just now.
        #: History navigation (`history.back()`, `history.go()`) needs that: a page's own
        #: back button works, a page's timer sending the resident elsewhere does not.
        self.resident_acted: Callable[[], bool] = lambda: False
        self.choosing = False
        self.file_system_pickers_refused = 0
        self.in_dialog = 0
        self.retired = False
        harden(self.settings())
        self.scripts().insert(_no_file_system_pickers())
        self.permissionRequested.connect(self._on_permission)
        self.fullScreenRequested.connect(_reject_full_screen)
        self.fileSystemAccessRequested.connect(_reject_file_system_access)
        self.registerProtocolHandlerRequested.connect(_reject_protocol_handler)
        self.desktopMediaRequested.connect(_cancel_desktop_media)
        self.webAuthUxRequested.connect(_cancel_web_auth)
        self.printRequested.connect(self.print_wanted)
        self.newWindowRequested.connect(self._on_new_window)
        self.printRequestedByFrame.connect(lambda _frame: self.print_wanted.emit())

    def acceptNavigationRequest(
        self, url: QUrl | str, navigation_type: QWebEnginePage.NavigationType, main_frame: bool
    ) -> bool:
        url = QUrl(url)
        if not main_frame:
            return self.policy.allows_frame(url)
        if (
            navigation_type == QWebEnginePage.NavigationType.NavigationTypeBackForward
            and not self.resident_acted()
        ):
            log.info("history navigation without a click or key of the resident: swallowed")
            return False
        if self.policy.allows(url):
            return True
        self.navigation_blocked.emit(url)
        return False

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line_number: int,
        source_id: str,
    ) -> None:
        # A website's console talk is not the kiosk's business: debug log only.
        log.debug("js %s %s:%d: %s", level.name, source_id, line_number, message)

    def _on_new_window(self, request: QWebEngineNewWindowRequest) -> None:
        # window.open() and target=_blank open here, in the same view (the page's content is
        # replaced, as a new tab would be), and only when the address is allowed: a refused
        # popup leaves the page as it was.
        url = request.requestedUrl()
        if url.isEmpty() or self.policy.allows(url):
            request.openIn(self)
        else:
            self.navigation_blocked.emit(url)

    # -- alert(), confirm(), prompt() ------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether the page waits inside one of its questions (it must not be deleted now)."""
        return self.choosing or self.in_dialog > 0

    def _ask(self, kind: str, origin: QUrl, text: str, default: str = "") -> tuple[bool, str]:
        handler = self.dialogs_handler
        if handler is None or self.retired:
            return False, ""
        self.in_dialog += 1
        try:
            answer = handler(kind, origin, text, default)
        finally:
            self.in_dialog -= 1
        if self.retired:  # a reset came while the dialog was open: go now
            if not self.busy:
                self.deleteLater()
            return False, ""
        return answer

    def javaScriptAlert(self, securityOrigin: QUrl | str, msg: str) -> None:
        self._ask("alert", QUrl(securityOrigin), msg)

    def javaScriptConfirm(self, securityOrigin: QUrl | str, msg: str) -> bool:
        if msg in (UNLOAD_QUESTION, QCoreApplication.translate("QWebEnginePage", UNLOAD_QUESTION)):
            return True  # beforeunload: the page is left, always (the kiosk's navigation wins)
        return self._ask("confirm", QUrl(securityOrigin), msg)[0]

    def javaScriptPrompt(
        self, securityOrigin: QUrl | str, msg: str, defaultValue: str
    ) -> tuple[bool, str]:
        return self._ask("prompt", QUrl(securityOrigin), msg, defaultValue)

    def chooseFiles(
        self,
        mode: QWebEnginePage.FileSelectionMode,
        old_files: Sequence[str],
        accepted_mime_types: Sequence[str],
    ) -> list[str]:
        selection = QWebEnginePage.FileSelectionMode
        if any(old_files):
            # A File System Access picker (`showOpenFilePicker()` and the like) that got round
            # the in-page guard (`_NO_PICKERS_JS`; a fresh frame's window is one way): QtWebEngine
            # sends it here too, with the folder it would start in, which `<input type=file>`
            # never names. Refused at once, without a picker (the page sees an AbortError).
            log.info("refused a File System Access picker that got past the page guard")
            self.file_system_pickers_refused += 1
            return []
        if self.file_chooser is None or self.retired:
            return []
        if mode not in (selection.FileSelectOpen, selection.FileSelectOpenMultiple):
            return []  # no folder uploads, no "save as"
        self.choosing = True
        try:
            chosen = self.file_chooser(
                mode == selection.FileSelectOpenMultiple, list(accepted_mime_types)
            )
        finally:
            self.choosing = False
        if self.retired:  # a reset came while the picker was open: go now, with nothing
            if not self.busy:
                self.deleteLater()
            return []
        return chosen

    def retire(self) -> None:
        """Close the picker or dialog and leave once its question has returned."""
        self.retired = True
        self.file_chooser = None
        self.dialogs_handler = None
        for name in ("cancel_chooser", "cancel_dialog"):
            cancel = getattr(self, name)
            setattr(self, name, None)
            if cancel is not None:
                cancel()

    def _on_permission(self, permission: QWebEnginePermission) -> None:
        if not self.permissions.decide(permission):
            self.permission_denied.emit(permission.permissionType().name)


#: The File System Access pickers (`showOpenFilePicker()`, `showSaveFilePicker()`,
#: `showDirectoryPicker()`) are refused in the page itself, before Chromium asks us: they would
#: open our file chooser from a call stack a reset cannot end safely (a crash in #25, round
#: two), and a page has `<input type=file>` for uploads. The page sees a `SecurityError`.
#: A page can get round this guard (a new `about:blank` frame's window has the original
#: functions: Chromium runs no script in a frame's first empty document), so
#: `GuardedPage.chooseFiles` refuses these pickers too: QtWebEngine hands them to it with the
#: folder they would start in, which an `<input type=file>` never names.
#: The same script keeps a page's history moves to the resident's own clicks and keys.
_NO_PICKERS_JS = """
(() => {
  for (const name of ['showOpenFilePicker', 'showSaveFilePicker', 'showDirectoryPicker']) {
    if (!(name in window)) continue;
    const refuse = function () {
      return Promise.reject(new DOMException('Not allowed in this kiosk.', 'SecurityError'));
    };
    try {
      Object.defineProperty(window, name, {value: refuse, writable: false, configurable: false});
    } catch (e) {}
  }
  // history.back()/forward()/go() only right after the resident's click or key (transient
  // user activation); the kiosk's own check in acceptNavigationRequest does not see a page
  // restored from Chromium's back-forward cache.
  for (const name of ['back', 'forward', 'go']) {
    const original = History.prototype[name];
    const guarded = function (...args) {
      if (navigator.userActivation && !navigator.userActivation.isActive) return undefined;
      return original.apply(this, args);
    };
    try {
      Object.defineProperty(History.prototype, name,
        {value: guarded, writable: false, configurable: false});
    } catch (e) {}
  }
})();
"""


def _no_file_system_pickers() -> QWebEngineScript:
    script = QWebEngineScript()
    script.setName("kiosk-no-file-system-pickers")
    script.setSourceCode(_NO_PICKERS_JS)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    script.setRunsOnSubFrames(True)
    return script


def _reject_full_screen(request: QWebEngineFullScreenRequest) -> None:
    request.reject()


def _reject_file_system_access(request: QWebEngineFileSystemAccessRequest) -> None:
    request.reject()


def _reject_protocol_handler(request: QWebEngineRegisterProtocolHandlerRequest) -> None:
    request.reject()


def _cancel_desktop_media(request: QWebEngineDesktopMediaRequest) -> None:
    request.cancel()


def _cancel_web_auth(request: QWebEngineWebAuthUxRequest) -> None:
    request.cancel()


#: Print jobs from websites per resident session, unless the settings say otherwise.
DEFAULT_PRINT_LIMIT = 3


def _print_pdf(path: Path, session_dir: Path) -> PrintOutcome:
    from kiosk.ui.browser.pdf_viewer import print_pdf

    return print_pdf(path, session_dir)


class WebSession(QObject):
    """The off-the-record browser profile of one resident session; `wipe()` at every reset.

    `session_dir` is the resident session's folder: downloads go to its `downloads` folder, the
    file picker shows its files, and printed pages are kept there when there is no printer.
    Without it, downloads, uploads and printing are refused.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        session_dir: Path | None = None,
        *,
        print_limit: int = DEFAULT_PRINT_LIMIT,
        printer: Printer | None = None,
    ) -> None:
        super().__init__(parent)
        self.session_dir = session_dir
        self._profile: QWebEngineProfile | None = None
        self._pages: list[GuardedPage] = []
        self._retiring: list[tuple[GuardedPage, QWebEngineProfile]] = []
        self.downloads = DownloadKeeper(self.download_dir, self)
        #: At most this many print jobs from websites per resident session.
        self.print_limit = print_limit
        #: Print jobs sent (or kept for a volunteer) in this resident session.
        self.prints = 0
        #: Prints a PDF (`print_pdf`: the default printer, or kept for a volunteer).
        self.printer: Printer = printer or _print_pdf
        self.clipboard_guard = ClipboardGuard(self, watching=lambda: bool(self._pages))

    @property
    def download_dir(self) -> Path | None:
        return None if self.session_dir is None else self.session_dir / "downloads"

    @property
    def profile(self) -> QWebEngineProfile:
        if self._profile is None:
            profile = QWebEngineProfile(self)  # no storage name: off the record
            profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
            profile.setPersistentCookiesPolicy(
                QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
            )
            profile.setPersistentPermissionsPolicy(
                QWebEngineProfile.PersistentPermissionsPolicy.AskEveryTime
            )
            profile.setSpellCheckEnabled(False)
            if self.download_dir is not None:
                profile.setDownloadPath(str(self.download_dir))
            profile.downloadRequested.connect(self.downloads.on_requested)
            self._profile = profile
        return self._profile

    @property
    def active(self) -> bool:
        return self._profile is not None

    @property
    def pages(self) -> tuple[GuardedPage, ...]:
        return tuple(self._pages)

    def new_page(
        self, policy: SitePolicy, parent: QObject, permissions: PermissionPolicy | None = None
    ) -> GuardedPage:
        page = GuardedPage(self.profile, policy, parent, permissions)
        self._pages.append(page)
        page.destroyed.connect(lambda _obj=None, p=page: self._forget(p))
        return page

    def _forget(self, page: GuardedPage) -> None:
        self._pages = [p for p in self._pages if p is not page]
        still = []
        for retired, profile in self._retiring:
            if retired is page:
                if shiboken6.isValid(profile) and not any(
                    other is not page and p is profile for other, p in self._retiring
                ):
                    profile.deleteLater()
            else:
                still.append((retired, profile))
        self._retiring = still

    def release(self, page: GuardedPage) -> None:
        """Delete `page` now, or, while it waits for the file picker, right after it."""
        if not shiboken6.isValid(page) or page.retired:
            return
        if page.busy:
            page.setParent(None)  # not deleted with its view: it deletes itself
            page.retire()
        else:
            shiboken6.delete(page)

    def wipe(self) -> None:
        """Stop downloads, delete every page, then the profile, then the downloads folder."""
        self.downloads.cancel_all()
        self.prints = 0
        profile, self._profile = self._profile, None
        for page in list(self._pages):
            if page.retired or not shiboken6.isValid(page):
                continue
            if page.busy:
                page.setParent(None)
                page.retire()
            else:
                shiboken6.delete(page)
        self._pages = [p for p in self._pages if shiboken6.isValid(p)]
        if profile is not None:
            waiting = [page for page in self._pages if page.profile() is profile]
            if waiting:
                self._retiring.extend((page, profile) for page in waiting)
            else:
                shiboken6.delete(profile)
        folder = self.download_dir
        if folder is not None and folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
