"""The staff pages in a real headless Chromium (Debian's, driven by Playwright).

Logs in, checks that every dashboard chart is drawn from the seeded records, applies a
location filter, downloads the CSV, and saves screenshots (to docs/screens/hub-*.png when
KIOSK_TEST_SCREENS=docs/screens).
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from kiosk.hub.db.engine import open_hub_db
from kiosk.hub.dev.demo import DemoInfo, seed_demo, start_hub_in_thread
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff.accounts import add_user
from tests.support.screens import screens_dir

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
pytestmark = pytest.mark.browser


@pytest.fixture
def demo_hub(tmp_path: Path) -> Iterator[tuple[str, DemoInfo]]:
    settings = HubSettings.for_dir(tmp_path / "hub").with_(purge_job=False)
    info = seed_demo(settings, weeks=6)
    url, stop = start_hub_in_thread(settings)
    yield url, info
    stop()


@pytest.fixture
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; install Debian's 'chromium' package", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def log_in(page: Page, url: str, info: DemoInfo) -> None:
    page.goto(url + "/dashboard")
    assert "/login" in page.url
    page.fill("input[name=email]", info.staff_email)
    page.fill("input[name=password]", info.staff_password)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/dashboard")


CHART_DATA = """() => Array.from(document.querySelectorAll('canvas')).map(c => {
    const chart = Chart.getChart(c);
    if (!chart) { return null; }
    return chart.data.datasets.reduce((sum, d) => sum + d.data.reduce((a, b) => a + b, 0), 0);
})"""


def test_dashboard_draws_charts_filters_and_exports(
    demo_hub: tuple[str, DemoInfo], browser: Browser, tmp_path: Path
) -> None:
    url, info = demo_hub
    page = browser.new_page(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    # A download ends its navigation request with ERR_ABORTED; anything else failing is a bug.
    page.on(
        "requestfailed",
        lambda r: None if "/exports/" in r.url else problems.append(f"failed: {r.url}"),
    )
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(url) else outside.append(r.url))

    page.goto(url + "/login")
    screens = screens_dir(tmp_path)
    assert screens is not None
    page.screenshot(path=str(screens / "hub-login.png"))
    log_in(page, url, info)

    totals: list[Any] = page.evaluate(CHART_DATA)
    assert len(totals) >= 7
    assert all(total is not None and total > 0 for total in totals), totals
    # the tile writes the number as the locale does (1.184, 1 184, 1,184: #19)
    all_sessions = int(re.sub(r"\D", "", page.inner_text("#total-sessions")))
    assert all_sessions > 0
    page.screenshot(path=str(screens / "hub-dashboard.png"), full_page=True)

    page.select_option("select[name=location]", label="Digitaal Hulppunt Noord")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/dashboard?*location=*")
    filtered = int(re.sub(r"\D", "", page.inner_text("#total-sessions")))
    assert 0 < filtered < all_sessions
    assert all(total is not None for total in page.evaluate(CHART_DATA))

    with page.expect_download() as download_info:
        page.click("#export-csv")
    target = tmp_path / "export.csv"
    download_info.value.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows
    assert {row["location"] for row in rows} == {"Digitaal Hulppunt Noord"}
    assert sum(1 for row in rows if row["kind"] == "assisted_session") == filtered
    assert all(len(row["id"]) == 36 for row in rows)

    page.goto(url + "/kiosks")
    page.screenshot(path=str(screens / "hub-kiosks.png"), full_page=True)
    page.goto(url + "/codes")
    page.screenshot(path=str(screens / "hub-codes.png"), full_page=True)
    assert problems == []
    assert outside == []


def test_cli_disable_ends_an_open_browser_session_and_a_token(
    demo_hub: tuple[str, DemoInfo], browser: Browser, kiosk_cmd: list[str], tmp_path: Path
) -> None:
    """Issue #18: `kiosk hub user disable` (a child process, as an operator runs it) ends an
    open browser session and a publishing token within one request. Also screenshots the
    Users and audit pages."""
    url, info = demo_hub
    db = open_hub_db(info.settings.db_url)
    try:
        add_user(db, "pub@demo.example", "admin", "quiet harbour lantern 42")
    finally:
        db.close()
    with httpx.Client(base_url=url) as client:
        issued = client.post(
            "/api/v1/admin/tokens",
            json={"email": "pub@demo.example", "password": "quiet harbour lantern 42"},
        )
        assert issued.status_code == 201
        bearer = {"Authorization": "Bearer " + issued.json()["token"]}
        assert client.get("/api/v1/tuf/admin/state", headers=bearer).status_code != 401

        page = browser.new_page(viewport={"width": 1360, "height": 900})
        page.goto(url + "/login")
        page.fill("input[name=email]", "pub@demo.example")
        page.fill("input[name=password]", "quiet harbour lantern 42")
        page.click("button[type=submit]")
        page.wait_for_url(url + "/dashboard")

        result = subprocess.run(
            [
                *kiosk_cmd,
                "hub",
                "user",
                "disable",
                "pub@demo.example",
                "--db",
                info.settings.db_url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "disabled" in result.stdout

        page.goto(url + "/kiosks")  # the very next request
        assert "/login" in page.url
        assert client.get("/api/v1/tuf/admin/state", headers=bearer).status_code == 401

    log_in(page, url, info)
    screens = screens_dir(tmp_path)
    assert screens is not None
    page.goto(url + "/users")
    assert page.locator("#users tr[data-user]").count() == 2
    page.screenshot(path=str(screens / "hub-users.png"), full_page=True)
    page.goto(url + "/audit")
    # the action cells show a title and keep the id in data-action (#19)
    cells = page.locator("#audit td[data-action]")
    actions = [cells.nth(i).get_attribute("data-action") for i in range(cells.count())]
    assert "user.disabled" in actions
    assert "login.ok" in actions
    page.screenshot(path=str(screens / "hub-audit.png"), full_page=True)
    page.close()
