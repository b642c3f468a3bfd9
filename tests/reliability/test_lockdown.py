"""Lockdown, round two (#25): what a page can still do through Chromium that Qt turns into a
window, a job, a clipboard change or a dead area, each refused or kept inside the kiosk.

Same set-up as the hostile-pages suite (`test_escape`): the real `GuardedBrowser` in the real
kiosk window, pages from a local site on 127.0.0.1, every vector started by a real click in the
page, and the `Escapes` watcher after each test (no window, no dialog, no process, no hand-over).
Findings of the issue and the tests that hold them:

1. a reset during a page dialog: `test_reset_anywhere.py` (a child process per state);
2. page dialogs as windows: `test_alert_*`, `test_confirm_*`, `test_prompt_*`,
   `test_a_dialog_storm_*`, `test_beforeunload_*`, `test_the_colour_picker_*`; the date
   picker and `<select>` list over the kiosk's header: `test_page_popups.py`; a File System
   Access picker taken past the in-page guard: `test_a_file_system_picker_past_the_page_guard_*`;
3. the clipboard: `test_no_page_writes_the_clipboard`;
4. printing: `test_a_print_without_a_gesture_*`, `test_one_print_job_at_a_time_*`;
5. the mouse's Back button: `test_mouse_back_and_forward_*` (and a page's own history moves:
   `test_history_back_from_a_page_timer_*`, `test_history_back_through_a_fresh_frame_*`);
6. a dead page: `test_a_crashed_renderer_*`, `test_a_hung_page_*` (and the guide's buttons
   during a busy loop: `test_reset_anywhere.py`, state "hung");
7. ports: `tests/ui/flows/guides/test_web_step.py` (`test_site_policy_matches_the_port`, frames)
   and `tests/guides/test_rules.py` (the checker).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.ui.browser.dialogs import DialogGate, PageDialog
from kiosk.ui.printing.proof import PrintOutcome
from tests.reliability.hostile_web import resident_copies
from tests.reliability.test_escape import WAIT, Env, click, js
from tests.support.screens import screens_dir

pytestmark = pytest.mark.qt_log_ignore(
    r"^QRhiGles2: Failed to create (temporary )?context$",
    r"^Failed to create RHI for backend: OpenGL$",
    r"^GPUInfo not initialized on GpuInfoUpdate$",
    r"^(Screen|Window) capturing is not available\. Media list will be empty\.$",
    # a <select> popup on the offscreen platform
    r"^This plugin does not support (raise\(\)|grabbing the keyboard)$",
)


def shot(widget: Any, name: str) -> None:
    """A screenshot into docs/screens when KIOSK_TEST_SCREENS asks for it."""
    folder = screens_dir()
    if folder is not None:
        widget.grab().save(str(folder / name))


class FakeClock:
    """Starts at the real monotonic time (earlier gestures stay comparable); moves only when
    the test moves it."""

    def __init__(self) -> None:
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(env: Env) -> Iterator[FakeClock]:
    """The browser's gesture and hang clocks, moved by the test."""
    fake = FakeClock()
    gestures, hang = env.browser.gestures, env.browser.hang_watch
    old = (gestures.clock, hang.clock)
    gestures.clock = hang.clock = fake
    yield fake
    gestures.clock, hang.clock = old


_polls: list[dict[str, bool]] = []


@pytest.fixture(autouse=True)
def _stop_polls(env: Env) -> Iterator[None]:
    env.kiosk.window.apply_language("en")  # the texts asserted here are English
    yield
    for poll in _polls:
        poll["on"] = False
    _polls.clear()


def when_dialog_opens(env: Env, action: Callable[[PageDialog], None]) -> list[str]:
    """The page waits inside the dialog (a local event loop): act from a timer, once per
    dialog opened (until the test ends or the next call); returns the list of what each
    dialog showed."""
    for earlier in _polls:
        earlier["on"] = False
    seen: list[str] = []
    answered: set[int] = set()
    state = {"on": True}
    _polls.append(state)

    def poll() -> None:
        if not state["on"]:
            return
        dialog = env.browser.page_dialog
        if dialog is not None and dialog.is_open and dialog.opened_order not in answered:
            answered.add(dialog.opened_order)
            seen.append(f"{dialog.kind}|{dialog.title.text()}|{dialog.text.text()}")
            action(dialog)
        QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
    return seen


# -- 2. page dialogs --------------------------------------------------------------------------


def test_alert_is_an_in_window_overlay_with_the_site_name(env: Env, hostile, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    hostile("/alert")
    state: dict[str, Any] = {}
    watch = env.browser.hang_watch

    def answer(dialog: PageDialog) -> None:
        # The page waits for the resident (its renderer answers nothing): not a hang.
        for _tick in range(3):
            clock.now += 20
            watch.check()
        state["stopped"] = env.browser.showing_stopped_page
        state["window"] = dialog.isWindow()
        state["cancel"] = dialog.cancel_button.isVisible()
        state["field"] = dialog.field.isVisible()
        state["top"] = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        shot(env.kiosk.window, "page-alert.png")
        dialog.ok_button.click()

    seen = when_dialog_opens(env, answer)
    click(env, qtbot, lambda: env.page.title() == "alerted")
    assert seen == [
        f"alert|The website {env.site.host} says:|"
        "Pay now to BE71 0961 2345 6769 or lose your allowance!"
    ]
    assert state == {
        "stopped": False,
        "window": False,
        "cancel": False,
        "field": False,
        "top": [env.kiosk.window],
    }
    assert env.browser.page_dialog is not None
    assert env.kiosk.window.isAncestorOf(env.browser.page_dialog)


@pytest.mark.parametrize(
    ("press", "title"),
    [("ok", "confirm:true"), ("cancel", "confirm:false"), ("escape", "confirm:false")],
)
def test_confirm_answers_with_the_kiosks_buttons(  # type: ignore[no-untyped-def]
    env: Env,
    hostile,
    qtbot,
    press: str,
    title: str,
) -> None:
    hostile("/confirm")

    def answer(dialog: PageDialog) -> None:
        assert dialog.ok_button.text() == "OK"
        assert dialog.cancel_button.text() == "Cancel"
        if press == "ok":
            shot(env.kiosk.window, "page-confirm.png")
            dialog.ok_button.click()
        elif press == "cancel":
            dialog.cancel_button.click()
        else:
            QTest.keyClick(dialog.ok_button, Qt.Key.Key_Escape)

    seen = when_dialog_opens(env, answer)
    click(env, qtbot, lambda: env.page.title().startswith("confirm:"))
    assert env.page.title() == title
    assert seen == [f"confirm|The website {env.site.host} says:|Delete your application?"]


def test_prompt_answers_with_the_typed_text(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    hostile("/prompt")

    def answer(dialog: PageDialog) -> None:
        assert dialog.field.isVisible()
        assert dialog.field.text() == "Jan"
        dialog.field.setText("Anna")
        shot(env.kiosk.window, "page-prompt.png")
        dialog.ok_button.click()

    when_dialog_opens(env, answer)
    click(env, qtbot, lambda: env.page.title().startswith("prompt:"))
    assert env.page.title() == "prompt:Anna"

    hostile("/prompt")
    when_dialog_opens(env, lambda dialog: dialog.cancel_button.click())
    click(env, qtbot, lambda: env.page.title().startswith("prompt:"))
    assert env.page.title() == "prompt:null"


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_in_a_prompt_accepts_the_typed_text(env: Env, hostile, qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    hostile("/prompt")

    def answer(dialog: PageDialog) -> None:
        dialog.field.clear()
        QTest.keyClicks(dialog.field, "Piet")
        modifier = (
            Qt.KeyboardModifier.KeypadModifier
            if key == Qt.Key.Key_Enter
            else Qt.KeyboardModifier.NoModifier
        )
        QTest.keyClick(dialog.field, key, modifier)

    when_dialog_opens(env, answer)
    click(env, qtbot, lambda: env.page.title().startswith("prompt:"))
    assert env.page.title() == "prompt:Piet"


def test_a_dialog_storm_gives_one_overlay_then_one_per_click(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    # 40 alerts from a timer, without a gesture: the first is shown, the other 39 are not.
    env.browser.dialog_gate = DialogGate()  # a new visit: the view is shared by these tests
    seen = when_dialog_opens(env, lambda dialog: dialog.ok_button.click())
    env.browser.hide_banner()
    env.browser.load(env.site.url("/alert_storm"))
    qtbot.waitUntil(lambda: env.page.title() == "storm:40", timeout=WAIT)
    assert seen == [f"alert|The website {env.site.host} says:|storm 0"]
    # A click of the resident: one more.
    env.escapes.snapshot()
    click(env, qtbot, lambda: env.page.title() == "clicked")
    assert seen == [
        f"alert|The website {env.site.host} says:|storm 0",
        f"alert|The website {env.site.host} says:|after a click",
    ]


def test_a_page_reloading_itself_gets_no_second_dialog_without_a_gesture(  # type: ignore[no-untyped-def]
    env: Env, hostile, qtbot
) -> None:
    # alert, then location.reload(), five times: the allowance is per site, not per load.
    env.browser.dialog_gate = DialogGate()  # a new visit: the view is shared by these tests
    seen = when_dialog_opens(env, lambda dialog: dialog.ok_button.click())
    env.browser.load(env.site.url("/alert_reload"))
    qtbot.waitUntil(lambda: env.page.title() == "loads:5", timeout=WAIT)
    assert [entry.rsplit("|", 1)[1] for entry in seen] == ["reload 1"]


def test_a_refused_link_to_another_port_names_host_and_port(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    # The other site is on 127.0.0.1 too: "another website (127.0.0.1)" would name this one.
    env.browser.hide_banner()
    env.browser.load(env.other.url("/"))
    qtbot.waitUntil(env.browser.banner.isVisible, timeout=WAIT)
    assert f"another website ({env.other.host})" in env.browser.banner.text()
    assert ":" in env.other.host


def test_a_refused_clipboard_write_shows_no_device_banner(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    env.browser.hide_banner()
    hostile("/clipboard_write")
    click(env, qtbot, lambda: env.page.title() not in ("ready", ""))
    qtbot.wait(300)
    assert "camera" not in env.browser.banner.text() or not env.browser.banner.isVisible()


def test_beforeunload_never_holds_the_kiosks_navigation(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    hostile("/beforeunload")
    click(env, qtbot, lambda: env.page.title() == "armed")
    opened = Overlays(env)
    with qtbot.waitSignal(env.browser.loaded, timeout=WAIT):
        env.browser.load(env.site.url("/second"))
    qtbot.waitUntil(lambda: env.page.title() == "second", timeout=WAIT)
    assert opened.count() == 0


class Overlays:
    """How many page dialogs opened since this was made."""

    def __init__(self, env: Env) -> None:
        self.env = env
        dialog = env.browser.page_dialog
        self.start = dialog.opened_order if dialog is not None else 0

    def count(self) -> int:
        dialog = self.env.browser.page_dialog
        return 0 if dialog is None else max(0, dialog.opened_order - self.start)


def test_the_colour_picker_is_refused_and_the_page_lives_on(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    hostile("/pickers")
    before = env.browser.refused_pickers
    click(env, qtbot, lambda: env.browser.refused_pickers > before)
    qtbot.wait(100)
    assert not [
        w for w in QApplication.topLevelWidgets() if w.isVisible() and w.inherits("QDialog")
    ]
    # The page is not stuck in its picker: a second click opens (and is refused) again.
    click(env, qtbot, lambda: env.browser.refused_pickers > before + 1)
    assert js(env, qtbot, "1 + 1") == 2
    assert env.page.title() in ("ready", "clicked")


# -- 3. the clipboard -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["copy", "cut", "timer", "event", "writeText"])
def test_no_page_writes_the_clipboard(env: Env, hostile, qtbot, mode: str) -> None:  # type: ignore[no-untyped-def]
    hostile("/clipboard_write" if mode == "writeText" else f"/clipboard_copy?mode={mode}")
    resident_copies(env.kiosk.window, "the resident's own text")
    if mode == "timer":
        env.browser.load(env.site.url("/clipboard_copy?mode=timer"))
        qtbot.waitUntil(lambda: env.page.title().startswith("timer:"), timeout=WAIT)
    elif mode == "event":
        click(env, qtbot, lambda: env.page.title() == "selected")
        proxy = env.browser.view.focusProxy()
        QTest.keyClick(proxy, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: env.page.title() == "replaced", timeout=WAIT)
    else:
        click(env, qtbot, lambda: env.page.title() not in ("ready", ""))
    qtbot.wait(50)  # the guard undoes a write right after Chromium's own
    assert QGuiApplication.clipboard().text() == "the resident's own text", env.page.title()


# -- 4. printing ------------------------------------------------------------------------------


@pytest.fixture
def printer(env: Env) -> Iterator[list[Path]]:
    """The printer seam: counts jobs instead of printing."""
    jobs: list[Path] = []

    def print_job(path: Path, _folder: Path) -> PrintOutcome:
        jobs.append(path)
        return PrintOutcome(printer="Counting printer")

    old = env.session.printer
    env.session.printer = print_job
    env.session.prints = 0
    yield jobs
    env.session.printer = old
    env.session.prints = 0


def test_a_print_without_a_gesture_is_refused(env: Env, hostile, qtbot, printer, clock) -> None:  # type: ignore[no-untyped-def]
    refused: list[str] = []
    env.browser.print_refused.connect(refused.append)
    try:
        clock.now += 5  # the last click in the website was long ago
        env.browser.load(env.site.url("/print_timer"))
        qtbot.waitUntil(lambda: env.page.title() == "printed:12", timeout=WAIT)
        qtbot.waitUntil(lambda: len(refused) >= 1, timeout=WAIT)
        qtbot.wait(300)
    finally:
        env.browser.print_refused.disconnect(refused.append)
    assert printer == []
    assert set(refused) == {"gesture"}
    env.escapes.check()


def test_one_click_allows_one_print_job_not_the_whole_quota(  # type: ignore[no-untyped-def]
    env: Env, hostile, qtbot, printer, clock
) -> None:
    # The clock stands still: every print of the timer is "right after" the one click.
    refused: list[str] = []
    env.browser.print_refused.connect(refused.append)
    try:
        hostile("/print_after_click")
        click(env, qtbot, lambda: env.page.title() != "ready")
        qtbot.waitUntil(lambda: env.page.title() == "printed:6", timeout=WAIT)
        qtbot.waitUntil(lambda: not env.browser._printing, timeout=WAIT)
    finally:
        env.browser.print_refused.disconnect(refused.append)
    assert len(printer) == 1, printer
    assert "once" in refused, refused
    assert "limit" not in refused, refused


def test_one_print_job_at_a_time_and_at_most_three(
    env: Env, hostile, qtbot, printer, clock
) -> None:  # type: ignore[no-untyped-def]
    assert env.session.print_limit == 3
    refused: list[str] = []
    env.browser.print_refused.connect(refused.append)

    def again() -> None:  # a second request while the first job is being made
        env.browser.print_page()

    env.page.print_wanted.connect(again)
    try:
        for job in range(1, 4):
            hostile("/print")
            click(env, qtbot, lambda n=job: len(printer) == n)
            assert refused.count("busy") == job
            clock.now += 5
        hostile("/print")
        click(env, qtbot, lambda: "limit" in refused)
    finally:
        env.page.print_wanted.disconnect(again)
        env.browser.print_refused.disconnect(refused.append)
    assert len(printer) == 3
    assert env.browser.banner.text() == (
        "You have printed as many pages as one visit allows. Ask a volunteer if you need more."
    )


# -- 5. history navigation ------------------------------------------------------------------


def test_mouse_back_and_forward_buttons_are_swallowed(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    hostile("/second")
    hostile("/alert")
    assert env.page.history().canGoBack()
    handle = env.kiosk.window.windowHandle()
    centre = env.browser.view.mapTo(env.kiosk.window, env.browser.view.rect().center())
    for button in (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton):
        before = env.kiosk.key_guard.blocked
        QTest.mouseClick(handle, button, Qt.KeyboardModifier.NoModifier, centre)
        assert env.kiosk.key_guard.blocked >= before + 2, button  # press and release
    for key in (Qt.Key.Key_Back, Qt.Key.Key_Forward):
        before = env.kiosk.key_guard.blocked
        QTest.keyClick(handle, key)
        assert env.kiosk.key_guard.blocked > before, key
    qtbot.wait(300)
    assert env.page.url().path() == "/alert"
    assert env.page.title() == "ready"


# -- 6. a page that stopped -----------------------------------------------------------------


def test_history_back_from_a_page_timer_is_swallowed(env: Env, hostile, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    hostile("/second")
    clock.now += 5  # the resident's last click is long ago
    env.browser.load(env.site.url("/history_back"))
    qtbot.waitUntil(lambda: env.page.title() == "stayed", timeout=WAIT)
    assert env.browser.url.endswith("/history_back")
    # The site's own back button, pressed by the resident, still works.
    click(env, qtbot, lambda: not env.browser.url.endswith("/history_back"))
    assert "/second" in env.browser.url


def test_history_back_through_a_fresh_frame_is_swallowed(env: Env, hostile, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    # The page takes History.prototype.back from a new empty frame (no injected guard there)
    # and calls it on its own history from a timer.
    hostile("/second")
    clock.now += 5  # the resident's last click is long ago
    env.browser.load(env.site.url("/history_back_frame"))
    qtbot.waitUntil(lambda: env.page.title() == "stayed", timeout=WAIT)
    assert env.browser.url.endswith("/history_back_frame")


def test_a_crashed_renderer_shows_page_stopped_with_a_working_try_again(  # type: ignore[no-untyped-def]
    env: Env,
    hostile,
    qtbot,
) -> None:
    hostile("/second")
    with qtbot.waitSignal(env.browser.stopped, timeout=WAIT) as stopped:
        env.page.load(QUrl("chrome://crash"))  # Chromium's own crash address (tests only)
    assert stopped.args == ["crashed"]
    assert env.browser.showing_stopped_page
    page = env.browser.stopped_page
    assert page.title.text() == "This page stopped"
    assert page.text.text() == "This is not your fault. Try again, or ask a volunteer for help."
    shot(env.kiosk.window, "page-stopped.png")
    with qtbot.waitSignal(env.browser.loaded, timeout=WAIT):
        page.retry.click()
    assert not env.browser.showing_stopped_page
    qtbot.waitUntil(lambda: env.page.title() == "second", timeout=WAIT)
    assert js(env, qtbot, "1 + 1") == 2


def test_a_hung_page_shows_page_stopped_after_ten_seconds(env: Env, hostile, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    watch = env.browser.hang_watch
    hostile("/busy")
    watch.timer.stop()  # the test drives the watchdog, on its clock
    watch.alive()
    click(env, qtbot, lambda: env.page.title() == "busy")
    qtbot.wait(300)  # the page's loop has started
    stopped: list[str] = []
    env.browser.stopped.connect(stopped.append)
    try:
        watch.check()  # a question to the page
        asked = watch.asked_at
        assert asked is not None
        clock.now += 5
        qtbot.wait(300)
        watch.check()
        assert watch.asked_at == asked, "the busy page answered"
        assert stopped == []
        assert not env.browser.showing_stopped_page
        clock.now += 5
        watch.check()  # ten seconds without an answer
        assert stopped == ["hung"]
        assert env.browser.showing_stopped_page
    finally:
        env.browser.stopped.disconnect(stopped.append)
    with qtbot.waitSignal(env.browser.loaded, timeout=WAIT):
        env.browser.stopped_page.retry.click()
    qtbot.waitUntil(lambda: env.page.title() == "ready", timeout=WAIT)
    assert js(env, qtbot, "1 + 1") == 2
    assert env.page.url().path() == "/busy"
    watch.timer.start()


# -- more vectors ---------------------------------------------------------------------------

REFUSED = [
    "pointer_lock",
    "webauthn",
    "devices",
    "eyedropper",
    "share",
    "local_fonts",
    "idle_detection",
    "midi",
    "persist_storage",
]


@pytest.mark.parametrize("page", REFUSED)
def test_more_browser_features_are_refused(env: Env, hostile, qtbot, page: str) -> None:  # type: ignore[no-untyped-def]
    hostile(f"/{page}")
    click(env, qtbot, lambda: env.page.title() not in ("ready", ""))
    qtbot.waitUntil(lambda: env.page.title() != "ready", timeout=WAIT)
    assert env.page.title().startswith("refused"), env.page.title()
    assert not env.kiosk.window.isFullScreen()


@pytest.mark.parametrize(
    "picker", ["showOpenFilePicker", "showSaveFilePicker", "showDirectoryPicker"]
)
def test_a_file_system_picker_past_the_page_guard_is_refused_by_the_kiosk(  # type: ignore[no-untyped-def]
    env: Env, hostile, qtbot, picker: str
) -> None:
    # The page takes the picker from a fresh about:blank frame, where the in-page guard has not
    # run: before, `showOpenFilePicker` reached the kiosk's file chooser that way (the call
    # stack a reset crashed in). Now `GuardedPage.chooseFiles` refuses it without a chooser.
    hostile(f"/file_system_access_unguarded?picker={picker}")
    shown: list[bool] = []
    state = {"on": True}
    _polls.append(state)

    def poll() -> None:  # should the chooser open, note it and close it (the test goes on)
        if not state["on"]:
            return
        if env.browser.picker.isVisible():
            shown.append(True)
            env.browser.picker.cancel()
        QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
    before = env.page.file_system_pickers_refused
    click(env, qtbot, lambda: env.page.title() not in ("ready", ""))
    title = env.page.title()
    assert ":truefalse:" in title, f"the page did not get round the in-page guard: {title}"
    assert title.startswith("refused:AbortError"), title
    assert shown == [], "the kiosk's file chooser opened for a File System Access picker"
    assert env.page.file_system_pickers_refused == before + 1


def test_keyboard_lock_changes_nothing_for_the_key_guard(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    # navigator.keyboard.lock() resolves, but it only works in full screen, which is refused;
    # and the key guard sits on the window, before Chromium sees a key.
    hostile("/keyboard_lock")
    click(env, qtbot, lambda: env.page.title() not in ("ready", ""))
    handle = env.kiosk.window.windowHandle()
    for key, modifiers in (
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Back, Qt.KeyboardModifier.NoModifier),
    ):
        before = env.kiosk.key_guard.blocked
        QTest.keyClick(handle, key, modifiers)
        assert env.kiosk.key_guard.blocked > before
    assert not env.kiosk.window.isFullScreen()


def test_a_popup_window_stays_in_the_same_view(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    hostile("/window_popup")
    click(env, qtbot, lambda: env.page.url().path() == "/second")
    qtbot.waitUntil(lambda: env.page.title() == "second", timeout=WAIT)


def test_an_endless_download_is_stopped_and_removed(env: Env, hostile, qtbot) -> None:  # type: ignore[no-untyped-def]
    keeper = env.session.downloads
    keeper.max_bytes = 2 * 1024 * 1024
    try:
        hostile("/huge_download")
        with qtbot.waitSignal(keeper.failed, timeout=WAIT):
            click(env, qtbot, lambda: env.page.title() == "asked")
    finally:
        keeper.max_bytes = 100 * 1024 * 1024
    folder = env.session_dir / "downloads"
    qtbot.waitUntil(
        lambda: not any(p.stat().st_size > 3 * 1024 * 1024 for p in folder.glob("*")),
        timeout=WAIT,
    )
    assert env.browser.banner.text() == (
        "This file cannot be downloaded here. Ask a volunteer for help."
    )


def test_a_service_worker_does_not_outlive_the_reset(env: Env, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.browser.view import GuardedBrowser, SitePolicy, WebSession

    session = WebSession(session_dir=tmp_path / "session")
    policy = SitePolicy([], [env.site.host])
    browser = GuardedBrowser(session, policy)
    env.kiosk.window.add_screen("sw-1", browser)
    env.kiosk.window.show_screen("sw-1")
    with qtbot.waitSignal(browser.loaded, timeout=WAIT):
        browser.load(env.site.url("/service_worker"))
    target = browser.view.focusProxy()
    for _attempt in range(5):
        QTest.mouseClick(
            target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(300, 200)
        )
        try:
            qtbot.waitUntil(lambda: browser.page.title() != "ready", timeout=3000)
            break
        except qtbot.TimeoutError:
            continue
    assert browser.page.title() == "registered:1", browser.page.title()
    browser.dispose()
    session.wipe()  # what a reset does
    second = GuardedBrowser(session, policy)
    env.kiosk.window.add_screen("sw-2", second)
    env.kiosk.window.show_screen("sw-2")
    with qtbot.waitSignal(second.loaded, timeout=WAIT):
        second.load(env.site.url("/second"))
    found: list[Any] = []
    second.page.runJavaScript(
        "navigator.serviceWorker.getRegistrations()"
        ".then((r) => { document.title = 'sw:' + r.length; })",
        0,
    )
    qtbot.waitUntil(lambda: second.page.title().startswith("sw:"), timeout=WAIT)
    found.append(second.page.title())
    second.dispose()
    session.wipe()
    env.kiosk.window.show_screen("hostile")
    assert found == ["sw:0"]
    assert not any((tmp_path / "session").rglob("Service Worker"))


@pytest.mark.parametrize("name", ["select"])
def test_a_page_popup_does_not_outlive_its_view(  # type: ignore[no-untyped-def]
    env: Env, qtbot, tmp_path: Path, name: str
) -> None:
    # Chromium's date picker and <select> list are popup windows QtWebEngine makes as children
    # of the view (not dialogs): they close with it (a reset disposes the view first).
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.browser.view import GuardedBrowser, SitePolicy, WebSession

    session = WebSession(session_dir=tmp_path / "session")
    browser = GuardedBrowser(session, SitePolicy([], [env.site.host]))
    env.kiosk.window.add_screen(f"popup-{name}", browser)
    env.kiosk.window.show_screen(f"popup-{name}")
    with qtbot.waitSignal(browser.loaded, timeout=WAIT):
        browser.load(env.site.url("/pickers"))
    view = browser.view

    def popups() -> list[QWidget]:
        return [
            w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not env.kiosk.window
        ]

    box: list[Any] = []
    browser.page.runJavaScript(
        f"(() => {{ const r = document.getElementById('{name}').getBoundingClientRect();"
        " return Math.round(r.right) + ',' + Math.round(r.top + r.height / 2); })()",
        0,
        box.append,
    )
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT)
    right, middle = (int(part) for part in str(box[0]).split(","))
    point = QPoint(right - 14, middle)  # the calendar button, or the arrow
    for _attempt in range(5):
        proxy = view.focusProxy()
        QTest.mouseClick(proxy, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        try:
            qtbot.waitUntil(lambda: bool(popups()), timeout=3000)
            break
        except qtbot.TimeoutError:
            continue
    assert popups(), f"the {name} popup did not open"
    browser.dispose()
    session.wipe()
    qtbot.wait(200)
    env.kiosk.window.show_screen("hostile")
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [env.kiosk.window]
    visible = [w for w in QGuiApplication.topLevelWindows() if w.isVisible()]
    assert visible == [env.kiosk.window.windowHandle()]
