"""Support for the hostile-pages and residue suites: local sites, and watchers for a way out.

- `HostileSite` serves `hostile_pages/*.html` from 127.0.0.1 (threaded `http.server`), plus a
  302 redirect, a text download, a PDF download, a download that never ends (`/huge`), a page
  that takes 30 s (`/slow`), a service worker script (`/sw.js`) and a page with a link built
  from the query string. `OTHER_ORIGIN` in a page becomes the address of a second local site
  that the kiosk must never reach (it records every request it gets).
- `Escapes` watches everything a page could use to leave the kiosk: new top-level windows, any
  dialog (QFileDialog, QPrintDialog, ...), processes started by this one (with this process made
  a child subreaper, so even double-forked helpers such as `xdg-open` stay visible), and URLs
  handed to the desktop (`QDesktopServices`, which Qt uses for `mailto:` and other schemes it
  does not handle itself).
"""

from __future__ import annotations

import ctypes
import http.server
import os
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QDialog, QWidget

PAGES = Path(__file__).parent / "hostile_pages"
PR_SET_CHILD_SUBREAPER = 36
#: Schemes Qt would hand to another program; a handler here records such a hand-over.
DESKTOP_SCHEMES = (
    "mailto",
    "tel",
    "sms",
    "callto",
    "custom-scheme",
    "intent",
    "file",
    "http",
    "https",
    "web+kiosk",
    "ms-settings",
)


def text_response(
    handler: http.server.BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str,
    extra: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Cache-Control", "max-age=3600")
    for name, value in (extra or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


@dataclass
class Server:
    """A threaded HTTP server on 127.0.0.1 that records the paths it was asked for."""

    routes: dict[str, object] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    httpd: http.server.ThreadingHTTPServer | None = None

    @property
    def origin(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def host(self) -> str:
        return self.origin.removeprefix("http://")

    def url(self, path: str) -> str:
        return self.origin + path

    def start(self, handler_for: type[http.server.BaseHTTPRequestHandler]) -> None:
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()


def stream_endless(handler: http.server.BaseHTTPRequestHandler, limit: int = 1 << 30) -> None:
    """A download that never ends (up to `limit` bytes): until the kiosk hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/octet-stream")
    handler.send_header("Content-Disposition", 'attachment; filename="huge.bin"')
    handler.end_headers()
    chunk = b"\0" * 65536
    sent = 0
    try:
        while sent < limit:
            handler.wfile.write(chunk)
            sent += len(chunk)
    except OSError:
        return


def start_other_site() -> Server:
    """The site the kiosk must never reach."""
    server = Server()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.hits.append(self.path)
            text_response(self, 200, b"<h1>Elsewhere</h1>", "text/html")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server.start(Handler)
    return server


def start_hostile_site(other: Server, pdf: bytes, extra: dict[str, str] | None = None) -> Server:
    """The allowed site, serving the hostile pages (and `extra` pages: path -> HTML)."""
    server = Server()
    pages = dict(extra or {})

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.hits.append(self.path)
            parsed = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(parsed.query)
            name = parsed.path.strip("/")
            if parsed.path in pages:
                cookie = {"Set-Cookie": "server_cookie=resident1; Max-Age=86400; Path=/"}
                text_response(
                    self,
                    200,
                    pages[parsed.path].encode(),
                    "text/html; charset=utf-8",
                    cookie if parsed.path == "/set" else None,
                )
            elif name == "redirect":
                text_response(self, 302, b"", "text/plain", {"Location": other.url("/")})
            elif name == "file.txt":
                text_response(
                    self,
                    200,
                    b"a file from the website\n",
                    "text/plain",
                    {"Content-Disposition": 'attachment; filename="../../evil name.txt"'},
                )
            elif name == "doc.pdf":
                text_response(self, 200, pdf, "application/pdf")
            elif name == "sw.js":
                text_response(
                    self, 200, b"self.addEventListener('fetch', () => {});", "text/javascript"
                )
            elif name == "huge":
                stream_endless(self)
            elif name == "slow":  # a page load that takes its time
                time.sleep(30)
                text_response(self, 200, b"<title>slow</title>", "text/html")
            elif (PAGES / f"{name}.html").is_file():
                html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
                html = html.replace("OTHER_ORIGIN", other.origin)
                html = html.replace("HREF", query.get("href", ["/second"])[0])
                target = query.get("target", [""])[0]
                html = html.replace("TARGET_ATTR", f'target="{target}"' if target else "")
                accept = query.get("accept", [""])[0]
                html = html.replace("ACCEPT_ATTR", accept)
                text_response(self, 200, html.encode(), "text/html; charset=utf-8")
            else:
                text_response(self, 404, b"", "text/plain")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server.start(Handler)
    return server


def make_pdf(path: Path, text: str = "A letter from the website") -> bytes:
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(200, 400, text)
    painter.end()
    del writer
    return path.read_bytes()


# -- processes ---------------------------------------------------------------------------------


def become_subreaper(on: bool = True) -> None:
    """Orphaned grandchildren (a double-forked `xdg-open`) become our children: visible."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1 if on else 0, 0, 0, 0)


def _stat(pid: str) -> tuple[int, str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    ppid = int(raw[raw.rindex(")") + 2 :].split()[1])
    return ppid, comm


def descendants(root: int | None = None) -> dict[int, str]:
    """Every process below this one (pid -> name), zombies included."""
    root = os.getpid() if root is None else root
    parents: dict[int, list[tuple[int, str]]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        info = _stat(entry)
        if info is not None:
            parents.setdefault(info[0], []).append((int(entry), info[1]))
    found: dict[int, str] = {}
    todo = [root]
    while todo:
        for pid, comm in parents.get(todo.pop(), []):
            if pid not in found:
                found[pid] = comm
                todo.append(pid)
    return found


def is_web_engine_helper(pid: int, comm: str) -> bool:
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        exe = ""
    return os.path.basename(exe) == "QtWebEngineProcess" or comm.startswith("QtWebEngineProc")


# -- the watcher ---------------------------------------------------------------------------------


class _DesktopHandover(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


class Escapes:
    """Watches for every way out while a hostile page does its thing."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.handover = _DesktopHandover()
        for scheme in DESKTOP_SCHEMES:
            QDesktopServices.setUrlHandler(scheme, self.handover, "open")
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._look_for_dialogs)
        self._timer.start()
        self.snapshot()

    def snapshot(self) -> None:
        self.dialogs.clear()
        self.handover.urls.clear()
        self.windows = self._visible_windows()
        self.processes = descendants()

    def _visible_windows(self) -> set[QWindow]:
        return {w for w in QGuiApplication.topLevelWindows() if w.isVisible()}

    def _look_for_dialogs(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                self.dialogs.append(type(widget).__name__)
                widget.reject()
        modal = QApplication.activeModalWidget()
        if modal is not None:
            self.dialogs.append(type(modal).__name__)
            modal.close()

    def new_windows(self) -> list[str]:
        return [f"{type(w).__name__} {w.title()!r}" for w in self._visible_windows() - self.windows]

    def new_processes(self) -> list[str]:
        now = descendants()
        return [
            f"{pid} {comm}"
            for pid, comm in now.items()
            if pid not in self.processes and not is_web_engine_helper(pid, comm)
        ]

    def check(self) -> None:
        """Assert that nothing escaped since the last snapshot."""
        self._look_for_dialogs()
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.new_windows() == [], f"new top-level windows: {self.new_windows()}"
        assert self.new_processes() == [], f"processes started: {self.new_processes()}"
        assert self.handover.urls == [], f"handed to the desktop: {self.handover.urls}"

    def close(self) -> None:
        self._timer.stop()
        for scheme in DESKTOP_SCHEMES:
            QDesktopServices.unsetUrlHandler(scheme)


# -- the clipboard -----------------------------------------------------------------------------


def resident_copies(window: QWidget, text: str) -> None:
    """The resident copies `text` from one of the kiosk's own text fields (Ctrl+C in a
    `QLineEdit`): the only clipboard write the kiosk keeps while a web page exists (see
    `kiosk.ui.browser.clipboard.ClipboardGuard`)."""
    from PySide6.QtWidgets import QLineEdit

    field = QLineEdit(window)
    field.setText(text)
    field.show()
    window.activateWindow()
    field.setFocus()
    QApplication.processEvents()
    assert QApplication.focusWidget() is field, (
        f"the kiosk field did not get the focus: {QApplication.focusWidget()!r} "
        f"{QApplication.activeWindow()!r} {QApplication.activeModalWidget()!r}"
    )
    field.selectAll()
    field.copy()
    QApplication.processEvents()
    field.deleteLater()
    assert QGuiApplication.clipboard().text() == text
