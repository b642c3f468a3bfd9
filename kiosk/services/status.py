"""What the kiosk reports about itself: enrollment, outbox, last sync and installed guides.

`collect_status()` is what `kiosk status` prints (and `--json` gives as is) and what the admin
screen shows. It opens the database for itself when there is one, so it can run on any thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.paths import KioskPaths


def collect_status(paths: KioskPaths, settings: Settings) -> dict[str, Any]:  # Any: JSON status
    """The status object (keys as documented for `kiosk status --json`)."""
    from kiosk.store import RecordStore, open_database
    from kiosk.sync.guide_updates import read_state

    status: dict[str, Any] = {  # Any: mixed values read from the store, printed as JSON
        "enrolled": False,
        "hub_url": settings.hub.url or None,
        "kiosk_id": None,
        "location": settings.location.name,
        "outbox_pending": 0,
        "outbox_parked": 0,
        "last_sync_ok": None,
        "last_error": None,
        "last_error_at": None,
        "timezone": None,
        "log_dir": str(paths.log_dir),
        "guides": [],
        "hidden_guides": [],
        "parked": [],
    }
    if paths.database.exists():
        database = open_database(paths.database)
        try:
            store = RecordStore(database)
            counts = store.counts()
            status["outbox_pending"] = counts.pending
            status["outbox_parked"] = counts.parked
            enrollment = store.get_state("enrollment") or {}
            status["enrolled"] = bool(enrollment.get("kiosk_id"))
            status["kiosk_id"] = enrollment.get("kiosk_id")
            status["hub_url"] = enrollment.get("hub_url") or status["hub_url"]
            status["location"] = enrollment.get("location") or status["location"]
            status["parked"] = [
                {"uuid": p.uuid, "kind": p.kind, "revision": p.revision, "reason": p.reason}
                for p in store.parked()
            ]
            sync = store.get_state("sync") or {}
            status["last_sync_ok"] = sync.get("last_sync_ok")
            status["last_error"] = sync.get("last_error")
            status["last_error_at"] = sync.get("last_error_at") if sync.get("last_error") else None
            from kiosk.services.location import location_config

            location = location_config(store)
            status["timezone"] = location.timezone  # the hub's, for the times
            status["hidden_guides"] = sorted(location.hidden_guides)  # #23: hub's setting
        finally:
            database.close()
    status["guides"] = installed_guides(paths)
    guide_state = read_state(paths)
    status["root_fingerprint"] = guide_state.get("root_fingerprint")
    status["guides_last_update_ok"] = guide_state.get("last_update_ok")
    status["guides_error"] = guide_state.get("last_error")
    return status


def installed_guides(paths: KioskPaths) -> list[dict[str, str | int]]:
    """`{"id", "version"}` of every guide installed (built in, and from the hub), by id."""
    from kiosk import resources
    from kiosk.guides.catalog import load_catalog

    catalog = load_catalog([resources.builtin_guides_dir(), paths.guides_dir])
    return [
        {"id": g.id, "version": g.version}
        for g in sorted(catalog.guides.values(), key=lambda g: g.id)
    ]
