"""The admin screen during an outage (#22): "Sync now" says in one translated line that the hub
cannot be reached (it showed a raw "[Errno 111] Connection refused" before), and the sync
section keeps the last error with its time and says where the log files are."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.support.screens import screens_dir
from tests.ui.flows.helpdesk.hub import help_point_hub
from tests.ui.flows.helpdesk.test_admin_and_hub import open_admin

#: One time format for staff: the location's local time with its zone (Europe/Brussels here).
TIME = r"\d{4}-\d\d-\d\d \d\d:\d\d CES?T"


def test_sync_now_with_the_hub_down_is_one_line_and_kept(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, tmp_path: Path
) -> None:
    kiosk = make_kiosk(default_language="en")
    flow = kiosk.flows.helpdesk
    screen = open_admin(qtbot, kiosk, flow, first_time=True)
    with help_point_hub(tmp_path / "hub") as (hub, _ids):
        screen.hub_url.setText(hub.url)
        screen.code.setText(hub.code())
        with qtbot.waitSignal(flow.admin.synced, timeout=20000):
            qtbot.mouseClick(screen.enroll, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.sync.value_texts().get("Last good sync") != "\u2013")
    values = screen.sync.value_texts()
    assert re.fullmatch(TIME, values["Last good sync"]), values["Last good sync"]
    # The hub is gone now.
    kiosk.window.activateWindow()
    qtbot.waitUntil(kiosk.window.isActiveWindow)
    screen.sync_now.setFocus()
    with qtbot.waitSignal(flow.admin.synced, timeout=20000) as synced:
        qtbot.mouseClick(screen.sync_now, Qt.MouseButton.LeftButton)
    assert screen.sync_now.hasFocus()  # not the header's language button
    assert synced.args[0].error.startswith("cannot reach the hub")
    message = screen.sync_message.text()
    assert message.startswith("Sync failed: cannot reach the hub;")
    assert "\n" not in message
    assert "Errno" not in message
    qtbot.waitUntil(lambda: screen.sync.value_texts().get("Last error", "\u2013") != "\u2013")
    values = screen.sync.value_texts()
    when, error = values["Last error"].split(" \u00b7 ")  # "2026-12-03 13:00 CET · ..."
    assert re.fullmatch(TIME, when), when  # the location's time, as `kiosk status` shows it
    assert error.startswith("cannot reach the hub")
    assert values["Log files"] == str(kiosk.paths.log_dir)
    if shots := screens_dir(tmp_path):
        kiosk.window.grab().save(str(shots / "admin-sync-outage.png"))


def test_the_open_admin_screen_shows_automatic_syncs(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, tmp_path: Path
) -> None:
    kiosk = make_kiosk(default_language="en")
    flow = kiosk.flows.helpdesk
    screen = open_admin(qtbot, kiosk, flow, first_time=True)
    with help_point_hub(tmp_path / "hub") as (hub, _ids):
        screen.hub_url.setText(hub.url)
        screen.code.setText(hub.code())
        with qtbot.waitSignal(flow.admin.synced, timeout=20000):
            qtbot.mouseClick(screen.enroll, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.sync.value_texts().get("Last error") == "\u2013")
    # The hub is gone; the background sync (not "Sync now") fails, and the open screen shows it
    with qtbot.waitSignal(flow.admin.refreshed, timeout=30000):
        kiosk.flows.sync.sync_now()
    qtbot.waitUntil(lambda: screen.sync.value_texts().get("Last error", "\u2013") != "\u2013")
    assert "cannot reach the hub" in screen.sync.value_texts()["Last error"]
