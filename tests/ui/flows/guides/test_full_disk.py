"""A full disk at the end of a guide: the resident reads that nothing was saved and to tell the
staff; the log has a WARNING; the kiosk's last error (status, admin screen) says the disk is
full."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from sqlalchemy import event

from kiosk.services.status import collect_status
from tests.support.screens import screens_dir
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import click, flow_of

pytestmark = PLATFORM_NOISE


def fill_the_disk(kiosk: Any, qtbot: Any) -> None:
    """Every write of a guide run fails as SQLite does on a full disk; other writes still work."""
    engines: list[Any] = []
    kiosk.store.call(lambda store: store._db.engine, on_done=engines.append)
    qtbot.waitUntil(lambda: bool(engines), timeout=20_000)

    def full(cursor: Any, statement: str, parameters: Any, context: Any) -> None:
        if "guide_runs" in statement and statement.lstrip().upper().startswith("INSERT"):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(engines[0], "do_execute", full)


def test_a_run_that_cannot_be_saved_is_said_logged_and_kept_as_the_last_error(
    make_kiosk: Any, qtbot: Any, caplog: Any
) -> None:
    kiosk = make_kiosk(default_language="en")
    kiosk.window.apply_language("en")
    fill_the_disk(kiosk, qtbot)
    flow = flow_of(kiosk)
    flow.speech_engine = "mock"
    failed: list[str] = []
    flow.record_failed.connect(failed.append)
    screen = flow.start("doctor-appointment")
    assert screen is not None
    click(qtbot, screen.next_button)
    click(qtbot, screen.step_widget.buttons[0])  # urgent
    with caplog.at_level(logging.INFO):
        click(qtbot, screen.step_widget.button)  # call a volunteer: the run ends
        qtbot.waitUntil(lambda: bool(failed), timeout=20_000)
    said = "Nothing was saved on this kiosk. Please tell the staff."
    assert failed == [said]
    assert screen.end.not_saved.isVisible()
    assert screen.end.not_saved.text() == said
    assert said in screen.end.spoken_text()
    if shots := screens_dir():
        kiosk.window.grab().save(str(shots / "guide-end-not-saved.png"))
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("nothing was saved" in r.getMessage() for r in warnings)

    def last_error() -> object:
        return collect_status(kiosk.paths, kiosk.settings)["last_error"]

    qtbot.waitUntil(lambda: bool(last_error()), timeout=20_000)
    assert str(last_error()).startswith("The disk is full: a record could not be saved.")
