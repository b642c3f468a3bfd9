"""How long a reset takes, in-process, with a web page loaded (target: <= 250 ms).

Builds the real kiosk (`build_kiosk`, offscreen, in a temporary home), serves a local page on
127.0.0.1 that sets a cookie, localStorage, sessionStorage and IndexedDB, and then, N times:
opens that page in a `GuardedBrowser` of the guide flow's web session, fills the session
folder with a download-sized file and the clipboard with text, and times `Kiosk.start_over()`
(every registered wipe action: overlays, session folder, clipboard, screens, guide run, the web
profile and its pages, ...). The browser widget is disposed inside the timed part, as the guide
flow does at a reset.

Baselines measured in the same run, same process:
- a bare `QWebEngineProfile` + one `QWebEnginePage` created and deleted (what the web part of
  a reset can't be faster than);
- loading the same page into a fresh view (what the next resident waits for anyway).

    python bench/reset.py [--runs 20]
"""

from __future__ import annotations

import argparse
import http.server
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.geteuid() == 0:  # QtWebEngine refuses to run as root with its sandbox (bench only)
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGE = b"""<!doctype html><html><head><title>bench</title></head><body><h1>Bench</h1>
<script>
document.cookie = 'bench=1; max-age=3600; path=/';
localStorage.setItem('bench', 'x'.repeat(10000));
sessionStorage.setItem('bench', '1');
const open = indexedDB.open('bench', 1);
open.onupgradeneeded = () => open.result.createObjectStore('s');
open.onsuccess = () => { open.result.transaction('s', 'readwrite').objectStore('s').put('v', 'k');
  document.title = 'stored'; };
</script></body></html>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


def wait_until(app: object, condition: object, timeout: float = 20.0) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("the page did not load in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile

    from kiosk.app import build_kiosk
    from kiosk.config import SessionSettings, Settings
    from kiosk.paths import home_paths
    from kiosk.ui.browser.view import GuardedBrowser, SitePolicy

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_address[1]}"
    url = f"http://{host}/"

    home = Path(tempfile.mkdtemp(prefix="kiosk-bench-reset-"))
    settings = Settings(session=SessionSettings(idle_timeout=3600, countdown=30))
    kiosk = build_kiosk(settings, home_paths(home), tiles_loader=lambda _p: [], open_store=False)
    app = kiosk.app
    kiosk.window.resize(1366, 768)
    kiosk.window.show()
    flow = kiosk.flows.guides
    assert flow is not None
    session = flow.web_session()
    policy = SitePolicy([], [host])

    def load(browser: GuardedBrowser) -> None:
        browser.load(url)
        wait_until(app, lambda: browser.page.title() == "stored")

    resets: list[float] = []
    bare: list[float] = []
    loads: list[float] = []
    for run in range(args.runs + 1):  # the first run warms QtWebEngine up; not counted
        browser = GuardedBrowser(session, policy)
        kiosk.window.add_screen(f"bench-{run}", browser)
        kiosk.window.show_screen(f"bench-{run}")
        start = time.perf_counter()
        load(browser)
        load_ms = (time.perf_counter() - start) * 1000
        folder = kiosk.paths.session_dir / "downloads"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "letter.pdf").write_bytes(os.urandom(200_000))
        QGuiApplication.clipboard().setText("IBAN BE71 0961 2345 6769")

        start = time.perf_counter()
        browser.dispose()
        report = kiosk.start_over("bench")
        reset_ms = (time.perf_counter() - start) * 1000
        assert report.ok, report.failed
        assert not session.active
        browser.deleteLater()

        start = time.perf_counter()
        profile = QWebEngineProfile()
        page = QWebEnginePage(profile)
        del page  # Python-owned: deleted here, before its profile
        del profile
        bare_ms = (time.perf_counter() - start) * 1000
        if run:
            resets.append(reset_ms)
            loads.append(load_ms)
            bare.append(bare_ms)
        wait_until(app, lambda: True)

    median = statistics.median(resets)
    print(
        f"reset (start_over, page loaded), median of {args.runs}: {median:.1f} ms "
        f"(min {min(resets):.1f}, max {max(resets):.1f}); target <= 250 ms: "
        f"{'OK' if median <= 250 else 'TOO SLOW'}"
    )
    print(f"baseline: bare profile+page create and delete: {statistics.median(bare):.1f} ms")
    print(f"baseline: loading the same page into a fresh view: {statistics.median(loads):.1f} ms")
    kiosk.shutdown()
    kiosk.window.allow_close()
    kiosk.window.close()
    server.shutdown()
    return 0 if median <= 250 else 1


if __name__ == "__main__":
    raise SystemExit(main())
