"""Pulling the location's config from the hub on every sync, and keeping the last good one.

`GET /api/v1/kiosk/config` gives the location's settings (idle timeout, allowed sites,
referrals, services, volunteers). A good answer is kept in the store's state under
`location_config`, with the time it was fetched; an unreachable hub or a garbled answer keeps
the previous one. When the config differs from the kept one, `on_change` is called with it, so
the GUI can apply it without a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import httpx

from kiosk.i18n import _
from kiosk.protocol import (
    LAST_ERROR_AT_HEADER,
    LAST_ERROR_HEADER,
    LAST_ERROR_MAX,
    OUTBOX_HEADER,
    PROTOCOL_VERSION,
)
from kiosk.store import RecordStore
from kiosk.sync.protocol import HubFailure, call, expect_json

log = logging.getLogger(__name__)

CONFIG_PATH = "api/v1/kiosk/config"
STATE_KEY = "location_config"

#: Keys a version-1 config must have, with the JSON types they must be.
_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "kiosk_id": str,
    "location": str,
    "idle_timeout": int,
    "allowed_sites": list,
    "referrals": list,
    "services": list,
    "volunteers": list,
}

ConfigHook = Callable[[dict[str, object]], None]


def check_config(decoded: dict[str, object]) -> dict[str, object]:
    """`decoded` when it is a version-1 location config, else HubFailure."""
    if decoded.get("protocol") != PROTOCOL_VERSION:
        raise HubFailure(_("the hub's config is not of protocol version 1"))
    for key, kind in _REQUIRED.items():
        value = decoded.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise HubFailure(_("the hub's config has no valid '{key}'").format(key=key))
    return decoded


def last_error_headers(text: str, when: str) -> dict[str, str]:
    """The headers that carry a last error: one line, capped, percent-encoded UTF-8."""
    from urllib.parse import quote

    line = " ".join(text.split())[:LAST_ERROR_MAX]
    return {LAST_ERROR_HEADER: quote(line, safe=" "), LAST_ERROR_AT_HEADER: when[:40]}


def last_good_config(store: RecordStore) -> dict[str, object] | None:
    """The config kept from the last good pull, or None before the first one."""
    kept = store.get_state(STATE_KEY)
    config = None if kept is None else kept.get("config")
    return config if isinstance(config, dict) else None


def pull_config(
    store: RecordStore,
    client: httpx.Client,
    token: str,
    now: datetime,
    on_change: ConfigHook | None = None,
    last_error: tuple[str, str] | None = None,
) -> dict[str, object]:
    """Fetch, check and keep the config; returns it. HubFailure leaves the kept one alone.

    `last_error` (the text and ISO time of the kiosk's last sync error) goes to the hub in the
    `Kiosk-Last-Error` headers, so staff see why a kiosk stopped syncing (docs/protocol.md).
    """
    pending = store.counts().pending
    headers = {OUTBOX_HEADER: str(pending)}
    if last_error is not None:
        headers.update(last_error_headers(*last_error))
    answer = call(client, "GET", CONFIG_PATH, token=token, headers=headers)
    config = check_config(expect_json(answer, 200))
    previous = last_good_config(store)
    store.set_state(STATE_KEY, {"config": config, "fetched_at": now.isoformat(timespec="seconds")})
    if config != previous:
        log.info("the location config changed")
        if on_change is not None:
            try:
                on_change(config)
            except Exception:  # the hook is the GUI's; its bug must not stop sync
                log.exception("applying the new location config failed")
    return config
