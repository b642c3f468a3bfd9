"""The admin screen behind its PIN (enroll, sync now, status, exit), and a volunteer's session
end to end: the panel, the kiosk's outbox, "Sync now", the hub's database, a correction.

Since #21 nobody chooses the admin PIN at the kiosk: these kiosks get it as `kiosk enroll
--admin-pin-file` gives it (`give_admin_pin`), and a volunteer's first PIN needs the
coordinator's invitation code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.domain.records import Outcome
from kiosk.hub.db.models import RecordRow
from kiosk.services import helpdesk as state
from kiosk.store import RecordStore, open_database
from kiosk.ui.flows.location_admin import ADMIN
from tests.support.screens import screens_dir
from tests.ui.flows.helpdesk.conftest import ADMIN_PIN
from tests.ui.flows.helpdesk.hub import BRAM_CODE, help_point_hub
from tests.ui.flows.helpdesk.test_volunteer_panel import log_in_an, open_with_shortcut, type_pin

__all__ = ["ADMIN_PIN", "open_admin"]


def give_admin_pin(kiosk: Any) -> None:
    """What `kiosk enroll --admin-pin-file` does: the admin PIN, kept as a hash in the store."""
    db = open_database(kiosk.paths.database)
    try:
        state.set_admin_pin_from_file(RecordStore(db), ADMIN_PIN)
    finally:
        db.close()


def open_admin(qtbot: Any, kiosk: Any, flow: Any, *, first_time: bool) -> Any:
    """Open the admin screen with the admin PIN (`first_time`: given to this kiosk first)."""
    if first_time:
        give_admin_pin(kiosk)
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.mouseClick(flow.panel.who.admin, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.panel.pin.mode == "check")
    type_pin(qtbot, flow, ADMIN_PIN)
    qtbot.waitUntil(lambda: kiosk.window.current_screen_name == ADMIN)
    screen = flow.admin.screen
    qtbot.waitUntil(lambda: bool(screen.status))
    return screen


def test_admin_enrolls_syncs_and_exits(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, tmp_path: Path
) -> None:
    kiosk = make_kiosk(default_language="en")
    flow = kiosk.flows.helpdesk
    screen = open_admin(qtbot, kiosk, flow, first_time=True)
    assert screen.enrollment.value_texts()["Enrolled"] == "no"
    assert screen.guides.heading.text().endswith("guides installed")
    assert screen.guides.value_texts()  # the built-in guides with their versions

    with help_point_hub(tmp_path / "hub") as (hub, _ids):
        screen.hub_url.setText(hub.url)
        screen.code.setText(hub.code())
        with qtbot.waitSignal(flow.admin.synced, timeout=20000) as synced:
            qtbot.mouseClick(screen.enroll, Qt.MouseButton.LeftButton)
        assert synced.args[0].config_ok
        qtbot.waitUntil(lambda: screen.enrollment.value_texts().get("Enrolled") == "yes")
        qtbot.waitUntil(lambda: screen.location.value_texts().get("Volunteers") == "2")
        values = screen.location.value_texts()
        assert values["Location"] == "Bibliotheek Sync"
        assert "Tax office" in values["Referrals"]
        assert values["Idle timeout"] == "300 seconds"
        assert screen.sync.value_texts()["Last error"] == "\u2013"
        if shots := screens_dir():
            kiosk.window.grab().save(str(shots / "admin-screen.png"))

    # back to the kiosk; the admin PIN is asked again next time
    qtbot.mouseClick(screen.back, Qt.MouseButton.LeftButton)
    assert kiosk.window.current_screen_name == "home"
    open_admin(qtbot, kiosk, flow, first_time=False)
    kiosk.window.close()
    assert kiosk.window.isVisible()  # closing is refused...
    qtbot.mouseClick(screen.exit, Qt.MouseButton.LeftButton)
    assert not kiosk.window.isVisible()  # ...except through "Exit kiosk"


def test_wrong_admin_pins_slow_the_admin_down(qtbot: Any, make_kiosk: Any) -> None:
    kiosk = make_kiosk(default_language="en")
    flow = kiosk.flows.helpdesk
    open_admin(qtbot, kiosk, flow, first_time=True)
    kiosk.start_over("idle")  # the admin screen closes at a reset
    assert kiosk.window.current_screen_name == "home"
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.mouseClick(flow.panel.who.admin, Qt.MouseButton.LeftButton)
    page = flow.panel.pin
    type_pin(qtbot, flow, "000000")
    qtbot.waitUntil(lambda: "Wait 1 second before the next try" in page.message.text())
    assert kiosk.window.current_screen_name == "home"


def test_session_end_to_end_with_a_live_hub(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, tmp_path: Path
) -> None:
    with help_point_hub(tmp_path / "hub") as (hub, ids):
        kiosk = make_kiosk(default_language="en")
        flow = kiosk.flows.helpdesk
        screen = open_admin(qtbot, kiosk, flow, first_time=True)
        screen.hub_url.setText(hub.url)
        screen.code.setText(hub.code())
        with qtbot.waitSignal(flow.admin.synced, timeout=20000):
            qtbot.mouseClick(screen.enroll, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(screen.back, Qt.MouseButton.LeftButton)

        # Bram sets his PIN at first use, with his invitation code; the hash goes to the hub
        open_with_shortcut(qtbot, kiosk, flow)
        qtbot.waitUntil(lambda: ids["bram"] in flow.panel.who.buttons)
        if shots := screens_dir():
            kiosk.window.grab().save(str(shots / "volunteer-who.png"))
        qtbot.mouseClick(flow.panel.who.buttons[ids["bram"]], Qt.MouseButton.LeftButton)
        assert flow.panel.pin.mode == "invite"
        type_pin(qtbot, flow, BRAM_CODE)
        qtbot.waitUntil(lambda: flow.panel.pin.mode == "set")
        type_pin(qtbot, flow, "735190")
        type_pin(qtbot, flow, "735190")
        qtbot.waitUntil(lambda: _hub_pin(hub, ids["bram"]) is not None, timeout=10000)
        assert "735190" not in str(_hub_pin(hub, ids["bram"]))
        flow.log_out()

        # An, with the hub's hash, logs a session
        log_in_an_hub = ids["an"]
        open_with_shortcut(qtbot, kiosk, flow)
        qtbot.waitUntil(lambda: log_in_an_hub in flow.panel.who.buttons)
        qtbot.mouseClick(flow.panel.who.buttons[log_in_an_hub], Qt.MouseButton.LeftButton)
        type_pin(qtbot, flow, "482913")
        qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is flow.panel.home)
        if shots := screens_dir():
            kiosk.window.grab().save(str(shots / "volunteer-home.png"))
        qtbot.mouseClick(flow.panel.home.start, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(flow.bar.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is flow.panel.home)
        qtbot.mouseClick(flow.panel.home.session, Qt.MouseButton.LeftButton)
        form = flow.panel.form
        for topic in ("digid_itsme", "banking"):
            qtbot.mouseClick(form.topic_buttons[topic], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(form.outcome_buttons[Outcome.REFERRED], Qt.MouseButton.LeftButton)
        form.referral.setCurrentIndex(form.referral.findData("social_services"))
        qtbot.mouseClick(form.age_buttons["75_plus"], Qt.MouseButton.LeftButton)
        if shots := screens_dir():
            kiosk.window.grab().save(str(shots / "volunteer-session.png"))
        with qtbot.waitSignal(flow.session_recorded, timeout=5000) as recorded:
            qtbot.mouseClick(form.done, Qt.MouseButton.LeftButton)
        record = recorded.args[0]

        # correct it the same day, then sync through the admin screen
        log_in_an(qtbot, kiosk, flow, volunteer=ids["an"])
        qtbot.mouseClick(flow.panel.home.mine, Qt.MouseButton.LeftButton)
        mine = flow.panel.mine
        qtbot.waitUntil(lambda: bool(mine.correct_buttons))
        if shots := screens_dir():
            kiosk.window.grab().save(str(shots / "volunteer-my-sessions.png"))
        qtbot.mouseClick(mine.correct_buttons[0], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(flow.panel.fix.outcome_buttons[Outcome.HELPED], Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(flow.correction_recorded, timeout=5000):
            qtbot.mouseClick(flow.panel.fix.done, Qt.MouseButton.LeftButton)
        flow.log_out()

        screen = open_admin(qtbot, kiosk, flow, first_time=False)
        with qtbot.waitSignal(flow.admin.synced, timeout=20000) as synced:
            qtbot.mouseClick(screen.sync_now, Qt.MouseButton.LeftButton)
        assert synced.args[0].error is None
        assert hub.records()[record.uuid] == 2  # the hub keeps the latest revision
        with hub.db.sessions() as session:
            row = session.scalar(select(RecordRow).where(RecordRow.uuid == record.uuid))
            assert row is not None
            stored = json.loads(row.data_json)
        assert stored["outcome"] == "helped"
        assert stored["referral"] is None
        assert stored["volunteer"] == ids["an"]
        assert set(stored) <= {
            "started_at",
            "ended_at",
            "topics",
            "outcome",
            "referral",
            "language",
            "age_band",
            "first_visit",
            "volunteer",
        }
        assert "An" not in json.dumps(stored)


def _hub_pin(hub: Any, volunteer_id: str) -> str | None:
    from kiosk.hub.helpdesk.models import Volunteer

    with hub.db.sessions() as session:
        return session.scalar(select(Volunteer.pin_hash).where(Volunteer.id == volunteer_id))
