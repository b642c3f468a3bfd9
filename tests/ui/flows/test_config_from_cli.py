"""A running kiosk applies a config that `kiosk sync --once` stored on the same KIOSK_HOME
(#21, stranger finding 2): the next background round applies any stored config that differs
from the one on screen, whoever stored it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.paths import home_paths
from kiosk.store import RecordStore, open_database


def _store_config(kiosk_home: Path, config: dict[str, object]) -> None:
    """What the CLI's sync does: its own connection to the kiosk's database."""
    db = open_database(home_paths(kiosk_home).database)
    try:
        RecordStore(db).set_state("location_config", {"config": config, "fetched_at": "x"})
    finally:
        db.close()


def test_a_config_stored_by_another_process_is_applied(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path
) -> None:
    kiosk = make_kiosk()
    sync = kiosk.flows.sync
    qtbot.waitUntil(lambda: kiosk.store.store is not None and not sync.running, timeout=20_000)
    _store_config(kiosk_home, {"location": "Gent Centrum", "idle_timeout": 180})
    with qtbot.waitSignal(sync.config_changed, timeout=20_000):
        sync.sync_now()  # the kiosk's own round (not enrolled here: it fetches nothing)
    qtbot.waitUntil(lambda: kiosk.window.header.location.text() == "Gent Centrum", timeout=5_000)
    # the same stored config again changes nothing; a newer one is applied again
    _store_config(kiosk_home, {"location": "Brugge Zuid", "idle_timeout": 180})
    qtbot.waitUntil(lambda: not sync.running, timeout=20_000)
    sync.sync_now()
    qtbot.waitUntil(lambda: kiosk.window.header.location.text() == "Brugge Zuid", timeout=20_000)
