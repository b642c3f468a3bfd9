"""A volunteer ends a session on a full disk: the form says plainly that nothing was saved and to
tell the staff (never the database's own text), and the log has a WARNING."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import event

from kiosk import i18n
from kiosk.domain.records import Outcome
from tests.support.screens import screens_dir
from tests.ui.flows.helpdesk.test_volunteer_panel import log_in_an


def test_a_session_that_cannot_be_saved_is_said_plainly(
    qtbot: Any, helpdesk: Any, caplog: Any
) -> None:
    kiosk, flow = helpdesk
    engines: list[Any] = []
    kiosk.store.call(lambda store: store._db.engine, on_done=engines.append)
    qtbot.waitUntil(lambda: bool(engines), timeout=20_000)

    def full(cursor: Any, statement: str, parameters: Any, context: Any) -> None:
        if "assisted_sessions" in statement and statement.lstrip().upper().startswith("INSERT"):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(engines[0], "do_execute", full)
    log_in_an(qtbot, kiosk, flow)
    qtbot.mouseClick(flow.panel.home.start, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(flow.bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is flow.panel.home)
    qtbot.mouseClick(flow.panel.home.session, Qt.MouseButton.LeftButton)
    form = flow.panel.form
    qtbot.mouseClick(form.topic_buttons["taxes"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.outcome_buttons[Outcome.HELPED], Qt.MouseButton.LeftButton)
    said = i18n._("Nothing was saved on this kiosk. Please tell the staff.")
    with caplog.at_level(logging.INFO):
        qtbot.mouseClick(form.done, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: said in form.missing.text(), timeout=20_000)
    assert "disk is full" not in form.missing.text()
    if shots := screens_dir():
        kiosk.window.grab().save(str(shots / "volunteer-session-not-saved.png"))
    assert any(
        r.levelno == logging.WARNING and "nothing was saved" in r.getMessage()
        for r in caplog.records
    )
