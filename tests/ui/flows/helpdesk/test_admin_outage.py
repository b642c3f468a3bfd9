"""The admin screen during an outage (#22): "Sync now" says in one translated line that the hub
cannot be reached (it showed a raw "[Errno 111] Connection refused" before), and the sync
section keeps the last error with its time and says where the log files are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.support.screens import screens_dir
from tests.ui.flows.helpdesk.hub import help_point_hub
from tests.ui.flows.helpdesk.test_admin_and_hub import open_admin


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
    # The hub is gone now.
    with qtbot.waitSignal(flow.admin.synced, timeout=20000) as synced:
        qtbot.mouseClick(screen.sync_now, Qt.MouseButton.LeftButton)
    assert synced.args[0].error.startswith("cannot reach the hub")
    message = screen.sync_message.text()
    assert message.startswith("Sync failed: cannot reach the hub;")
    assert "\n" not in message
    assert "Errno" not in message
    qtbot.waitUntil(lambda: screen.sync.value_texts().get("Last error", "\u2013") != "\u2013")
    values = screen.sync.value_texts()
    when, error = values["Last error"].split(" UTC \u00b7 ")  # "2026-12-03 12:00 UTC · ..."
    assert len(when) == 16
    assert error.startswith("cannot reach the hub")
    assert values["Log files"] == str(kiosk.paths.log_dir)
    if shots := screens_dir(tmp_path):
        kiosk.window.grab().save(str(shots / "admin-sync-outage.png"))
