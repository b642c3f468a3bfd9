"""The outbox sender: drains due records to the hub in batches, and judges every answer.

A record counts as sent only when the hub answers with the protocol's envelope and names its
uuid as accepted or duplicate; marking it sent is its own transaction, after the answer. A
crash in between means it is sent again, and the hub counts it once (the uuid is the key).
Records the hub rejects are parked with the reason and never block the queue; a `conflict` is
logged as a bug signal. A failed batch gets its next attempt through `Backoff`, and the drain
stops there (the network is probably down); a 413 splits the batch; a 401 stops everything
until the kiosk is enrolled again. When a request succeeds after failures, every waiting record
is made due at once (the network came back).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from kiosk.clock import utc_now
from kiosk.store import OutboxItem, RecordStore, StoreFullError
from kiosk.sync.backoff import Backoff
from kiosk.sync.protocol import (
    HubFailure,
    TooLarge,
    Unauthorized,
    batch_verdicts,
    call,
    expect_json,
)

log = logging.getLogger(__name__)

RECORDS_PATH = "api/v1/records"
DEFAULT_BATCH = 200


@dataclass
class DrainReport:
    """What one drain did; `error` is set when a failure stopped it."""

    sent: int = 0
    duplicates: int = 0
    parked: int = 0
    requests: int = 0
    error: str | None = None
    unauthorized: bool = False


class _Stop(Exception):
    """Ends the drain after a failure (already recorded in the report)."""


class OutboxSender:
    """Sends the outbox of one store to one hub with one token."""

    def __init__(
        self,
        store: RecordStore,
        client: httpx.Client,
        token: str,
        *,
        batch_size: int = DEFAULT_BATCH,
        backoff: Backoff | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._store = store
        self._client = client
        self._token = token
        self._batch_size = max(1, batch_size)
        self._backoff = backoff or Backoff()
        self._clock = clock

    def drain(self, *, was_failing: bool = False) -> DrainReport:
        """Send everything due now; stop at the first failure."""
        report = DrainReport()
        failing = was_failing
        while True:
            batch = self._next_batch()
            if not batch:
                return report
            try:
                self._send(batch, report)
            except _Stop:
                return report
            if failing:
                log.info("the hub answers again; retrying every waiting record now")
                self._store.retry_now()
                failing = False

    def _next_batch(self) -> list[OutboxItem]:
        """Due items, at most one revision of each uuid (so every verdict is unambiguous)."""
        batch: list[OutboxItem] = []
        seen: set[str] = set()
        for item in self._store.due(self._batch_size, self._clock()):
            if item.uuid not in seen:
                seen.add(item.uuid)
                batch.append(item)
        return batch

    def _send(self, items: list[OutboxItem], report: DrainReport) -> None:
        report.requests += 1
        try:
            answer = call(
                self._client,
                "POST",
                RECORDS_PATH,
                token=self._token,
                body={"records": [item.envelope() for item in items]},
            )
            verdicts = batch_verdicts(expect_json(answer, 200), {item.uuid for item in items})
        except Unauthorized as exc:
            report.error = str(exc)
            report.unauthorized = True
            log.error("sync stopped: %s", exc)
            raise _Stop from None
        except TooLarge as exc:
            if len(items) == 1:
                self._store.park(items[0].id, f"too_large: {exc}")
                report.parked += 1
                log.error("record %s is too large for the hub; parked", items[0].uuid)
                return
            self._batch_size = max(1, len(items) // 2)
            half = len(items) // 2
            log.info("the hub refused %d records as too large; splitting", len(items))
            self._send(items[:half], report)
            self._send(items[half:], report)
            return
        except HubFailure as exc:
            self._fail(items, str(exc), report)
            raise _Stop from None
        self._record(items, verdicts.accepted, verdicts.duplicates, verdicts.rejected, report)

    def _fail(self, items: list[OutboxItem], error: str, report: DrainReport) -> None:
        attempts = max(item.attempts for item in items) + 1
        retry_at = self._backoff.retry_at(self._clock(), attempts)
        self._store.mark_failed([item.id for item in items], error, retry_at)
        report.error = error
        log.info(
            "sending %d records failed (%s); next attempt at %s",
            len(items),
            error,
            retry_at.isoformat(timespec="seconds"),
        )

    def _mark_sent(self, ids: list[int]) -> None:
        """Mark `ids` sent; on a full store, make room by forgetting confirmed outbox rows.

        Marking a row sent makes it a little larger, so a full database can refuse it. The
        outbox rows the hub has confirmed are only bookkeeping (the records stay), so they are
        deleted to make room, and the marking goes on in small steps. If even that fails, the
        StoreFullError goes up: the records stay pending and are sent again later, and the hub
        counts them once.
        """
        try:
            self._store.mark_sent(ids)
            return
        except StoreFullError:
            log.warning("the kiosk's database is full; forgetting confirmed outbox rows")
        self._store.forget_sent(timedelta(0))
        for start in range(0, len(ids), 10):
            self._store.mark_sent(ids[start : start + 10])
            self._store.forget_sent(timedelta(0))

    def _record(
        self,
        items: list[OutboxItem],
        accepted: set[str],
        duplicates: set[str],
        rejected: dict[str, str],
        report: DrainReport,
    ) -> None:
        done = [item for item in items if item.uuid in accepted or item.uuid in duplicates]
        self._mark_sent([item.id for item in done])
        report.sent += len(done)
        report.duplicates += sum(1 for item in done if item.uuid in duplicates)
        for item in items:
            if item.uuid in accepted or item.uuid in duplicates:
                continue
            reason = rejected[item.uuid]
            self._store.park(item.id, reason)
            report.parked += 1
            if reason.startswith("conflict"):
                log.error(
                    "BUG SIGNAL: the hub holds record %s revision %d with other content (%s); "
                    "parked",
                    item.uuid,
                    item.revision,
                    reason,
                )
            else:
                log.warning("the hub rejected record %s (%s); parked", item.uuid, reason)
