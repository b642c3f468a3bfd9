"""The page's own popups stay inside the website, never over the kiosk's header (#25).

Chromium's date and time pickers and a `<select>` list are separate popup windows in QtWebEngine,
placed by the screen, not by the web view. On the code before `kiosk.ui.browser.popups`, the
hostile page `popups.html` in a guide's web step of the real kiosk window (1366x768) showed the
list of a long `<select>` at the bottom of the website from the top of the screen down, over the
kiosk's header ("Start over", "Help"), and the date picker of a field half-way down the website
past its bottom edge. Here the date picker lies inside the web view's rectangle; the list, taller
than the view, starts at the view's top and reaches down (never up over the header); each still
works where it lands (a click in it picks a value), and is gone after a reset.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app import Kiosk, build_kiosk
from kiosk.config import SessionSettings, Settings
from kiosk.domain.guide import Guide, InfoStep, WebStep
from kiosk.paths import home_paths
from kiosk.ui.browser.popups import inside
from tests.reliability.hostile_web import Server, make_pdf, start_hostile_site, start_other_site
from tests.support.screens import screens_dir

WAIT = 20_000

pytestmark = pytest.mark.qt_log_ignore(
    r"^QRhiGles2: Failed to create (temporary )?context$",
    r"^Failed to create RHI for backend: OpenGL$",
    r"^GPUInfo not initialized on GpuInfoUpdate$",
    r"^This plugin does not support (raise\(\)|grabbing the keyboard)$",
)


@dataclass
class PopupEnv:
    kiosk: Kiosk
    site: Server


@pytest.fixture(scope="module")
def popup_env(qapp, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PopupEnv]:  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("popups-home")
    settings = Settings(session=SessionSettings(idle_timeout=3600, countdown=30))
    kiosk = build_kiosk(settings, home_paths(home), tiles_loader=lambda _p: [], open_store=False)
    kiosk.window.resize(1366, 768)
    kiosk.window.show()
    other = start_other_site()
    site = start_hostile_site(other, make_pdf(home / "letter.pdf"))
    flow = kiosk.flows.guides
    assert flow is not None
    flow.allow_insecure_hosts = (site.host,)
    flow.speech_engine = "mock"
    yield PopupEnv(kiosk, site)
    kiosk.shutdown()
    kiosk.window.allow_close()
    kiosk.window.close()
    kiosk.window.deleteLater()
    site.stop()
    other.stop()


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def popups(env: PopupEnv) -> list[QWidget]:
    return [
        w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not env.kiosk.window
    ]


def open_web_step(env: PopupEnv, qtbot) -> Any:  # type: ignore[no-untyped-def]
    url = env.site.url("/popups")
    guide = Guide(
        id="popups",
        version=1,
        category="money",
        languages=("en",),
        title={"en": "Popups"},
        summary={"en": "Only for tests."},
        steps=(
            InfoStep(id="first", text={"en": "First."}),
            WebStep(id="web", text={"en": "Choose a date."}, url=url),
        ),
    )
    flow = env.kiosk.flows.guides
    assert flow is not None
    screen = flow.start_guide(guide)
    screen.go_next()
    browser = screen.step_widget.browser
    qtbot.waitUntil(lambda: browser.page.title() == "ready", timeout=WAIT)
    # The view grows when the loading bar goes: wait until the page is laid out at its size.
    view = browser.view
    sizes: list[Any] = []
    asked = [False]

    def settled() -> bool:
        if not asked[0]:
            asked[0] = True
            browser.page.runJavaScript("innerWidth + ',' + innerHeight", 0, sizes.append)
        if not sizes:
            return False
        asked[0] = False
        answer = str(sizes.pop())
        if "," not in answer:
            return False
        width, height = (float(part) for part in answer.split(","))
        return abs(width / view.width() - height / view.height()) < 0.01

    qtbot.waitUntil(settled, timeout=WAIT)
    return browser


def open_popup(browser: Any, env: PopupEnv, qtbot, field: str) -> QWidget:  # type: ignore[no-untyped-def]
    """Click the field's button (the calendar, the arrow) until its popup shows."""
    view = browser.view
    for _attempt in range(6):
        box: list[Any] = []
        browser.page.runJavaScript(
            f"(() => {{ const r = document.getElementById('{field}').getBoundingClientRect();"
            " return (r.right / innerWidth) + ',' + ((r.top + r.height / 2) / innerHeight); })()",
            0,
            box.append,
        )
        qtbot.waitUntil(lambda box=box: bool(box), timeout=WAIT)
        if "," not in str(box[0]):  # asked too early (the page's first moments): again
            qtbot.wait(200)
            continue
        # Where the field is now, as a fraction of the view (the view grows as the page loads).
        right, middle = (float(part) for part in str(box[0]).split(","))
        point = QPoint(int(right * view.width()) - 14, int(middle * view.height()))
        QTest.mouseClick(
            view.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
        )
        try:
            qtbot.waitUntil(lambda: bool(popups(env)), timeout=3000)
        except qtbot.TimeoutError:
            continue
        qtbot.wait(300)  # Chromium sizes and places it as it shows
        shown = popups(env)
        if shown:
            return shown[0]
    raise AssertionError(f"the {field} popup did not open")


def shot_with_popup(env: PopupEnv, popup: QWidget, name: str) -> None:
    """The window with the popup window drawn where it is on the screen."""
    folder = screens_dir()
    if folder is None:
        return
    window = env.kiosk.window
    image = window.grab()
    painter = QPainter(image)
    painter.drawPixmap(popup.geometry().topLeft() - window.mapToGlobal(QPoint(0, 0)), popup.grab())
    painter.end()
    image.save(str(folder / name))


def test_inside_moves_a_popup_into_the_view_and_never_above_it() -> None:
    area = QRect(100, 200, 400, 300)  # the view
    room = QRect(0, 200, 600, 400)  # from the view's top down to the window's bottom
    assert inside(QRect(150, 250, 100, 100), area, room) == QRect(150, 250, 100, 100)
    assert inside(QRect(150, 0, 100, 100), area, room) == QRect(150, 200, 100, 100)  # from above
    assert inside(QRect(450, 450, 100, 100), area, room) == QRect(400, 400, 100, 100)
    # Taller than the view: from the view's top down over what is below it, not above it.
    assert inside(QRect(150, 0, 100, 350), area, room) == QRect(150, 200, 100, 350)
    assert inside(QRect(150, 0, 100, 900), area, room) == QRect(150, 200, 100, 400)  # cut
    assert inside(QRect(150, 0, 100, 900), area) == QRect(150, 200, 100, 300)  # no room given


@pytest.mark.parametrize(("field", "picked"), [("select", "select:"), ("date", "date:")])
def test_a_page_popup_stays_inside_the_website_works_and_goes_at_a_reset(  # type: ignore[no-untyped-def]
    popup_env: PopupEnv, qtbot, field: str, picked: str
) -> None:
    env = popup_env
    browser = open_web_step(env, qtbot)
    popup = open_popup(browser, env, qtbot, field)
    area = global_rect(browser.view)
    header = global_rect(env.kiosk.window.header)
    shot_with_popup(env, popup, f"page-popup-{field}.png")
    where = popup.geometry()
    assert not header.intersects(where), f"the {field} popup {where} covers the header {header}"
    if where.height() <= area.height():  # the date picker
        assert area.contains(where), f"the {field} popup {where} is outside the website {area}"
    else:  # the long list: from the website's top down, over the guide's buttons below it
        window = global_rect(env.kiosk.window)
        assert where.top() == area.top(), f"the {field} popup {where} is above the website {area}"
        assert window.contains(where), f"the {field} popup {where} is outside the window {window}"

    # It works where it landed: a click in its lower half picks a value.
    QTest.mouseClick(
        popup,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(popup.width() // 2, popup.height() * 2 // 3),
    )
    qtbot.waitUntil(lambda: browser.page.title().startswith(picked), timeout=WAIT)

    # Open again, and the resident walks away: the reset closes it.
    open_popup(browser, env, qtbot, field)
    resets = len(env.kiosk.resets)
    env.kiosk.start_over("start_over")
    qtbot.waitUntil(lambda: len(env.kiosk.resets) > resets, timeout=WAIT)
    qtbot.waitUntil(lambda: popups(env) == [], timeout=WAIT)
    visible = [w for w in QGuiApplication.topLevelWindows() if w.isVisible()]
    assert visible == [env.kiosk.window.windowHandle()]
    env.kiosk.window.receipt.close_overlay()


def test_a_datalists_suggestions_stay_below_the_field_being_typed_into(  # type: ignore[no-untyped-def]
    popup_env: PopupEnv, qtbot
) -> None:
    # Moved up into the website like the other popups, the suggestions of a field at its bottom
    # would cover the very text the resident types; they hang below it (over the guide's
    # buttons) and still never above the website.
    env = popup_env
    browser = open_web_step(env, qtbot)
    view = browser.view
    box: list[Any] = []
    browser.page.runJavaScript(
        "(() => { const r = document.getElementById('typed').getBoundingClientRect();"
        " return (r.left / innerWidth) + ',' + (r.bottom / innerHeight); })()",
        0,
        box.append,
    )
    qtbot.waitUntil(lambda: bool(box) and "," in str(box[0]), timeout=WAIT)
    left, bottom = (float(part) for part in str(box[0]).split(","))
    field_bottom = view.mapToGlobal(QPoint(0, int(bottom * view.height()))).y()
    QTest.mouseClick(
        view.focusProxy(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(int(left * view.width()) + 30, int(bottom * view.height()) - 20),
    )
    QTest.keyClick(view.focusProxy(), Qt.Key.Key_G)
    qtbot.waitUntil(lambda: bool(popups(env)), timeout=WAIT)
    where = popups(env)[0].geometry()
    assert where.top() >= field_bottom - 2, f"the suggestions {where} cover the field"
    assert where.top() >= global_rect(view).top()
    resets = len(env.kiosk.resets)
    env.kiosk.start_over("start_over")
    qtbot.waitUntil(lambda: len(env.kiosk.resets) > resets, timeout=WAIT)
    qtbot.waitUntil(lambda: popups(env) == [], timeout=WAIT)
    env.kiosk.window.receipt.close_overlay()
