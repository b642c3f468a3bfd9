"""The kiosk's log files (#22): the GUI writes `logs/kiosk.log` (it wrote none before), in
English, and no answer, PIN, name or phone number of a resident or volunteer ever reaches it.

One kiosk goes through what handles such values: a volunteer sets a PIN, a resident types an
EAN code into a guide and the kiosk resets, a resident books an appointment with a first name
and a phone number at a live hub. Logging runs as `kiosk run` starts it (kiosk.logfiles).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.logfiles import BACKUPS, MAX_BYTES, log_file_name, start_logging
from kiosk.paths import home_paths
from kiosk.sync.enrollment import enroll
from kiosk.ui.flows.booking import Booking
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import click, flow_of
from tests.ui.flows.helpdesk.conftest import BRAM_CODE
from tests.ui.flows.helpdesk.hub import help_point_hub
from tests.ui.flows.helpdesk.test_appointment_step import make_step
from tests.ui.flows.helpdesk.test_volunteer_panel import open_with_shortcut, type_pin

PIN = "735190"
EAN = "541448820000000008"
FIRST_NAME = "Zoraïda"
PHONE = "+32 470 98 76 54"
pytestmark = PLATFORM_NOISE


@pytest.fixture
def gui_logging(kiosk_home: Path) -> Iterator[Path]:
    log_file = start_logging(home_paths(kiosk_home).log_dir, "run")
    assert log_file is not None
    yield log_file
    start_logging(None, None)  # closes the file, back to stderr only


def test_the_log_files_are_named_per_part_and_rotate(gui_logging: Path) -> None:
    assert gui_logging.name == "kiosk.log"
    assert log_file_name("run") == "kiosk.log"
    assert log_file_name("demo") == "kiosk.log"
    assert log_file_name("sync") == "cli.log"
    assert log_file_name("hub") == "hub.log"
    handlers = [h for h in logging.getLogger().handlers if hasattr(h, "maxBytes")]
    assert len(handlers) == 1
    assert all(h.maxBytes == MAX_BYTES and h.backupCount == BACKUPS for h in handlers)  # type: ignore[attr-defined]


def test_no_resident_or_volunteer_data_reaches_the_log(
    qtbot: Any, helpdesk: Any, seeded_home: Path, tmp_path: Path, gui_logging: Path
) -> None:
    kiosk, panel_flow = helpdesk
    # A volunteer sets a PIN with an invitation code.
    open_with_shortcut(qtbot, kiosk, panel_flow)
    qtbot.waitUntil(lambda: "v-bram" in panel_flow.panel.who.buttons)
    qtbot.mouseClick(panel_flow.panel.who.buttons["v-bram"], Qt.MouseButton.LeftButton)
    type_pin(qtbot, panel_flow, BRAM_CODE)
    qtbot.waitUntil(lambda: panel_flow.panel.pin.mode == "set")
    type_pin(qtbot, panel_flow, PIN)
    type_pin(qtbot, panel_flow, PIN)
    qtbot.waitUntil(lambda: panel_flow.panel.pages.currentWidget() is panel_flow.panel.home)
    panel_flow.log_out()

    # A resident types an EAN code into a guide; the kiosk resets.
    guides = flow_of(kiosk)
    guides.speech_engine = "mock"
    screen = guides.start("meter-reading")
    click(qtbot, screen.next_button)
    click(qtbot, screen.next_button)
    for box in screen.step_widget.boxes:
        box.click()
    click(qtbot, screen.next_button)
    click(qtbot, screen.step_widget.buttons[0])
    click(qtbot, screen.next_button)
    qtbot.keyClicks(screen.step_widget.edit, EAN)
    assert kiosk.start_over("idle").ok

    # A resident books an appointment with a first name and a phone number.
    with help_point_hub(tmp_path / "hub") as (hub, _ids):
        enroll(home_paths(seeded_home).database, hub.url, hub.code(), name="kiosk")
        widget = make_step(qtbot, kiosk, Booking(kiosk))
        with qtbot.waitSignal(widget.slots_shown, timeout=10000):
            pass
        qtbot.mouseClick(widget.slot_buttons[widget.slots[0].id], Qt.MouseButton.LeftButton)
        widget.first_name.setText(FIRST_NAME)
        widget.phone.setText(PHONE)
        with qtbot.waitSignal(widget.booked, timeout=10000):
            qtbot.mouseClick(widget.book_button, Qt.MouseButton.LeftButton)
    kiosk.start_over("idle")

    for handler in logging.getLogger().handlers:
        handler.flush()
    text = "\n".join(path.read_text(encoding="utf-8") for path in gui_logging.parent.glob("*.log*"))
    assert "enrolled as kiosk" in text  # the file is really written
    for secret in (
        PIN,
        BRAM_CODE,
        EAN,
        FIRST_NAME,
        PHONE,
        PHONE.replace(" ", ""),
        "470 98",
        "98 76 54",
    ):
        assert secret not in text, f"{secret!r} is in the log"
