"""`kiosk hub add-volunteer` and `kiosk hub purge` (which deletes past appointments' contacts),
run as child processes."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

from kiosk.hub.db.engine import open_hub_db
from kiosk.hub.helpdesk import volunteers
from kiosk.hub.settings import sqlite_url


def kiosk(kiosk_cmd: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*kiosk_cmd, "hub", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_add_volunteer_and_purge(kiosk_cmd: list[str], tmp_path: Path) -> None:
    db_url = sqlite_url(tmp_path / "hub.sqlite3")
    assert kiosk(kiosk_cmd, "add-location", "Bibliotheek Zuid", "--db", db_url).returncode == 0
    added = kiosk(
        kiosk_cmd,
        "add-volunteer",
        "--location",
        "bibliotheek zuid",
        "Ann Peeters",
        "--role",
        "coordinator",
        "--db",
        db_url,
    )
    assert added.returncode == 0, added.stderr
    volunteer_id = added.stdout.strip()
    assert str(uuid.UUID(volunteer_id)) == volunteer_id

    unknown = kiosk(kiosk_cmd, "add-volunteer", "--location", "Nowhere", "Bob", "--db", db_url)
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("kiosk: no location 'Nowhere'")
    assert unknown.stderr.count("\n") == 1

    purged = kiosk(kiosk_cmd, "purge", "--db", db_url)
    assert purged.returncode == 0, purged.stderr
    assert "contact details of 0 past appointments deleted" in purged.stdout

    db = open_hub_db(db_url)
    try:
        [ann] = volunteers.volunteers(db)
    finally:
        db.close()
    assert (ann.id, ann.name, ann.role, ann.has_pin) == (
        volunteer_id,
        "Ann Peeters",
        "coordinator",
        False,
    )
