"""#23 "Nothing hidden under anything", with THE step walker (tests/support/walker.py): every
step of every shipped guide, every overlay and the volunteer panel, at 1366×768 and 1280×720,
in nl and ar, at 100 % and 200 % text: no control covered by another widget, and the step's
primary action in view or announced by a visible "More below".

It covers these sentences of the issue's "What was seen": ""Afspraak maken" appears only after
scrolling while Next is greyed; the "More below" button covers the phone field, "Print the
ticket" and the volunteer's "Partly / Not helped"; home tiles 4–5 are cut off at 1366×768".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.paths import home_paths
from kiosk.qr.scan import ScanSources
from kiosk.store import RecordStore, open_database
from tests.support.walker import Walker
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.helpdesk.conftest import location_config

pytestmark = PLATFORM_NOISE


#: Findings not fixed yet, each with why. The test fails when one of them is no longer found
#: (then take it off this list) as much as when a new one appears.
KNOWN: set[str] = set()  # the QR page's big code at 200 % on 1280x720: fixed (round 6)


@pytest.fixture
def seeded_walk_home(kiosk_home: Path) -> Path:
    """The kiosk home with the location config (volunteers for the panel) in its store."""
    db = open_database(home_paths(kiosk_home).database)
    try:
        RecordStore(db).set_state("location_config", {"config": location_config()})
    finally:
        db.close()
    return kiosk_home


def test_nothing_is_hidden_under_anything(
    make_kiosk, seeded_walk_home, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk(languages=("nl", "fr", "en", "ar", "tr", "pl", "uk"), default_language="nl")
    flow = kiosk.flows.guides
    flow.speech_engine = "mock"
    scans = tmp_path / "scans"
    scans.mkdir()
    flow.qr_sources = ScanSources(decoder=None, scans=scans, usb_roots=())
    walker = Walker(kiosk, qtbot, shots=tmp_path, budget_s=165)
    findings = walker.run()
    print(f"walker: {walker.visited} places in {walker.elapsed:.1f} s")
    assert walker.visited > 300
    new = [finding for finding in findings if finding not in KNOWN]
    assert new == [], "\n".join(new[:60]) + f"\n({len(new)} findings, {tmp_path})"
    assert set(findings) >= KNOWN, f"fixed now, take off KNOWN: {KNOWN - set(findings)}"
