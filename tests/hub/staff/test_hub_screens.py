"""The staff pages in Dutch and French in a real Chromium: what a librarian reads, and the
screenshots of the dashboard, Users, audit and appointments pages (docs/screens/hub-*-nl.png and
-fr.png when KIOSK_TEST_SCREENS=docs/screens).

The dashboard names guides and steps by their titles in the reader's language, never by id;
counts of runs agree in number ("1 keer doorlopen", never "1 runs"); chart axes count in whole
numbers; the default period starts at the first data.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from kiosk.hub.guides.titles import guide_titles
from tests.hub.staff.browser_world import World, browser, logged_in, world
from tests.support.screens import screens_dir

__all__ = ["browser", "world"]
pytestmark = pytest.mark.browser

HEADINGS = {
    "nl": {
        "/dashboard": "Overzicht",
        "/users": "Gebruikers",
        "/audit": "Auditlog",
        "/appointments": "Afspraken",
    },
    "fr": {
        "/dashboard": "Tableau de bord",
        "/users": "Utilisateurs",
        "/audit": "Journal d'audit",
        "/appointments": "Rendez-vous",
    },
}
#: The y (or x) axis ticks of every chart, read from Chart.js.
TICKS = """() => Array.from(document.querySelectorAll('canvas')).flatMap((c) => {
  const chart = Chart.getChart(c);
  if (!chart || !chart.scales) { return []; }
  return Object.values(chart.scales).filter((s) => s.type === 'linear')
    .flatMap((s) => s.ticks.map((t) => t.value));
})"""


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_pages_in_dutch_and_french(
    world: World, browser: Browser, tmp_path: Path, language: str
) -> None:
    screens = screens_dir(tmp_path)
    assert screens is not None
    context, page = logged_in(browser, world, "hub_admin", language=language)
    try:
        for path, heading in HEADINGS[language].items():
            page.goto(world.url + path)
            assert page.locator("html").get_attribute("lang") == language
            assert page.inner_text("h1") == heading
            name = path.strip("/")
            page.screenshot(path=str(screens / f"hub-{name}-{language}.png"), full_page=True)
            if path == "/dashboard":
                _dashboard_reads_titles(page.inner_text("main"), language)
                start = date.fromisoformat(page.input_value("input[name=from]"))
                # the demo has 6 weeks of records: the period opens on them, not on 12 weeks
                assert start >= date.today() - timedelta(weeks=7)
                ticks = page.evaluate(TICKS)
                assert ticks, "no chart drew an axis"
                assert all(float(t).is_integer() for t in ticks), ticks
    finally:
        context.close()


def _dashboard_reads_titles(text: str, language: str) -> None:
    titles = guide_titles(None)
    for guide in titles.guides.values():
        assert titles.guide_title(guide.id, language) in text
        assert re.search(rf"(?<![\w-]){re.escape(guide.id)}(?![\w-])", text) is None, guide.id
        for step in guide.steps:
            # a step id that is not also a word of the page (e.g. "check") is never shown
            if "-" in step.id:
                assert re.search(rf"(?<![\w-]){re.escape(step.id)}(?![\w-])", text) is None
    assert "1 runs" not in text
    assert "Handed to a volunteer" not in text  # translated
