"""The guarded browser of web steps, against real local HTTP servers on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication

from kiosk.ui.browser.view import GuardedBrowser, SitePolicy, WebSession
from tests.ui.flows.guides.conftest import PLATFORM_NOISE, Site

pytestmark = PLATFORM_NOISE

LINK_PAGE = """<html><body><h1>Allowed site</h1>
<a id="out" href="{target}">elsewhere</a>
<script>setTimeout(() => document.getElementById('out').click(), 200);</script>
</body></html>"""
POPUP_PAGE = """<html><body><h1>Popup</h1>
<script>setTimeout(() => window.open('/second', '_blank'), 200);</script>
</body></html>"""


@pytest.fixture(scope="module")
def web_session() -> Iterator[WebSession]:
    """One off-the-record profile for the module (QtWebEngine is slow to start)."""
    session = WebSession()
    yield session
    session.wipe()


@pytest.fixture
def make_browser(qtbot, web_session: WebSession) -> Iterator[Callable[..., GuardedBrowser]]:  # type: ignore[no-untyped-def]
    made: list[GuardedBrowser] = []

    def make(*insecure_hosts: str, sites: tuple[str, ...] = ()) -> GuardedBrowser:
        browser = GuardedBrowser(web_session, SitePolicy(sites, insecure_hosts))
        qtbot.addWidget(browser)
        browser.resize(900, 600)
        browser.show()
        made.append(browser)
        return browser

    yield make
    for browser in made:
        browser.dispose()


def test_allowed_site_loads_and_a_link_elsewhere_is_blocked(
    make_browser, serve: Callable[[dict[str, str]], Site], qtbot
) -> None:  # type: ignore[no-untyped-def]
    other = serve({"/": "<h1>Other site</h1>"})
    site = serve({"/": LINK_PAGE.format(target=other.url("/"))})
    browser = make_browser(site.host)
    with qtbot.waitSignal(browser.navigation_blocked, timeout=20_000) as blocked:
        browser.load(site.url("/"))
    assert blocked.args == [urlsplit(other.url("/")).netloc]  # host:port since #25
    qtbot.waitUntil(lambda: not browser.loading.isVisible(), timeout=10_000)
    assert browser.url == site.url("/")
    assert browser.banner.isVisible()
    assert "127.0.0.1" in browser.banner.text()
    assert "only use the website of the guide" in browser.banner.text()
    assert other.hits == []  # the other site was never asked for anything
    assert "/" in site.hits
    browser.banner_close.click()
    assert not browser.banner.isVisible()


def test_window_open_stays_in_the_same_view(make_browser, serve, qtbot) -> None:  # type: ignore[no-untyped-def]
    site = serve({"/": POPUP_PAGE, "/second": "<h1>Second</h1>"})
    browser = make_browser(site.host)
    windows_before = set(QApplication.topLevelWidgets())
    with qtbot.waitSignal(
        browser.loaded, timeout=20_000, check_params_cb=lambda url: url.endswith("/second")
    ):
        browser.load(site.url("/"))
    assert browser.url == site.url("/second")
    assert set(QApplication.topLevelWidgets()) <= windows_before  # no new window
    assert not browser.banner.isVisible()


def test_an_unreachable_site_shows_the_offline_page(make_browser, qtbot) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    browser = make_browser(f"127.0.0.1:{port}")
    with qtbot.waitSignal(browser.load_failed, timeout=20_000):
        browser.load(f"http://127.0.0.1:{port}/")
    assert browser.showing_offline_page
    assert browser.offline.title.text() == "The website cannot be reached right now"
    assert browser.offline.retry.text() == "Try again"


def test_a_site_that_is_not_allowed_never_opens(make_browser, serve, qtbot) -> None:  # type: ignore[no-untyped-def]
    site = serve({"/": "<h1>Not in the guide</h1>"})
    browser = make_browser()  # no insecure host allowed: plain http is refused
    with qtbot.waitSignal(browser.navigation_blocked, timeout=20_000):
        browser.load(site.url("/"))
    assert site.hits == []
    assert browser.banner.isVisible()


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://www.fluvius.be/nl/meterstanden", True),
        ("https://WWW.Fluvius.be./x", True),
        ("https://mijn.fluvius.be/", False),  # subdomains must be listed themselves
        ("https://fluvius.be/", False),
        ("http://www.fluvius.be/", False),  # https only
        ("https://user:pw@www.fluvius.be/", False),
        ("https://www.fluvius.be.evil.example/", False),
        ("mailto:help@fluvius.be", False),
        ("file:///etc/passwd", False),
        ("about:blank", True),
    ],
)
def test_site_policy(url: str, allowed: bool) -> None:
    policy = SitePolicy(["www.fluvius.be"])
    assert policy.allows(QUrl(url)) is allowed


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://www.fluvius.be/", True),
        ("https://www.fluvius.be:443/", True),  # https's own port
        ("https://www.fluvius.be:8443/", False),  # another port: not allowed (#25)
        ("https://mijn.fluvius.be:8443/", True),
        ("https://mijn.fluvius.be/", False),  # a listed port is that port only
        ("https://mijn.fluvius.be:9443/", False),
        ("http://mijn.fluvius.be:8443/", False),  # https only
    ],
)
def test_site_policy_matches_the_port(url: str, allowed: bool) -> None:
    policy = SitePolicy(["www.fluvius.be", "mijn.fluvius.be:8443"])
    assert policy.allows(QUrl(url)) is allowed


def test_frames_do_not_follow_the_allow_list_but_must_be_https() -> None:
    policy = SitePolicy(["www.fluvius.be"])
    assert policy.allows_frame(QUrl("https://maps.example.org:8443/embed"))
    assert policy.allows_frame(QUrl("https://www.fluvius.be:8443/frame"))
    assert not policy.allows_frame(QUrl("http://www.fluvius.be/frame"))
    assert not policy.allows_frame(QUrl("file:///etc/passwd"))


def test_insecure_hosts_are_exact_host_and_port() -> None:
    policy = SitePolicy([], ["127.0.0.1:8123"])
    assert policy.allows(QUrl("http://127.0.0.1:8123/page"))
    assert not policy.allows(QUrl("http://127.0.0.1:8124/page"))
    assert not policy.allows(QUrl("http://localhost:8123/page"))
    assert not SitePolicy([]).allows(QUrl("http://127.0.0.1:8123/"))


def test_wipe_deletes_pages_before_the_profile(make_browser, serve, qtbot) -> None:  # type: ignore[no-untyped-def]
    session = WebSession()
    site = serve({"/": "<h1>Hello</h1>"})
    browser = GuardedBrowser(session, SitePolicy([], [site.host]))
    qtbot.addWidget(browser)
    with qtbot.waitSignal(browser.loaded, timeout=20_000):
        browser.load(site.url("/"))
    first_profile = session.profile
    assert first_profile.isOffTheRecord()
    # Qt warns (and the test fails) if a profile goes while one of its pages still exists.
    session.wipe()
    assert not session.active
    assert session.profile is not first_profile  # the next resident gets a new one
    assert session.profile.isOffTheRecord()
    session.wipe()
