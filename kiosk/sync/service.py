"""One sync: drain the outbox, pull the location config, record how it went.

`SyncService.sync_once()` is what `kiosk sync --once` runs and what the GUI runs through its
background task helper; `run()` loops until stopped (Ctrl-C for `kiosk sync`, the app's
shutdown for the GUI). The outcome is kept in the store's state under `sync`:
`last_sync_ok` (ISO time of the last sync without any failure, or null) and `last_error`
(null after a good sync), which `kiosk status` and the admin screen show.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx

from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.i18n import _
from kiosk.paths import KioskPaths
from kiosk.store import RecordStore
from kiosk.sync import guide_updates
from kiosk.sync.backoff import Backoff
from kiosk.sync.enrollment import require_enrollment
from kiosk.sync.location_config import ConfigHook, pull_config
from kiosk.sync.protocol import HubFailure, Unauthorized
from kiosk.sync.sender import DEFAULT_BATCH, OutboxSender
from kiosk.sync.token_store import load_token
from kiosk.sync.transport import Timeouts, make_client

log = logging.getLogger(__name__)

STATE_KEY = "sync"

GuidesHook = Callable[[guide_updates.UpdateResult], None]


@dataclass(frozen=True)
class SyncResult:
    """What one sync did, and what is still waiting."""

    sent: int
    duplicates: int
    parked: int
    pending: int
    error: str | None
    config_ok: bool

    @property
    def ok(self) -> bool:
        return self.error is None


#: Why the hub's guide root could not be pinned, as last logged (a new SyncService each round).
_PIN_PROBLEM: dict[str, str] = {}


def _reported_error(state: dict[str, object]) -> tuple[str, str] | None:
    """The last error (text, ISO time) of the previous round, for the hub; None after a good one."""
    error, when = state.get("last_error"), state.get("last_error_at")
    if isinstance(error, str) and error:
        return error, when if isinstance(when, str) else ""
    return None


class SyncService:
    """Syncs one kiosk store with the hub it is enrolled with."""

    def __init__(
        self,
        store: RecordStore,
        *,
        ca_bundle: str = "",
        timeouts: Timeouts | None = None,
        batch_size: int = DEFAULT_BATCH,
        backoff: Backoff | None = None,
        clock: Callable[[], datetime] = utc_now,
        token_provider: Callable[[str], str] = load_token,
        on_config: ConfigHook | None = None,
        paths: KioskPaths | None = None,
        on_guides: GuidesHook | None = None,
    ) -> None:
        self.store = store
        self.on_config = on_config
        self.paths = paths
        self.on_guides = on_guides
        self._ca_bundle = ca_bundle
        self._timeouts = timeouts
        self._batch_size = batch_size
        self._backoff = backoff or Backoff()
        self._clock = clock
        self._token_provider = token_provider
        self._wake = threading.Event()

    def sync_once(self) -> SyncResult:
        """Send everything due now and pull the config; never raises for network trouble.

        Every failure of the round (records, config, guides) ends as one translated line in
        `SyncResult.error` and in the store's `sync` state, with its time (`last_error_at`).
        """
        enrollment = require_enrollment(self.store)
        token = self._token_provider(enrollment.kiosk_id)
        previous = self.store.get_state(STATE_KEY) or {}
        error: str | None = None
        config_ok = False
        sent = duplicates = parked = 0
        with make_client(enrollment.hub_url, self._ca_bundle, self._timeouts) as client:
            sender = OutboxSender(
                self.store,
                client,
                token,
                batch_size=self._batch_size,
                backoff=self._backoff,
                clock=self._clock,
            )
            report = sender.drain(was_failing=bool(previous.get("last_error")))
            sent, duplicates, parked = report.sent, report.duplicates, report.parked
            error = report.error
            if not report.unauthorized:
                try:
                    pull_config(
                        self.store,
                        client,
                        token,
                        self._clock(),
                        self.on_config,
                        last_error=_reported_error(previous),
                    )
                    config_ok = True
                except Unauthorized as exc:
                    error = str(exc)
                except HubFailure as exc:
                    error = error or str(exc)
                    log.info("pulling the location config failed (%s); keeping the last one", exc)
                if self.paths is not None:
                    guide_error = self._sync_guides(client, enrollment.hub_url, token)
                    error = error or guide_error
        now = self._clock().isoformat(timespec="seconds")
        if error is not None:
            log.info("sync failed: %s", error)
        self.store.set_state(
            STATE_KEY,
            {
                "last_sync_ok": now if error is None else previous.get("last_sync_ok"),
                "last_error": error,
                "last_error_at": now if error is not None else None,
                "last_attempt": now,
            },
        )
        return SyncResult(
            sent=sent,
            duplicates=duplicates,
            parked=parked,
            pending=self.store.counts().pending,
            error=error,
            config_ok=config_ok,
        )

    def _sync_guides(self, client: httpx.Client, hub_url: str, token: str) -> str | None:
        """Update the installed guides from the hub's signed repository (TUF).

        The hub's root metadata is pinned at the first sync after enrollment that finds a
        repository; until an admin has set one up (`kiosk admin init-repo`), the built-in guides
        are all there is, and that is not an error. A refused update leaves the last good set
        in place and is reported as the sync's error.
        """
        assert self.paths is not None
        if not guide_updates.is_pinned(self.paths):
            try:
                fingerprint = guide_updates.fetch_and_pin_root(hub_url, token, self.paths, client)
            except guide_updates.GuideUpdateError as exc:
                if _PIN_PROBLEM.get("text") != str(exc):  # once per change, not every minute
                    _PIN_PROBLEM["text"] = str(exc)
                    log.info("not following the hub's guides yet: %s", exc)
                return None
            _PIN_PROBLEM.pop("text", None)
            log.info("pinned the hub's guide root, fingerprint %s", fingerprint)
        result = guide_updates.update_guides(hub_url, self.paths, client=client)
        if result.changed and self.on_guides is not None:
            self.on_guides(result)
        if result.error is None or result.error == guide_updates.unreachable_message():
            return result.error
        log.info("guide update refused: %s", result.error)
        return _("the guide update failed: {reason}").format(reason=result.error)

    def wake(self) -> None:
        """Run the next sync now (new records, or the network came back)."""
        self._wake.set()

    def seconds_to_next(self, interval: float) -> float:
        """How long `run()` waits: the interval, or less when a retry is due sooner."""
        next_due = self.store.next_due_at()
        if next_due is None:
            return interval
        return max(0.0, min(interval, (next_due - self._clock()).total_seconds()))

    def run(self, interval: float, stop: threading.Event) -> None:
        """Sync every `interval` seconds (sooner for due retries) until `stop` is set."""
        while not stop.is_set():
            try:
                result = self.sync_once()
                if result.error:
                    log.warning("sync: %s (%d waiting)", result.error, result.pending)
                else:
                    log.info("sync: %d sent, %d waiting", result.sent, result.pending)
            except KioskError as exc:
                log.error("sync: %s", exc)
            self._wake.clear()
            wait = self.seconds_to_next(interval)
            deadline = self._clock().timestamp() + wait
            while not stop.is_set() and not self._wake.is_set():
                left = deadline - self._clock().timestamp()
                if left <= 0:
                    break
                stop.wait(min(left, 1.0))
