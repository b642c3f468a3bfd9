"""The hostile-pages suite: websites that try every way out of the kiosk, and find none.

Pages come from a local site on 127.0.0.1 (the guide's allowed site); a second local site plays
"elsewhere" and must never be reached. The browser is the real `GuardedBrowser` in the guide
flow's `WebSession`, shown inside the real kiosk window (`build_kiosk`), so the window's key guard
is in place. Each vector is started by a real mouse click in the page (a user gesture, which
Chromium demands for popups, downloads, pickers and external links). After each one:

- no new top-level window is visible, and no dialog (QFileDialog, QPrintDialog, ...) opened;
- no process other than QtWebEngine's own helpers was started (this process is made a child
  subreaper, so double-forked helpers stay visible), and no URL was handed to the desktop;
- the page is still on an allowed address, and the window is still there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app import Kiosk, build_kiosk
from kiosk.config import SessionSettings, Settings
from kiosk.paths import home_paths
from kiosk.ui.browser.guard import EMAIL, LOCAL, PHONE, PROGRAM, SITE, blocked_message
from kiosk.ui.browser.view import GuardedBrowser, SitePolicy, WebSession
from tests.reliability.hostile_web import (
    Escapes,
    Server,
    become_subreaper,
    make_pdf,
    resident_copies,
    start_hostile_site,
    start_other_site,
)

pytestmark = pytest.mark.qt_log_ignore(
    r"^QRhiGles2: Failed to create (temporary )?context$",
    r"^Failed to create RHI for backend: OpenGL$",
    r"^GPUInfo not initialized on GpuInfoUpdate$",
    # getDisplayMedia on a machine without a screen-capture backend (refused anyway)
    r"^(Screen|Window) capturing is not available\. Media list will be empty\.$",
)

WAIT = 20_000


@dataclass
class Env:
    kiosk: Kiosk
    session: WebSession
    browser: GuardedBrowser
    site: Server
    other: Server
    escapes: Escapes
    session_dir: Path

    @property
    def page(self) -> Any:
        return self.browser.page


@pytest.fixture(scope="module")
def env(qapp, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("escape-home")
    settings = Settings(session=SessionSettings(idle_timeout=3600, countdown=30))
    kiosk = build_kiosk(settings, home_paths(home), tiles_loader=lambda _p: [], open_store=False)
    kiosk.window.resize(1366, 768)
    kiosk.window.show()
    flow = kiosk.flows.guides
    assert flow is not None
    session = flow.web_session()
    pdf = make_pdf(tmp_path_factory.mktemp("pdf") / "letter.pdf")
    other = start_other_site()
    site = start_hostile_site(other, pdf)
    browser = GuardedBrowser(session, SitePolicy([], [site.host]))
    kiosk.window.add_screen("hostile", browser)
    kiosk.window.show_screen("hostile")
    become_subreaper(True)
    escapes = Escapes()
    yield Env(kiosk, session, browser, site, other, escapes, kiosk.paths.session_dir)
    become_subreaper(False)
    escapes.close()
    browser.dispose()
    session.wipe()
    kiosk.shutdown()
    kiosk.window.allow_close()
    kiosk.window.close()
    kiosk.window.deleteLater()
    site.stop()
    other.stop()


@pytest.fixture
def hostile(env: Env, qtbot) -> Iterator[Callable[[str], None]]:  # type: ignore[no-untyped-def]
    """Open a hostile page; after the test, check that nothing escaped."""
    env.kiosk.window.show_screen("hostile")
    env.browser.show_website()

    def open_page(path: str) -> None:
        env.browser.hide_banner()
        with qtbot.waitSignal(env.browser.loaded, timeout=WAIT):
            env.browser.load(env.site.url(path))
        qtbot.waitUntil(lambda: env.page.title() in ("ready", "second"), timeout=WAIT)
        env.escapes.snapshot()

    yield open_page
    env.escapes.check()
    assert env.browser.policy.allows(env.page.url()), env.page.url().toString()
    assert env.kiosk.window.isVisible()
    assert env.other.hits == [], "the site outside the guide was reached"
    env.other.hits.clear()


def click(env: Env, qtbot, until: Callable[[], bool]) -> None:  # type: ignore[no-untyped-def]
    """Click in the middle of the page (a user gesture) until `until()` holds."""
    for _attempt in range(5):
        target = env.browser.view.focusProxy()
        assert target is not None
        QTest.mouseClick(
            target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 200)
        )
        try:
            qtbot.waitUntil(until, timeout=3000)
            return
        except qtbot.TimeoutError:
            continue
    qtbot.waitUntil(until, timeout=1)


def js(env: Env, qtbot, code: str) -> Any:  # type: ignore[no-untyped-def]
    result: list[Any] = []
    env.page.runJavaScript(code, 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=WAIT)
    return result[0]


# -- links and navigations that must be refused, each with its own friendly message ---------------

LINKS = [
    ("mailto:help@example.org", EMAIL),
    ("tel:+3225551234", PHONE),
    ("sms:+3225551234", PHONE),
    ("custom-scheme:open-something", PROGRAM),
    ("intent://scan/#Intent;scheme=zxing;end", PROGRAM),
    ("ms-settings:privacy", PROGRAM),
    ("OTHER/", SITE),
    ("/redirect", SITE),  # a 302 to the other site
]


@pytest.mark.parametrize(("href", "kind"), LINKS, ids=[h for h, _k in LINKS])
def test_a_link_out_is_refused_with_a_message(
    env: Env, hostile, qtbot, href: str, kind: str
) -> None:  # type: ignore[no-untyped-def]
    href = href.replace("OTHER", env.other.origin)
    hostile(f"/links?href={QUrl.toPercentEncoding(href).data().decode()}")
    blocked: list[str] = []
    env.browser.navigation_blocked.connect(blocked.append)
    try:
        click(env, qtbot, lambda: bool(blocked))
    finally:
        env.browser.navigation_blocked.disconnect(blocked.append)
    host = env.other.host if kind == SITE else ""  # host:port (both sites on 127.0.0.1)
    assert blocked == [host]
    assert env.browser.banner.isVisible()
    assert env.browser.banner.text() == blocked_message(kind, host)
    assert env.page.url().path() == "/links"


@pytest.mark.parametrize("page", ["window_open_elsewhere", "meta_refresh"])
def test_a_script_that_goes_elsewhere_is_refused(env: Env, hostile, qtbot, page: str) -> None:  # type: ignore[no-untyped-def]
    blocked: list[str] = []
    env.browser.navigation_blocked.connect(blocked.append)
    try:
        hostile(f"/{page}")
        if page == "window_open_elsewhere":
            click(env, qtbot, lambda: bool(blocked))
        qtbot.waitUntil(lambda: bool(blocked), timeout=WAIT)
    finally:
        env.browser.navigation_blocked.disconnect(blocked.append)
    assert blocked[0] == env.other.host
    assert env.page.url().path() == f"/{page}"


@pytest.mark.parametrize(
    "page",
    [
        "location_file",
        "location_view_source",
        "location_data",
        "location_chrome",
        "location_qrc",
        "iframe_elsewhere",
        "protocol_handler",
        "close_window",
    ],
)
def test_scripts_cannot_leave_the_site(env: Env, hostile, qtbot, page: str) -> None:  # type: ignore[no-untyped-def]
    hostile(f"/{page}")
    click(env, qtbot, lambda: env.page.title() == "settled")
    assert env.page.url().path() == f"/{page}"  # still the same document


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "view-source:http://127.0.0.1/",
        "view-source:SITE/second",
        "data:text/html,<h1>data</h1>",
        "chrome://gpu",
        "qrc:/",
        "about:config",
    ],
)
def test_typed_local_addresses_are_refused_with_a_message(
    env: Env, hostile, qtbot, url: str
) -> None:  # type: ignore[no-untyped-def]
    url = url.replace("SITE", env.site.origin)
    hostile("/second")
    with qtbot.waitSignal(env.browser.navigation_blocked, timeout=WAIT):
        env.browser.load(url)
    assert env.browser.banner.text() == blocked_message(LOCAL)
    qtbot.waitUntil(lambda: env.page.url().path() == "/second", timeout=WAIT)


def test_a_script_to_about_config_ends_back_on_the_site(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    # Chromium turns it into "about:blank#blocked" on its own; the browser goes back.
    hostile("/location_about")
    with qtbot.waitSignal(env.browser.navigation_blocked, timeout=WAIT) as blocked:
        click(env, qtbot, lambda: blocked.signal_triggered)
    assert env.browser.banner.text() == blocked_message(LOCAL)
    qtbot.waitUntil(lambda: env.page.url().path() == "/location_about", timeout=WAIT)
    qtbot.waitUntil(lambda: env.page.title() == "ready", timeout=WAIT)


# -- popups stay in the same view -----------------------------------------------------------------


def test_window_open_and_target_blank_stay_in_the_same_view(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    for path in ("/window_open", "/links?href=/second&target=_blank"):
        hostile(path)
        click(env, qtbot, lambda: env.page.url().path() == "/second")
        qtbot.waitUntil(lambda: env.page.title() == "second", timeout=WAIT)
        env.escapes.check()


# -- permissions, full screen, clipboard ---------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "fullscreen",
        "camera",
        "microphone",
        "screen_capture",
        "geolocation",
        "notification",
        "clipboard_read",
        "file_system_access",
    ],
)
def test_permissions_and_full_screen_are_refused(env: Env, hostile, qtbot, page: str) -> None:  # type: ignore[no-untyped-def]
    hostile(f"/{page}")
    if page == "file_system_access":  # our picker answers it (session files only): cancel
        _when_picker_opens(env, env.browser.picker.cancel_button.click)
    click(env, qtbot, lambda: env.page.title() not in ("ready", ""))
    assert env.page.title().startswith("refused"), env.page.title()
    assert not env.kiosk.window.isFullScreen()
    assert env.browser.pages.currentWidget() is env.browser.view


def test_a_page_cannot_write_the_clipboard(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    hostile("/clipboard_write")
    resident_copies(env.kiosk.window, "the resident's own text")
    click(env, qtbot, lambda: env.page.title() not in ("ready", ""))
    assert env.page.title().startswith("refused"), env.page.title()
    assert QGuiApplication.clipboard().text() == "the resident's own text"


# -- downloads, the PDF viewer, printing ---------------------------------------------------------


def test_a_download_goes_into_the_session_folder_only(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    hostile("/links?href=/file.txt")
    with qtbot.waitSignal(env.browser.downloaded, timeout=WAIT) as saved:
        click(env, qtbot, lambda: saved.signal_triggered)
    path = saved.args[0]
    assert path.parent == env.session_dir / "downloads"
    assert path.name == "evil name.txt"  # no folders from the server's name
    assert path.read_bytes() == b"a file from the website\n"
    assert "evil name.txt" in env.browser.banner.text()
    assert not env.browser.showing_pdf


def test_a_pdf_opens_only_in_our_viewer_whose_buttons_stay_inside(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.browser.pdf_viewer import PdfViewer

    hostile("/links?href=/doc.pdf")
    with qtbot.waitSignal(env.browser.pdf_opened, timeout=WAIT) as opened:
        click(env, qtbot, lambda: opened.signal_triggered)
    path = opened.args[0]
    assert path.parent == env.session_dir / "downloads"
    viewer = env.browser.pdf_viewer
    assert isinstance(viewer, PdfViewer)
    assert env.browser.showing_pdf
    assert viewer.page_count == 1
    env.escapes.check()

    # "Keep this file" (the viewer's download button) only keeps it in the session folder.
    with qtbot.waitSignal(viewer.kept, timeout=WAIT) as kept:
        viewer.keep_button.click()
    assert kept.args[0].resolve().is_relative_to(env.session_dir.resolve())
    outside = env.session_dir.parent / "outside.pdf"
    outside.write_bytes(path.read_bytes())
    assert viewer.open(outside)
    with qtbot.waitSignal(viewer.kept, timeout=WAIT) as kept:
        viewer.keep_button.click()
    assert kept.args[0].parent == env.session_dir
    env.escapes.check()

    # "Print" goes to our print flow: no dialog; no printer here, so it stays for a volunteer.
    with qtbot.waitSignal(viewer.printed, timeout=WAIT) as printed:
        viewer.print_button.click()
    assert "ask a volunteer" in printed.args[0]
    env.escapes.check()
    viewer.back.click()
    assert env.browser.pages.currentWidget() is env.browser.view


def test_window_print_goes_through_our_print_flow(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = set(env.session_dir.glob("*.pdf")) if env.session_dir.exists() else set()
    hostile("/print")
    with qtbot.waitSignal(env.browser.printed, timeout=WAIT) as printed:
        click(env, qtbot, lambda: printed.signal_triggered)
    assert "ask a volunteer" in printed.args[0]
    made = set(env.session_dir.glob("*.pdf")) - before
    assert len(made) == 1
    assert next(iter(made)).read_bytes().startswith(b"%PDF-")


# -- uploads: our own picker, limited to the session folder ----------------------------------------


def _when_picker_opens(env: Env, action: Callable[[], None]) -> None:
    """The picker runs its own event loop (the page waits for its answer): act from a timer."""

    def poll() -> None:
        if not shiboken6.isValid(env.browser.picker):
            return  # the test ended (and its browser went) before the picker opened
        if env.browser.picker.isVisible():
            action()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def test_an_upload_shows_only_the_session_files(env: Env, hostile, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env.session_dir.mkdir(parents=True, exist_ok=True)
    scan = env.session_dir / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the website")
    (env.session_dir / "link-out.txt").symlink_to(secret)
    hostile("/upload")
    seen: list[list[str]] = []

    def choose() -> None:
        picker = env.browser.picker
        seen.append([picker.files.item(i).text() for i in range(picker.files.count())])
        env.escapes._look_for_dialogs()
        assert picker.select("scan.pdf")
        picker.choose_button.click()

    _when_picker_opens(env, choose)
    click(env, qtbot, lambda: env.page.title().startswith("chosen:"))
    assert env.page.title() == f"chosen:scan.pdf/{scan.stat().st_size}"
    assert "scan.pdf" in seen[0]
    assert "link-out.txt" not in seen[0]
    assert not env.browser.picker.isVisible()
    (env.session_dir / "link-out.txt").unlink()


def test_cancelling_the_picker_uploads_nothing(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    hostile("/upload?accept=" + QUrl.toPercentEncoding('accept=".png"').data().decode())
    _when_picker_opens(env, env.browser.picker.cancel_button.click)
    click(env, qtbot, lambda: env.page.title() == "cancelled")


def test_a_folder_upload_is_refused(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    hostile("/upload?accept=webkitdirectory")
    click(env, qtbot, lambda: env.page.title() == "cancelled")
    assert not env.browser.picker.isVisible()


# -- drag and drop, keys --------------------------------------------------------------------------


def test_a_dropped_file_is_ignored(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    hostile("/second")
    assert not env.browser.view.acceptDrops()
    assert all(not child.acceptDrops() for child in env.browser.view.findChildren(QWidget))
    proxy = env.browser.view.focusProxy()
    assert proxy is not None
    assert not proxy.acceptDrops()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile("/etc/passwd")])
    handle = env.kiosk.window.windowHandle()
    before = env.kiosk.key_guard.blocked
    point = QPointF(400, 300)
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        point.toPoint(), actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(handle, enter)
    drop = QDropEvent(
        point, actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(handle, drop)
    assert env.kiosk.key_guard.blocked >= before + 2
    qtbot.wait(200)
    assert env.page.url().path() == "/second"


SHORTCUTS = [
    "Ctrl+P",
    "Ctrl+S",
    "Ctrl+O",
    "Ctrl+N",
    "Ctrl+T",
    "Ctrl+W",
    "Ctrl+U",
    "F11",
    "F12",
    "Ctrl+Shift+I",
    "Ctrl+Shift+J",
    "Alt+F4",
]


def test_shortcuts_sent_to_the_main_window_are_swallowed(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    hostile("/keys")
    handle = env.kiosk.window.windowHandle()
    click(env, qtbot, lambda: js(env, qtbot, "document.activeElement.id") == "field")
    # Each shortcut goes to the window (where real key presses arrive) and is swallowed there.
    for sequence in SHORTCUTS:
        key = QKeySequence(sequence)[0]
        before = env.kiosk.key_guard.blocked
        QTest.keyClick(handle, key.key(), key.keyboardModifiers())
        assert env.kiosk.key_guard.blocked > before, sequence
    # None of them reached the page (a bare modifier press may; ordinary typing reaching the
    # page is shown by the residue test).
    keys = json.loads(js(env, qtbot, "JSON.stringify(window.keys)"))
    main_keys = {"p", "s", "o", "n", "t", "w", "u", "i", "j", "F11", "F12", "F4"}
    assert [
        k for k in keys if k.rsplit("+", 1)[-1] in main_keys | {m.upper() for m in main_keys}
    ] == []
    assert env.kiosk.window.isVisible()
    assert os.environ.get("QTWEBENGINE_REMOTE_DEBUGGING") is None
