"""A demo hub with one login per role, and Debian's Chromium, for the browser tests of the staff
pages (axe, screenshots): the hub_admin of the demo, a coordinator of the first demo location
and a staff member of the second."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from kiosk.hub.db.engine import open_hub_db
from kiosk.hub.dev.demo import LOCATIONS, DemoInfo, seed_demo, start_hub_in_thread
from kiosk.hub.locations import find_location
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff.accounts import add_user

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "quiet harbour lantern 42"
#: The pages every role opens, and those only a hub_admin opens.
PAGES = (
    "/dashboard",
    "/kiosks",
    "/locations",
    "/volunteers",
    "/appointments",
    "/codes",
    "/account/password",
)
ADMIN_PAGES = ("/organisations", "/users", "/audit")
ROLES = ("hub_admin", "coordinator", "staff")


@dataclass(frozen=True)
class World:
    url: str
    info: DemoInfo
    #: role -> e-mail of its login (all with PASSWORD)
    logins: dict[str, str]

    def pages(self, role: str) -> tuple[str, ...]:
        return PAGES + ADMIN_PAGES if role == "hub_admin" else PAGES


def make_world(tmp_path: Path) -> Iterator[World]:
    settings = HubSettings.for_dir(tmp_path / "hub").with_(purge_job=False)
    info = seed_demo(settings, weeks=6)
    db = open_hub_db(settings.db_url)
    try:
        first, second = (find_location(db, name).id for name in LOCATIONS)
        logins = {
            "hub_admin": "admin@demo.example",
            "coordinator": "coordinator@demo.example",
            "staff": "staff-noord@demo.example",
        }
        add_user(db, logins["hub_admin"], "hub_admin", PASSWORD)
        add_user(db, logins["coordinator"], "coordinator", PASSWORD, locations=[first])
        add_user(db, logins["staff"], "staff", PASSWORD, locations=[second])
    finally:
        db.close()
    url, stop = start_hub_in_thread(settings)
    try:
        yield World(url, info, logins)
    finally:
        stop()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One demo hub for the tests of a module (they only read, and each logs in anew)."""
    yield from make_world(tmp_path_factory.mktemp("world"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; install Debian's 'chromium' package", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def logged_in(
    browser: Browser,
    world: World,
    role: str,
    *,
    language: str = "en",
    bypass_csp: bool = False,
) -> tuple[BrowserContext, Page]:
    """A browser context logged in as `role`, its browser asking for `language`."""
    context = browser.new_context(
        viewport={"width": 1360, "height": 900},
        locale=language,
        extra_http_headers={"Accept-Language": language},
        bypass_csp=bypass_csp,
    )
    page = context.new_page()
    page.goto(world.url + "/login")
    page.fill("input[name=email]", world.logins[role])
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(world.url + "/dashboard")
    return context, page
