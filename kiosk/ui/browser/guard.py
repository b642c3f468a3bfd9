"""What the embedded browser refuses, and what it keeps: schemes, permissions, settings, downloads.

- `blocked_kind(url)` sorts a refused main-frame address: another website, an e-mail address,
  a phone number, something on this computer (`file:`, `view-source:`, `data:`, `chrome:`,
  `qrc:`, `about:` other than `about:blank`, ...), or another program (any other scheme: app
  links, `intent:`, custom schemes). `blocked_message()` is the friendly text for each kind.
- `harden(settings)` sets every `QWebEngineSettings` attribute the kiosk relies on: no plugins,
  no built-in PDF viewer (a PDF becomes a download and opens in our own viewer), no full screen,
  no screen capture, no clipboard access from scripts, no local content reaching files or remote
  sites, no navigation by dropping a file.
- `PermissionPolicy` is the hook a guide step uses when it really needs the camera or the
  microphone; by default every permission (camera, microphone, location, notifications, screen
  capture, clipboard, ...) is denied.
- `DownloadKeeper` accepts a download only into the session's download folder (wiped at every
  reset) under a safe file name, and says when it is complete, and whether it is a PDF. A
  download larger than `max_bytes` (`DOWNLOAD_LIMIT_BYTES`, 100 MB) is stopped and removed: a
  page cannot fill the kiosk's disk with an endless download.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineDownloadRequest,
    QWebEnginePermission,
    QWebEngineSettings,
)

from kiosk.i18n import _, ltr

log = logging.getLogger(__name__)

#: Kinds of refused addresses (see `blocked_kind`).
SITE, EMAIL, PHONE, LOCAL, PROGRAM = "site", "email", "phone", "local", "program"

WEB_SCHEMES = frozenset({"http", "https"})
EMAIL_SCHEMES = frozenset({"mailto"})
PHONE_SCHEMES = frozenset({"tel", "callto", "sms", "facetime", "skype", "sip", "whatsapp"})
#: Schemes that show something of this computer or of the browser itself.
LOCAL_SCHEMES = frozenset(
    {
        "file",
        "view-source",
        "data",
        "blob",
        "filesystem",
        "chrome",
        "chrome-extension",
        "chrome-error",
        "chrome-untrusted",
        "devtools",
        "qrc",
        "about",
        "javascript",
        "ftp",
    }
)


def blocked_kind(url: QUrl) -> str:
    """What kind of place a refused main-frame address leads to."""
    scheme = url.scheme().lower()
    if scheme in WEB_SCHEMES:
        return SITE
    if scheme in EMAIL_SCHEMES:
        return EMAIL
    if scheme in PHONE_SCHEMES:
        return PHONE
    if scheme in LOCAL_SCHEMES or not scheme:
        return LOCAL
    return PROGRAM


_DEFAULT_PORTS = {"http": 80, "https": 443}


def site_name(url: QUrl) -> str:
    """How the kiosk names a website to the resident: its host, and its port when that is not
    the scheme's usual one (127.0.0.1:8443 and 127.0.0.1:8444 are different websites)."""
    host = url.host()
    port = url.port()
    if host and port != -1 and port != _DEFAULT_PORTS.get(url.scheme().lower()):
        return f"{host}:{port}"
    return host


def blocked_message(kind: str, host: str = "") -> str:
    """The friendly banner text for a refused link of `kind`."""
    if kind == SITE and host:
        return _(
            "This link goes to another website ({site}). In this task you can only use the "
            "website of the guide, so we stay here. Ask a volunteer if you need the other one."
        ).format(site=ltr(host))
    if kind == EMAIL:
        return _(
            "This link wants to write an e-mail in another program. That does not work on this "
            "computer. Ask a volunteer if you need to send an e-mail."
        )
    if kind == PHONE:
        return _(
            "This link wants to make a phone call or send a message. This computer cannot do "
            "that. Write the number down, or ask a volunteer."
        )
    if kind == LOCAL:
        return _(
            "This link wants to show files or settings of this computer. That is not possible "
            "here, so we stay on the website of the guide."
        )
    if kind == PROGRAM:
        return _(
            "This link wants to open another program. That is not possible on this computer, "
            "so we stay on the website of the guide. Ask a volunteer if you need it."
        )
    return _(
        "This link does not open here. In this task you can only use the website of "
        "the guide. Ask a volunteer if you need it."
    )


_OFF = (
    "PluginsEnabled",
    "PdfViewerEnabled",
    "FullScreenSupportEnabled",
    "ScreenCaptureEnabled",
    "JavascriptCanAccessClipboard",
    "JavascriptCanPaste",
    "LocalContentCanAccessRemoteUrls",
    "LocalContentCanAccessFileUrls",
    "AllowRunningInsecureContent",
    "AllowGeolocationOnInsecureOrigins",
    "AllowWindowActivationFromJavaScript",
    "NavigateOnDropEnabled",
    "HyperlinkAuditingEnabled",
    "DnsPrefetchEnabled",
    "ErrorPageEnabled",
)
_ON = (
    "JavascriptCanOpenWindows",  # createWindow() keeps them in the same view
    "WebRTCPublicInterfacesOnly",
    "PlaybackRequiresUserGesture",
    "LocalStorageEnabled",  # in memory only: the profile is off the record and dropped at reset
)


def harden(settings: QWebEngineSettings) -> None:
    """Switch off every browser feature that could lead out of the kiosk or keep data."""
    attribute = QWebEngineSettings.WebAttribute
    for name in _OFF:
        settings.setAttribute(getattr(attribute, name), False)
    for name in _ON:
        settings.setAttribute(getattr(attribute, name), True)


Permission = QWebEnginePermission.PermissionType


class PermissionPolicy:
    """Which permissions a page may have: none, unless a guide step needs one.

    `allowed` are the permission types the step needs ("camera" for a video call, say);
    `origin_allowed` (the site policy) decides whether the asking site may have them.
    """

    NAMES: ClassVar[dict[str, QWebEnginePermission.PermissionType]] = {
        "camera": Permission.MediaVideoCapture,
        "microphone": Permission.MediaAudioCapture,
        "camera+microphone": Permission.MediaAudioVideoCapture,
    }

    def __init__(
        self,
        allowed: Iterable[str] = (),
        origin_allowed: Callable[[QUrl], bool] | None = None,
    ) -> None:
        self.allowed = frozenset(self.NAMES[name] for name in allowed)
        self._origin_allowed = origin_allowed

    def grants(self, kind: QWebEnginePermission.PermissionType, origin: QUrl) -> bool:
        if kind not in self.allowed:
            return False
        return self._origin_allowed is None or self._origin_allowed(origin)

    def decide(self, permission: QWebEnginePermission) -> bool:
        """Grant or deny `permission`; True when granted."""
        kind = permission.permissionType()
        if self.grants(kind, permission.origin()):
            permission.grant()
            return True
        log.info("denied %s for %s", kind.name, permission.origin().toString())
        permission.deny()
        return False


def safe_file_name(name: str, fallback: str = "download") -> str:
    """A plain file name: no folders, no hidden files, nothing odd."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.() -]+", "_", name).strip(" .")
    return name[:120] or fallback


def unique_path(folder: Path, name: str) -> Path:
    path = folder / name
    stem, suffix = path.stem, path.suffix
    number = 1
    while path.exists():
        number += 1
        path = folder / f"{stem} ({number}){suffix}"
    return path


def is_pdf(path: Path, mime_type: str = "") -> bool:
    if mime_type.lower() == "application/pdf" or path.suffix.lower() == ".pdf":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


#: The largest download kept for a resident.
DOWNLOAD_LIMIT_BYTES = 100 * 1024 * 1024


class DownloadKeeper(QObject):
    """Downloads of one profile, kept only in the session's download folder."""

    #: (the page that asked, the saved file, whether it is a PDF)
    finished = Signal(object, Path, bool)
    #: the page that asked (None when unknown)
    failed = Signal(object)

    def __init__(self, folder: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.max_bytes = DOWNLOAD_LIMIT_BYTES
        self._active: list[QWebEngineDownloadRequest] = []

    def on_requested(self, download: QWebEngineDownloadRequest) -> None:
        if (
            self.folder is None
            or download.isSavePageDownload()
            or download.totalBytes() > self.max_bytes
        ):
            log.info("download refused: %s", download.url().toString())
            download.cancel()
            self.failed.emit(download.page())
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        name = safe_file_name(download.suggestedFileName() or download.downloadFileName())
        target = unique_path(self.folder, name)
        download.setDownloadDirectory(str(self.folder))
        download.setDownloadFileName(target.name)
        self._active.append(download)
        download.isFinishedChanged.connect(lambda d=download: self._on_finished(d))
        download.receivedBytesChanged.connect(lambda d=download: self._check_size(d))
        download.accept()

    def _check_size(self, download: QWebEngineDownloadRequest) -> None:
        if download not in self._active:
            return
        if download.receivedBytes() > self.max_bytes and not download.isFinished():
            log.info("download stopped at %d bytes: too big", download.receivedBytes())
            download.cancel()

    def _on_finished(self, download: QWebEngineDownloadRequest) -> None:
        if download not in self._active:
            # Cancelled by `cancel_all()` at a reset: it says so while its profile (and its
            # page) are being deleted; asking it for its page then crashed the kiosk (#25).
            return
        self._active.remove(download)
        page = download.page()
        if download.state() != QWebEngineDownloadRequest.DownloadState.DownloadCompleted:
            self.failed.emit(page)
            return
        path = Path(download.downloadDirectory()) / download.downloadFileName()
        self.finished.emit(page, path, is_pdf(path, download.mimeType()))

    def cancel_all(self) -> None:
        """Stop downloads still running (before the profile goes at a reset); they are not
        heard of again."""
        for download in list(self._active):
            download.cancel()
        self._active.clear()
