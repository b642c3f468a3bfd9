"""The location config as the kiosk uses it: the one sync last kept in the store.

`kiosk.sync.location_config` keeps every good config the hub sends (`last_good_config()`);
`location_config()` turns it into the `LocationConfig` domain object (empty before the first
good sync). It is the one place that reads the kept config.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.domain.location import LocationConfig

if TYPE_CHECKING:
    from kiosk.store import RecordStore


def location_config(store: RecordStore) -> LocationConfig:
    """The location config sync last kept (empty before the first good sync)."""
    # Imported here, where the store is already open: kiosk.sync brings httpx, which the
    # volunteer panel and the guide flow need not load just to read their config.
    from kiosk.sync.location_config import last_good_config

    return LocationConfig.from_config(last_good_config(store))
