"""The invitation code is as private as a PIN (#21, stranger finding 4): masked on screen with
the same keypad, and the kiosk's database file (and its folder) are for its user only."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLineEdit

from kiosk.paths import home_paths
from kiosk.store import open_database
from kiosk.ui.screens.volunteer_login import INVITE, PinPage
from tests.support.screens import screens_dir


def test_the_invitation_code_field_is_masked(qtbot: Any) -> None:
    page = PinPage()
    qtbot.addWidget(page)
    page.ask("Ann Peeters", mode=INVITE)
    assert page.field.echoMode() == QLineEdit.EchoMode.Password
    assert page.pad.isVisibleTo(page)
    page.resize(900, 700)
    page.show()
    qtbot.keyClicks(page.field, "7415 4219")
    assert page.field.text() == "7415 4219"
    assert "7415" not in page.field.displayText()
    if shots := screens_dir():
        page.grab().save(str(shots / "invitation-code-masked.png"))


def test_the_database_and_its_folder_are_private(tmp_path: Path) -> None:
    paths = home_paths(tmp_path / "home")
    paths.data_dir.mkdir(parents=True)
    paths.data_dir.chmod(0o755)
    paths.ensure()
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700
    paths.database.write_bytes(b"")
    paths.database.chmod(0o644)  # a kiosk of before left it readable to all
    db = open_database(paths.database)
    try:
        db.engine.connect().close()
        for file in paths.data_dir.glob("kiosk.sqlite3*"):
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    finally:
        db.close()
    fresh = tmp_path / "new" / "kiosk.sqlite3"
    open_database(fresh).close()
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert stat.S_IMODE(fresh.parent.stat().st_mode) == 0o700
