"""A widget its owner hides while an overlay has it hidden stays hidden when the overlay closes
(a stranger's finding, #23: the session bar came back, frozen, after "saved")."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.shell.session_bar import SessionBar
from kiosk.ui.widgets.overlay import Overlay


def test_a_session_bar_stopped_under_an_overlay_stays_hidden_when_it_closes(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    now = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    bar = SessionBar(lambda: now, host)
    screen = QLabel("the screen", host)
    layout.addWidget(bar)
    layout.addWidget(screen)
    host.resize(800, 600)
    host.show()
    bar.start(now)
    assert bar.isVisible()

    panel = Overlay(host)  # the volunteer panel, say, where the session is ended
    panel.open()
    assert not bar.isVisible()  # hidden behind the overlay (and from AT-SPI)
    bar.stop()  # the session was saved while the panel was open
    panel.close_overlay()

    assert not bar.isVisible()
    assert screen.isVisible()  # what the overlay hid comes back; only the bar stays away

    bar.start(now)  # a next session shows it again
    assert bar.isVisible()
    panel.deleteLater()  # before its Python side goes, so the host's event filter goes too
    qtbot.wait(10)
