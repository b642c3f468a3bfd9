"""axe-core on every staff page, logged in as each role, in Debian's Chromium: 0 violations.

axe (tests/support/axe/axe.min.js, vendored) runs with the WCAG 2.0/2.1/2.2 A and AA rules and
axe's best practices, after every `<details>` (the tables beside the charts) is opened, so the
tables are checked too. The pages' Content-Security-Policy blocks injected scripts, so axe runs
in a context that bypasses it; a second context keeps the CSP and counts the console errors
every page causes (a blocked inline style or script is one): 0 too. One demo hub serves the
whole module.

KIOSK_TEST_AXE_REPORT=FILE writes what axe checked per page and role (JSON) for a closing note.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.hub.staff.browser_world import ROLES, World, browser, logged_in, world

__all__ = ["browser", "world"]
pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "support" / "axe" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
  return {
    violations: result.violations.map((v) => ({
      id: v.id, impact: v.impact, nodes: v.nodes.length,
      first: v.nodes[0].target.join(' '), summary: v.nodes[0].failureSummary })),
    passes: result.passes.length,
    incomplete: result.incomplete.map((v) => v.id),
  };
}"""
#: Pages opened besides the role's own: refusals, which are pages too.
ERROR_PAGES = {"staff": ("/users", "/dashboard?location=no-such-place", "/volunteers/99/remove")}


def _axe(page: Page) -> dict[str, object]:
    page.add_script_tag(path=str(AXE))
    result: dict[str, object] = page.evaluate(RUN_AXE, TAGS)
    return result


def _console_errors(browser: Browser, world: World, role: str, paths: list[str]) -> list[str]:
    context, page = logged_in(browser, world, role)
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None
    )
    try:
        for path in paths:
            page.goto(world.url + path)
            page.wait_for_load_state("load")
    finally:
        context.close()
    return [e for e in errors if "status of 40" not in e]  # the refusals' own 403/404


def test_every_staff_page_has_no_axe_violations_for_every_role(
    world: World, browser: Browser
) -> None:
    report: dict[str, dict[str, object]] = {}
    failures: list[str] = []
    console: list[str] = []
    for role in ROLES:
        paths = [*world.pages(role), *ERROR_PAGES.get(role, ())]
        context, page = logged_in(browser, world, role, bypass_csp=True)
        try:
            for path in paths:
                page.goto(world.url + path)
                result = _axe(page)
                headings = page.locator("h1").count()
                report[f"{role} {path}"] = {**result, "h1": headings}
                if headings != 1:
                    failures.append(f"{role} {path}: {headings} h1")
                for violation in result["violations"]:  # type: ignore[attr-defined]
                    failures.append(f"{role} {path}: {violation}")
        finally:
            context.close()
    # the console, with the CSP in force: a hub_admin's pages are every page there is
    console += _console_errors(browser, world, "hub_admin", list(world.pages("hub_admin")))
    console += _console_errors(browser, world, "staff", list(ERROR_PAGES["staff"]))
    # the login page, before anyone logs in
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(world.url + "/login")
    result = _axe(page)
    report["(logged out) /login"] = {**result, "h1": page.locator("h1").count()}
    failures += [f"/login: {v}" for v in result["violations"]]  # type: ignore[attr-defined]
    context.close()

    target = os.environ.get("KIOSK_TEST_AXE_REPORT")
    if target:
        Path(target).write_text(json.dumps(report, indent=1), encoding="utf-8")
    assert failures == []
    assert console == []
    assert all(entry["passes"] for entry in report.values())  # axe really ran


def test_targets_are_at_least_24_px(world: World, browser: Browser) -> None:
    context, page = logged_in(browser, world, "hub_admin")
    try:
        sizes = {}
        for selector in ("form.logout button", "#export-csv", "#export-ido", "#export-ki", "a.who"):
            box = page.locator(selector).bounding_box()
            assert box is not None, selector
            sizes[selector] = (box["width"], box["height"])
        page.goto(world.url + "/audit")
        for selector in ("#audit-csv",):
            box = page.locator(selector).bounding_box()
            assert box is not None, selector
            sizes[selector] = (box["width"], box["height"])
    finally:
        context.close()
    small = {s: size for s, size in sizes.items() if min(size) < 24}
    assert small == {}
