"""Nothing of one resident is left for the next: the residue test.

Session 1 sets cookies (from a script and from the server), localStorage, sessionStorage and
IndexedDB, caches a page, downloads a file, fills a form and copies text. Then the kiosk's real
reset runs ("Start over": the reset service with every wipe action `build_kiosk` registers).
Session 2 gets a new off-the-record profile and finds none of it, checked from inside a fresh
page with JavaScript and by the server (the cached page is fetched again). The session folder
is empty, the profile never wrote web storage anywhere on disk, and the record written before
the reset is still in the store.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtTest import QTest

from kiosk.app import Kiosk, build_kiosk
from kiosk.config import SessionSettings, Settings
from kiosk.domain.records import GuideRun, RunEnd
from kiosk.paths import home_paths
from kiosk.ui.browser.view import GuardedBrowser, SitePolicy
from tests.reliability.hostile_web import (
    Server,
    make_pdf,
    resident_copies,
    start_hostile_site,
    start_other_site,
)

pytestmark = pytest.mark.qt_log_ignore(
    r"^QRhiGles2: Failed to create (temporary )?context$",
    r"^Failed to create RHI for backend: OpenGL$",
    r"^GPUInfo not initialized on GpuInfoUpdate$",
)

WAIT = 20_000
#: Names Chromium gives its on-disk web storage.
STORAGE_NAMES = (
    "QtWebEngine",
    "Cookies",
    "Local Storage",
    "Session Storage",
    "IndexedDB",
    "Service Worker",
    "Cache_Data",
    "GPUCache",
    "Visited Links",
    "History",
)

SET_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>ready</title></head><body>
<form><input id="name" name="name" autocomplete="on" style="width:600px;height:80px"></form>
<p id="secret">IBAN BE71 0961 2345 6769</p>
<a id="download" href="/file.txt">download</a>
<script>
async function setAll() {
  document.cookie = 'js_cookie=resident1; max-age=86400; path=/';
  localStorage.setItem('local', 'resident1');
  sessionStorage.setItem('session', 'resident1');
  await new Promise((resolve, reject) => {
    const open = indexedDB.open('residue', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('things');
    open.onsuccess = () => {
      const tx = open.result.transaction('things', 'readwrite');
      tx.objectStore('things').put('resident1', 'key');
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = reject;
    };
    open.onerror = reject;
  });
  await fetch('/cached');
  return 'set';
}
</script></body></html>"""

CHECK = """(async () => {
  const dbs = (await indexedDB.databases()).map((db) => db.name);
  return JSON.stringify({
    cookie: document.cookie,
    local: localStorage.getItem('local'),
    session: sessionStorage.getItem('session'),
    dbs: dbs,
    name: document.getElementById('name') ? document.getElementById('name').value : null,
    history: history.length,
  });
})()"""


def js(page: Any, qtbot: Any, code: str) -> Any:
    result: list[Any] = []
    page.runJavaScript(code, 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=WAIT)
    return result[0]


_calls = iter(range(1_000_000))


def js_async(page: Any, qtbot: Any, code: str) -> str:
    """Run an async expression; its result comes back through the title."""
    tag = f"result{next(_calls)}:"
    page.runJavaScript(f"({code}).then((r) => {{ document.title = '{tag}' + r; }})", 0)
    qtbot.waitUntil(lambda: page.title().startswith(tag), timeout=WAIT)
    return page.title().removeprefix(tag)


def storage_on_disk(roots: list[Path], since: float) -> list[str]:
    found = []
    for root in roots:
        if not root.exists():
            continue
        for path in root.rglob("*"):
            try:
                changed = path.stat().st_mtime >= since
            except OSError:
                continue
            if changed and any(name in str(path) for name in STORAGE_NAMES):
                found.append(str(path))
    return found


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    other = start_other_site()
    site = start_hostile_site(
        other,
        make_pdf(tmp_path / "letter.pdf"),
        {"/set": SET_PAGE, "/check": SET_PAGE, "/cached": "<h1>cache me</h1>"},
    )
    yield site, other
    site.stop()
    other.stop()


@pytest.fixture
def kiosk(qtbot, kiosk_home: Path) -> Iterator[Kiosk]:  # type: ignore[no-untyped-def]
    settings = Settings(session=SessionSettings(idle_timeout=3600, countdown=30))
    built = build_kiosk(settings, home_paths(kiosk_home), tiles_loader=lambda _p: [])
    qtbot.addWidget(built.window)
    built.window.resize(1366, 768)
    built.window.show()
    yield built
    built.shutdown()
    built.window.allow_close()


def test_the_next_resident_finds_nothing(  # type: ignore[no-untyped-def]
    kiosk: Kiosk, sites: tuple[Server, Server], qtbot, kiosk_home: Path, tmp_path: Path
) -> None:
    started = time.time() - 1
    site, _other = sites
    flow = kiosk.flows.guides
    assert flow is not None
    session = flow.web_session()
    policy = SitePolicy([], [site.host])

    # A record written before the reset must survive it.
    record = GuideRun(
        "meter-reading",
        1,
        "nl",
        datetime.now(UTC),
        datetime.now(UTC),
        ("intro",),
        RunEnd.COMPLETED,
        "intro",
    )
    with qtbot.waitSignal(kiosk.store.opened, timeout=WAIT):
        kiosk.open_store()
    written: list[object] = []
    kiosk.store.call(lambda store: store.add(record), on_done=written.append)
    qtbot.waitUntil(lambda: bool(written), timeout=WAIT)

    # -- session 1 -----------------------------------------------------------------------------
    browser = GuardedBrowser(session, policy)
    kiosk.window.add_screen("web-1", browser)
    kiosk.window.show_screen("web-1")
    first_profile = session.profile
    with qtbot.waitSignal(browser.loaded, timeout=WAIT):
        browser.load(site.url("/set"))
    assert js_async(browser.page, qtbot, "setAll()") == "set"
    assert site.hits.count("/cached") == 1
    # The page is in the cache: asking again does not reach the server.
    assert js_async(browser.page, qtbot, "fetch('/cached').then((r) => r.status)") == "200"
    assert site.hits.count("/cached") == 1
    # Fill the form with real typing.
    proxy = browser.view.focusProxy()
    assert proxy is not None
    QTest.mouseClick(
        proxy, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(100, 40)
    )
    qtbot.waitUntil(
        lambda: js(browser.page, qtbot, "document.activeElement.id") == "name", timeout=WAIT
    )
    QTest.keyClicks(proxy, "Jan Peeters")
    qtbot.waitUntil(
        lambda: js(browser.page, qtbot, "document.getElementById('name').value") == "Jan Peeters",
        timeout=WAIT,
    )
    # Copy text, from a kiosk field (a web page may not write the clipboard).
    resident_copies(kiosk.window, "IBAN BE71 0961 2345 6769")
    # Download a file.
    with qtbot.waitSignal(browser.downloaded, timeout=WAIT) as saved:
        browser.page.runJavaScript("document.getElementById('download').click()", 0)
    download = saved.args[0]
    assert download.exists()
    state = js_async(browser.page, qtbot, CHECK)
    assert "resident1" in state
    assert "server_cookie=resident1" in state
    assert '"residue"' in state

    # -- the reset ("Start over") ----------------------------------------------------------------
    report = kiosk.start_over("start_over")
    assert report.ok, report.failed
    assert "web-profile" in report.done
    assert "clipboard" in report.done
    assert not session.active  # the profile is gone, its pages went first
    assert session.pages == ()
    browser.dispose()  # the widget is gone too (its page already was)
    browser.deleteLater()

    # -- session 2 ---------------------------------------------------------------------------
    browser2 = GuardedBrowser(session, policy)
    kiosk.window.add_screen("web-2", browser2)
    kiosk.window.show_screen("web-2")
    assert session.profile is not first_profile
    assert session.profile.isOffTheRecord()
    with qtbot.waitSignal(browser2.loaded, timeout=WAIT):
        browser2.load(site.url("/check"))
    state = js_async(browser2.page, qtbot, CHECK)
    assert state == ('{"cookie":"","local":null,"session":null,"dbs":[],"name":"","history":1}'), (
        state
    )
    hits_before = site.hits.count("/cached")
    assert js_async(browser2.page, qtbot, "fetch('/cached').then((r) => r.status)") == "200"
    assert site.hits.count("/cached") == hits_before + 1  # not from a cache
    for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
        assert QGuiApplication.clipboard().text(mode) == ""
    session_dir = kiosk.paths.session_dir
    assert not download.exists()
    # Nothing of the resident is left: the only entry is the empty scan folder, which the
    # reset makes again for the next resident (#22).
    left = list(session_dir.rglob("*")) if session_dir.exists() else []
    assert left in ([], [kiosk.paths.scan_dir])
    if kiosk.paths.scan_dir.exists():
        assert not any(kiosk.paths.scan_dir.iterdir())
    roots = [kiosk_home, Path.home() / ".local/share", Path.home() / ".cache", tmp_path]
    assert storage_on_disk(roots, started) == []

    # The record written before the reset is still there.
    runs: list[Any] = []
    kiosk.store.call(lambda store: store.guide_runs(), on_done=runs.append)
    qtbot.waitUntil(lambda: bool(runs), timeout=WAIT)
    assert record.uuid in [run.uuid for run in runs[0]]
    browser2.dispose()
    session.wipe()


def test_a_reset_while_the_file_picker_is_open(  # type: ignore[no-untyped-def]
    kiosk: Kiosk, sites: tuple[Server, Server], qtbot
) -> None:
    """The page waits inside chooseFiles (the picker's own loop) when the idle reset comes:
    the picker closes, the page and then the old profile go right after, nothing crashes."""
    from PySide6.QtCore import QTimer

    site, _other = sites
    flow = kiosk.flows.guides
    assert flow is not None
    session = flow.web_session()
    browser = GuardedBrowser(session, SitePolicy([], [site.host]))
    kiosk.window.add_screen("web-picker", browser)
    kiosk.window.show_screen("web-picker")
    old_profile = session.profile
    gone: list[str] = []
    old_profile.destroyed.connect(lambda: gone.append("profile"))
    with qtbot.waitSignal(browser.loaded, timeout=WAIT):
        browser.load(site.url("/upload"))
    qtbot.waitUntil(lambda: browser.page.title() == "ready", timeout=WAIT)
    reports: list[object] = []

    def reset_when_open() -> None:
        if browser.picker.isVisible():
            browser.dispose()  # what the guide flow's reset does with the web step
            reports.append(kiosk.start_over("idle"))
        else:
            QTimer.singleShot(20, reset_when_open)

    QTimer.singleShot(20, reset_when_open)
    proxy = browser.view.focusProxy()
    assert proxy is not None
    QTest.mouseClick(
        proxy, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 200)
    )
    qtbot.waitUntil(lambda: bool(reports), timeout=WAIT)
    qtbot.waitUntil(lambda: gone == ["profile"], timeout=WAIT)
    assert not session.active
    assert session.pages == ()
    assert session.profile is not old_profile  # the next resident gets a new one
    session.wipe()
