"""One sync round: the outbox, the location config and the signed guides, with the hub.

The background sync (`kiosk.ui.flows.sync.SyncController`, on the kiosk's shared store) and
the admin screen's "Sync now" (`kiosk.ui.flows.location_admin`, on a connection of its own)
both run `sync_once()`; `sync_with_own_connection()` opens and closes that connection around
it. Both block on the network: the UI runs them on a worker thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.paths import KioskPaths
    from kiosk.store import RecordStore
    from kiosk.sync.location_config import ConfigHook
    from kiosk.sync.service import GuidesHook, SyncResult


def sync_once(
    store: RecordStore,
    *,
    paths: KioskPaths,
    ca_bundle: str,
    on_config: ConfigHook | None = None,
    on_guides: GuidesHook | None = None,
    only_if_enrolled: bool = False,
) -> SyncResult | None:
    """Sync `store` with its hub once; what the hub brings goes to `on_config`/`on_guides`.

    A kiosk that is not enrolled raises `NotEnrolledError`, or, with `only_if_enrolled` (the
    background sync, which starts before anyone enrolled the kiosk), returns None.
    """
    from kiosk.sync.enrollment import read_enrollment
    from kiosk.sync.service import SyncService

    if only_if_enrolled and read_enrollment(store) is None:
        return None
    service = SyncService(
        store, ca_bundle=ca_bundle, paths=paths, on_config=on_config, on_guides=on_guides
    )
    return service.sync_once()


def sync_with_own_connection(
    paths: KioskPaths,
    *,
    ca_bundle: str,
    on_config: ConfigHook | None = None,
    on_guides: GuidesHook | None = None,
) -> SyncResult | None:
    """`sync_once()` on a connection to the kiosk's database of its own, closed after it."""
    from kiosk.store import RecordStore, open_database

    db = open_database(paths.database)
    try:
        return sync_once(
            RecordStore(db),
            paths=paths,
            ca_bundle=ca_bundle,
            on_config=on_config,
            on_guides=on_guides,
        )
    finally:
        db.close()
