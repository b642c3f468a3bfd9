"""A reset can happen at any moment: the child process that resets from inside each state.

`python -m tests.reliability.reset_anywhere STATE` builds the real kiosk (offscreen, in a
temporary home), serves the hostile pages on 127.0.0.1, starts a guide whose web step shows one
of them, brings the kiosk into STATE, and starts the reset *from inside* that state (from a timer
that runs in the state's own event loop, as the idle countdown's timers do; or with the guide's
own buttons). Then it checks that the reset completed (every action done), that no window, dialog
or popup is left, and that the next session is clean (a new guide run, a new web page that finds
no cookie and no storage of the first, and answers). It prints `clean STATE` and exits 0. A crash
(the `free(): invalid size` abort of #25) kills only this child: `run_state()` reports it.

States (`STATES`): a page's alert (the idle countdown expires inside it), confirm (the guide's
Stop, then Start over), prompt, an armed `beforeunload`, the kiosk's help overlay over a page
alert, a download in progress, a print being made, a page load in progress, a page that
busy-loops (the guide's Back, Stop and Start over are pressed while it spins), the file picker,
the camera of a QR step, a `<select>` popup (kept below the header), a crashed page, keys typed
into a datalist's suggestion popup, and a File System Access picker taken past the page's guard.

`bench/reset_anywhere.py` loops `run_state()` over every state.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

STATES = (
    "alert",
    "confirm",
    "prompt",
    "beforeunload",
    "overlay",
    "download",
    "print",
    "load",
    "hung",
    "picker",
    "camera",
    "popup",
    "crashed",
    "datalist",
    "fsapi",
)
WAIT = 20.0


@dataclass
class Result:
    state: str
    returncode: int
    stdout: str
    stderr: str

    @property
    def clean(self) -> bool:
        return self.returncode == 0 and f"clean {self.state}" in self.stdout


def run_state(state: str, timeout: float = 120.0) -> Result:
    """Run the child for `state`; a crash or a hang is a failed result, never ours."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "QTWEBENGINE_CHROMIUM_FLAGS": os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu"),
    }
    if os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.reliability.reset_anywhere", state],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout.decode() if isinstance(expired.stdout, bytes) else ""
        return Result(state, -999, out, "timed out")
    return Result(state, done.returncode, done.stdout, done.stderr)


# -- the child ----------------------------------------------------------------------------------


class Child:
    def __init__(self, state: str) -> None:
        from kiosk.app import build_kiosk
        from kiosk.config import SessionSettings, Settings
        from kiosk.paths import home_paths
        from tests.reliability.hostile_web import make_pdf, start_hostile_site, start_other_site

        self.state = state
        home = Path(tempfile.mkdtemp(prefix="kiosk-reset-anywhere-"))
        settings = Settings(session=SessionSettings(idle_timeout=3600, countdown=30))
        self.kiosk = build_kiosk(
            settings, home_paths(home), tiles_loader=lambda _p: [], open_store=False
        )
        self.app = self.kiosk.app
        self.window = self.kiosk.window
        self.window.resize(1366, 768)
        self.window.show()
        self.other = start_other_site()
        pdf = make_pdf(home / "letter.pdf")
        self.site = start_hostile_site(
            self.other,
            pdf,
            {"/check": "<!doctype html><title>check</title><p>check</p>"},
        )
        self.flow = self.kiosk.flows.guides
        self.flow.allow_insecure_hosts = (self.site.host,)
        self.flow.speech_engine = "mock"

    # -- helpers ---------------------------------------------------------------------------------

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
        from PySide6.QtCore import QEventLoop

        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.state}: timed out waiting for {what}")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def spin(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        self.wait(lambda: time.monotonic() >= end, "time")

    def when(self, condition: Callable[[], bool], action: Callable[[], None]) -> None:
        """Run `action` once `condition` holds, from a timer (inside any local event loop)."""
        from PySide6.QtCore import QTimer

        def poll() -> None:
            if condition():
                action()
            else:
                QTimer.singleShot(20, poll)

        QTimer.singleShot(20, poll)

    def guide(self, path: str) -> Any:
        from kiosk.domain.guide import Guide, InfoStep, WebStep

        return Guide(
            id="reset-anywhere",
            version=1,
            category="money",
            languages=("en",),
            title={"en": "Reset anywhere"},
            summary={"en": "Only for tests."},
            steps=(
                InfoStep(id="first", text={"en": "First."}),
                WebStep(id="web", text={"en": "The website."}, url=self.site.url(path)),
                InfoStep(id="end", text={"en": "The end."}),
            ),
        )

    def open_web(self, path: str) -> Any:
        """Start the guide and go to its web step; returns the screen."""
        screen = self.flow.start_guide(self.guide(path))
        screen.go_next()  # first -> web
        browser = screen.step_widget.browser
        self.wait(lambda: browser.page.title() not in ("", "about:blank"), "the page")
        return screen

    def browser(self, screen: Any) -> Any:
        return screen.step_widget.browser

    def click(self, browser: Any, until: Callable[[], bool], x: int = 300, y: int = 200) -> None:
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        for _attempt in range(5):
            target = browser.view.focusProxy()
            if target is not None:
                QTest.mouseClick(
                    target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y)
                )
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline and not until():
                self.app.processEvents()
                time.sleep(0.01)
            if until():
                return
        raise AssertionError(f"{self.state}: the click did nothing")

    def js(self, browser: Any, code: str) -> Any:
        result: list[Any] = []
        browser.page.runJavaScript(code, 0, result.append)
        self.wait(lambda: bool(result), f"javascript {code!r}")
        return result[0]

    def dialog_open(self, browser: Any) -> bool:
        dialog = browser.page_dialog
        return dialog is not None and dialog.is_open

    def reset(self, reason: str = "start_over") -> None:
        self.kiosk.start_over(reason)

    def countdown_reset(self) -> None:
        """The idle countdown, down to its last second, expires: a reset from its timer."""
        countdown = self.window.countdown
        countdown.seconds = 1
        countdown.start()

    # -- the states ------------------------------------------------------------------------------

    def enter(self) -> None:
        getattr(self, f"state_{self.state}")()

    def state_alert(self) -> None:
        browser = self.browser(self.open_web("/alert"))

        def shot_then_countdown() -> None:
            from tests.support.screens import screens_dir

            folder = screens_dir()
            if folder is not None:  # the page's alert beside the guide's text
                self.window.grab().save(str(folder / "page-alert-in-guide.png"))
            self.countdown_reset()

        self.when(lambda: self.dialog_open(browser), shot_then_countdown)
        self.click(browser, lambda: bool(self.kiosk.resets))

    def state_confirm(self) -> None:
        screen = self.open_web("/confirm")
        browser = self.browser(screen)

        def stop_then_start_over() -> None:
            screen.stop_button.click()  # the guide's Stop, inside the dialog
            self.reset()

        self.when(lambda: self.dialog_open(browser), stop_then_start_over)
        self.click(browser, lambda: bool(self.kiosk.resets))

    def state_prompt(self) -> None:
        browser = self.browser(self.open_web("/prompt"))
        self.when(lambda: self.dialog_open(browser), self.reset)
        self.click(browser, lambda: bool(self.kiosk.resets))

    def state_beforeunload(self) -> None:
        browser = self.browser(self.open_web("/beforeunload"))
        self.click(browser, lambda: browser.page.title() == "armed")
        self.reset()

    def state_overlay(self) -> None:
        browser = self.browser(self.open_web("/alert"))

        def help_then_countdown() -> None:
            self.window.show_help()
            self.countdown_reset()

        self.when(lambda: self.dialog_open(browser), help_then_countdown)
        self.click(browser, lambda: bool(self.kiosk.resets))

    def state_download(self) -> None:
        browser = self.browser(self.open_web("/huge_download"))
        downloads = self.flow.web_session().downloads
        # Reset at once while the download is active: the local server streams so fast that
        # waiting for progress could see the 100 MB limit stop it first (a timeout in CI).
        self.click(browser, lambda: bool(downloads._active))
        self.reset()

    def state_print(self) -> None:
        browser = self.browser(self.open_web("/print"))
        started: list[bool] = []

        def now() -> None:  # printToPdf was just asked for: the job is being made
            started.append(True)
            self.reset()

        browser.page.print_wanted.connect(now)
        self.click(browser, lambda: bool(started))

    def state_load(self) -> None:
        screen = self.open_web("/second")
        browser = self.browser(screen)
        browser.load(self.site.url("/slow"))
        self.wait(lambda: "/slow" in self.site.hits, "the slow load to reach the server")
        self.spin(0.2)
        assert browser.page.title() != "slow", "the load was not in progress"
        self.reset()

    def state_hung(self) -> None:
        """While the page spins, the guide's Back, Stop and Start over work at once: each
        press changes the screen before it returns (the GUI thread never waits for the
        renderer), and a heartbeat timer kept firing while the page spun."""
        from PySide6.QtCore import QTimer

        beats: list[int] = []
        heart = QTimer()
        heart.setInterval(10)
        heart.timeout.connect(lambda: beats.append(1))
        heart.start()

        def spinning(screen: Any) -> None:
            """The page spins (a question to it stays unanswered) while the GUI thread goes on
            handling events: counted in heartbeat timer events, not in seconds."""
            browser = self.browser(screen)
            self.click(browser, lambda: browser.page.title() == "busy")
            self.spin(0.2)  # the page's endless loop starts 50 ms after the title
            answers: list[object] = []
            browser.page.runJavaScript("1", 0, answers.append)
            before = len(beats)
            self.wait(lambda: len(beats) >= before + 20, "20 heartbeats while the page spins")
            assert answers == [], "the page was not spinning"

        screen = self.open_web("/busy")
        spinning(screen)
        screen.back_button.click()
        assert screen.run.current.id == "first", "Back did not respond"
        screen.go_next()
        spinning(screen)
        screen.stop_button.click()
        assert self.flow.screen is None, "Stop did not respond"
        screen = self.open_web("/busy")
        spinning(screen)
        self.window.start_over_requested.emit()
        assert self.kiosk.resets, "Start over did not respond"
        heart.stop()
        print("responsive: Back, Stop and Start over while the page spun", flush=True)

    def state_picker(self) -> None:
        browser = self.browser(self.open_web("/upload"))
        self.when(lambda: browser.picker.isVisible(), self.reset)
        self.click(browser, lambda: bool(self.kiosk.resets))

    def state_camera(self) -> None:
        from PySide6.QtGui import QImage
        from PySide6.QtMultimedia import QVideoFrame, QVideoSink

        from kiosk.domain.guide import Guide, InfoStep, QrScanStep
        from kiosk.qr.camera import FrameDecoder
        from kiosk.qr.scan import ScanSources

        sink = QVideoSink()
        decoder = FrameDecoder(sink, preview=True)
        scans = self.kiosk.paths.session_dir / "scans"
        scans.mkdir(parents=True, exist_ok=True)
        self.flow.qr_sources = ScanSources(decoder=decoder, scans=scans, usb_roots=())
        guide = Guide(
            id="reset-camera",
            version=1,
            category="money",
            languages=("en",),
            title={"en": "Camera"},
            summary={"en": "Only for tests."},
            steps=(
                QrScanStep(id="scan", text={"en": "Read the code."}, field="code"),
                InfoStep(id="end", text={"en": "The end."}),
            ),
        )
        self.flow.start_guide(guide)
        assert decoder.is_running(), "the camera did not start"
        image = QImage(640, 480, QImage.Format.Format_RGB32)
        image.fill(0x808080)
        for _ in range(5):
            sink.setVideoFrame(QVideoFrame(image))
            self.spin(0.02)
        self.reset()
        assert not decoder.is_running(), "the camera still runs after the reset"

    def state_popup(self) -> None:
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication

        browser = self.browser(self.open_web("/pickers"))
        before = {id(w) for w in QGuiApplication.topLevelWindows() if w.isVisible()}
        view = browser.view
        x, y = int(view.width() * 0.75), int(view.height() * 0.55) + 30
        self.click(
            browser,
            lambda: any(
                w.isVisible() and id(w) not in before for w in QGuiApplication.topLevelWindows()
            ),
            x,
            y,
        )
        header = self.window.header
        top = header.mapToGlobal(QPoint(0, header.height())).y()
        shown = [
            w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not self.window
        ]
        assert all(w.geometry().top() >= top for w in shown), "a page popup covers the header"
        self.reset()

    def state_crashed(self) -> None:
        from PySide6.QtCore import QUrl

        browser = self.browser(self.open_web("/second"))
        # Chromium ignores its crash address while the page's renderer is not live yet (the
        # title can show before /second has its renderer): the crash never came, 1 run in 10.
        self.wait(lambda: browser.page.title() == "second", "the page's renderer")
        browser.page.load(QUrl("chrome://crash"))
        self.wait(lambda: browser.showing_stopped_page, "the stopped page")
        self.reset()

    def state_datalist(self) -> None:
        """Typing while a `<datalist>` field's suggestion popup is open, and the page's widget
        has no Qt focus (as after the kiosk window was activated again and gave its focus back):
        the popup passes each key on to `view.focusWidget()`, a null object then, and the kiosk
        died in libQt6Core (#25, round two). Then the idle countdown resets."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtTest import QTest

        browser = self.browser(self.open_web("/datalist"))
        self.wait(lambda: browser.page.title() == "ready", "the page's script")
        before = {id(w) for w in QGuiApplication.topLevelWindows() if w.isVisible()}

        def popup() -> bool:
            return any(
                w.isVisible() and id(w) not in before for w in QGuiApplication.topLevelWindows()
            )

        self.click(browser, lambda: browser.page.title() == "focused")
        seen = False
        for letter in "gagxgo":
            self.wait(popup, "the suggestion popup")
            seen = True
            focused = browser.view.focusWidget()
            if focused is not None:
                focused.clearFocus()
            assert browser.view.focusWidget() is None, "the page's widget kept the focus"
            # As a keyboard types: to the focused window, so Qt hands the key to the open popup.
            target = QGuiApplication.focusWindow() or self.window.windowHandle()
            key = Qt.Key.Key_Backspace if letter == "x" else Qt.Key(ord(letter.upper()))
            QTest.keyClick(target, key)
            self.spin(0.3)  # the popup is made again for the new letter
            if not popup():
                QTest.keyClick(target, Qt.Key.Key_Down)  # bring it back for the next key
                self.spin(0.3)
        assert seen, "the datalist popup never showed"
        print("typed into the datalist field with its popup open", flush=True)
        self.countdown_reset()
        self.wait(lambda: bool(self.kiosk.resets), "the idle reset")

    def state_fsapi(self) -> None:
        """A page's `showOpenFilePicker()`, taken from a fresh frame where the in-page guard has
        not run: refused at once by the kiosk, no chooser; then the idle countdown resets (with
        the chooser open, that reset crashed in #25, round two)."""
        browser = self.browser(self.open_web("/file_system_access_unguarded"))
        self.wait(lambda: browser.page.title() == "ready", "the page's script")
        self.click(browser, lambda: browser.page.title() != "ready" or browser.picker.isVisible())
        self.spin(0.5)
        assert not browser.picker.isVisible(), "showOpenFilePicker opened the kiosk's chooser"
        assert browser.page.title().startswith("refused:"), browser.page.title()
        print(f"page says {browser.page.title()}", flush=True)
        self.countdown_reset()
        self.wait(lambda: bool(self.kiosk.resets), "the idle reset")

    # -- after the reset -------------------------------------------------------------------------

    def check(self) -> None:
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication

        self.wait(lambda: bool(self.kiosk.resets), "the reset")
        self.spin(0.5)  # deferred deletions, the page that waited in its question, ...
        report = self.kiosk.resets[-1]
        assert report.ok, f"reset actions failed: {report.failed}"
        assert self.flow.screen is None, "the guide is still open"
        assert not self.flow.web_session().active, "the web profile survived"
        shown = [
            w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not self.window
        ]
        assert shown == [], f"windows left after the reset: {shown}"
        windows = [w for w in QGuiApplication.topLevelWindows() if w.isVisible()]
        assert windows == [self.window.windowHandle()], f"windows left: {windows}"
        assert QApplication.activeModalWidget() is None
        # Only the receipt ("Everything was wiped") that every reset shows.
        left = [type(o).__name__ for o in self.window.overlays if o.is_open]
        assert left in ([], ["ReceiptOverlay"]), f"overlays still open: {left}"
        self.window.receipt.close_overlay()
        # The next session: a new run, a new page; nothing of the first one.
        screen = self.open_web("/check")
        browser = self.browser(screen)
        self.wait(lambda: browser.page.title() == "check", "the next session's page")
        found = self.js(browser, "document.cookie + '|' + localStorage.getItem('resident')")
        assert found == "|null", f"the next session found {found!r}"
        self.flow.close()
        self.reset("done")
        self.spin(0.2)

    def mark_first_session(self) -> None:
        """Session 1 leaves a cookie and storage behind (the next must not find them)."""
        screen = self.open_web("/second")
        browser = self.browser(screen)
        self.js(
            browser,
            "document.cookie = 'resident=1; max-age=3600; path=/';"
            "localStorage.setItem('resident', '1'); 'ok'",
        )
        self.flow.close()

    def close(self) -> None:
        self.kiosk.shutdown()
        self.window.allow_close()
        self.window.close()
        self.site.stop()
        self.other.stop()


def child_main(state: str) -> int:
    import logging

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    if os.geteuid() == 0:  # QtWebEngine refuses to run as root with its sandbox (tests only)
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

    logging.basicConfig(level=logging.WARNING)
    child = Child(state)
    child.mark_first_session()
    child.enter()
    child.check()
    child.close()
    print(f"clean {state}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(child_main(sys.argv[1]))
