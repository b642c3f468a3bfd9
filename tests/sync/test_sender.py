"""The outbox sender against a real hub, directly and through the fault proxy."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from kiosk.hub.kiosks.fleet import list_kiosks, revoke_kiosk
from kiosk.hub.locations import update_location
from kiosk.store import RecordStore
from kiosk.sync.backoff import Backoff
from kiosk.sync.enrollment import enroll
from kiosk.sync.service import SyncService
from kiosk.sync.token_store import SERVICE
from kiosk.sync.transport import Timeouts
from tests.reliability.faultproxy import Fault, FaultProxy
from tests.support.memkeyring import MemoryKeyring
from tests.sync.livehub import LiveHub, live_hub, make_record

#: For the stall fault only: the client must give up quickly there.
SHORT = Timeouts(connect=2, read=0.5, write=2, pool=2)
#: Everywhere else: a busy 2-core CI machine must not turn a slow answer into a failure.
ROOMY = Timeouts(connect=5, read=15, write=15, pool=5)


@pytest.fixture
def proxy(hub: LiveHub) -> Iterator[FaultProxy]:
    with FaultProxy(hub.url, seed=1) as running:
        yield running


@pytest.fixture
def via_proxy(proxy: FaultProxy, hub: LiveHub, db_path: Path) -> FaultProxy:
    """The kiosk enrolled with the hub through the proxy (which passes everything by default)."""
    enroll(db_path, proxy.url, hub.code(), name="proxied")
    return proxy


def service(store: RecordStore, **kwargs: object) -> SyncService:
    options: dict[str, object] = {
        "timeouts": ROOMY,
        "backoff": Backoff(base=0.001, cap=0.002, rng=random.Random(3)),
        **kwargs,
    }
    return SyncService(store, **options)  # type: ignore[arg-type]


def fill(store: RecordStore, count: int) -> list[str]:
    uuids = []
    for _ in range(count):
        record = make_record()
        store.add(record)
        uuids.append(record.uuid)
    return uuids


def test_drains_in_batches_and_pulls_config(enrolled: LiveHub, store: RecordStore) -> None:
    uuids = fill(store, 450)
    result = service(store, batch_size=200).sync_once()
    assert (result.sent, result.pending, result.parked, result.error) == (450, 0, 0, None)
    assert result.config_ok
    assert set(enrolled.records()) == set(uuids)
    state = store.get_state("sync")
    assert state is not None
    assert state["last_error"] is None
    assert datetime.fromisoformat(state["last_sync_ok"]).tzinfo is not None
    assert store.counts().sent == 450


FAILURES = {
    Fault.DROP_REQUEST: "broke off",
    Fault.DROP_RESPONSE: "broke off",
    Fault.CAPTIVE: "web page instead of the hub",
    Fault.REDIRECT: "redirected the request to http://login.wifi.example",
    Fault.TRUNCATE: "cut off|broke off",
    Fault.ERROR_500: "HTTP 500",
    Fault.ERROR_503: "HTTP 503",
    Fault.STALL: "did not answer in time",
}


@pytest.mark.parametrize("fault", list(FAILURES), ids=str)
def test_a_fault_never_counts_as_sent(
    fault: Fault, via_proxy: FaultProxy, hub: LiveHub, store: RecordStore
) -> None:
    uuids = fill(store, 30)
    via_proxy.script.extend([fault, fault])  # truncation comes in two styles
    sync = service(store, timeouts=SHORT if fault is Fault.STALL else ROOMY)
    first = sync.sync_once()
    assert first.error is not None
    assert any(word in first.error for word in FAILURES[fault].split("|")), first.error
    assert first.sent == 0
    assert store.counts().pending == 30
    state = store.get_state("sync")
    assert state is not None
    assert state["last_error"] == first.error
    assert state["last_sync_ok"] is None
    committed = fault in (Fault.DROP_RESPONSE, Fault.STALL, Fault.TRUNCATE)
    assert len(hub.records()) == (30 if committed else 0)
    # The next syncs get through: each record is on the hub once, the outbox is empty.
    for _attempt in range(5):
        result = sync.sync_once()
        if result.error is None and result.pending == 0:
            break
    assert result.error is None
    assert store.counts().pending == 0
    assert set(hub.records()) == set(uuids)
    assert hub.count() == 30
    if committed:
        assert result.duplicates > 0


def test_backoff_waits_and_network_return_retries_at_once(
    via_proxy: FaultProxy, hub: LiveHub, store: RecordStore
) -> None:
    fill(store, 40)
    slow = Backoff(base=3600, cap=3600, rng=random.Random(1))
    sync = service(store, backoff=slow, batch_size=20)
    via_proxy.script.append(Fault.ERROR_503)
    assert sync.sync_once().error is not None
    # The failed batch waits for its backoff; the other one is still due.
    assert len(store.due(100)) == 20
    assert len(store.due(100, datetime.now(UTC) + timedelta(hours=1, seconds=5))) == 40
    # The next sync gets an answer: the network is back, so everything is retried now.
    result = sync.sync_once()
    assert (result.error, result.pending, hub.count()) == (None, 0, 40)


def test_413_splits_the_batch(tmp_path: Path, db_path: Path, store: RecordStore) -> None:
    with live_hub(tmp_path / "small-hub", max_batch_records=30) as hub:
        enroll(db_path, hub.url, hub.code())
        uuids = fill(store, 100)
        result = service(store, batch_size=200).sync_once()
        assert (result.error, result.pending, result.parked) == (None, 0, 0)
        assert set(hub.records()) == set(uuids)


def test_a_record_too_large_for_any_batch_is_parked(
    tmp_path: Path, db_path: Path, store: RecordStore
) -> None:
    with live_hub(tmp_path / "tiny-hub", max_batch_bytes=64) as hub:
        enroll(db_path, hub.url, hub.code())
        fill(store, 3)
        result = service(store).sync_once()
        assert (result.parked, result.pending, hub.count()) == (3, 0, 0)
        assert all(item.reason.startswith("too_large") for item in store.parked())


def test_rejected_records_are_parked_and_never_block(enrolled: LiveHub, store: RecordStore) -> None:
    good = fill(store, 10)
    bad = make_record(0)
    bad = type(bad)(**{**bad.__dict__, "guide_id": "not a valid id"})
    store.add(bad)
    good += fill(store, 10)
    result = service(store, batch_size=7).sync_once()
    assert (result.error, result.sent, result.parked, result.pending) == (None, 20, 1, 0)
    assert set(enrolled.records()) == set(good)
    [parked] = store.parked()
    assert parked.uuid == bad.uuid
    assert parked.reason.startswith("invalid")


def test_conflict_is_parked_and_logged_as_a_bug(
    enrolled: LiveHub,
    store: RecordStore,
    memory_keyring: MemoryKeyring,
    caplog: pytest.LogCaptureFixture,
) -> None:
    record = make_record(1)
    other = type(record)(**{**record.__dict__, "volunteer": "vol-other"})
    [token] = [
        v for (service_name, _), v in memory_keyring.store.items() if service_name == SERVICE
    ]
    envelope = {
        "uuid": other.uuid,
        "kind": other.kind.value,
        "revision": 1,
        "created_at": "2025-03-03T10:00:00+00:00",
        "data": other.to_payload(),
    }
    answer = httpx.post(
        enrolled.url + "/api/v1/records",
        json={"records": [envelope]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.json()["accepted"] == [other.uuid]
    store.add(record)
    with caplog.at_level(logging.ERROR, logger="kiosk.sync"):
        result = service(store).sync_once()
    assert (result.error, result.parked, result.pending) == (None, 1, 0)
    assert store.parked()[0].reason.startswith("conflict")
    assert any("BUG SIGNAL" in r.message and r.levelno == logging.ERROR for r in caplog.records)


def test_revoked_token_stops_with_a_clear_message(enrolled: LiveHub, store: RecordStore) -> None:
    fill(store, 5)
    [kiosk] = list_kiosks(enrolled.db)
    assert revoke_kiosk(enrolled.db, kiosk.id)
    result = service(store).sync_once()
    assert result.error is not None
    assert "enroll the kiosk again" in result.error
    assert store.counts().pending == 5
    assert len(store.due(10)) == 5  # a revoked token is not the records' fault: no backoff
    assert not result.config_ok


def test_a_correction_follows_its_first_revision(enrolled: LiveHub, store: RecordStore) -> None:
    first = make_record(3)
    store.add(first)
    corrected = type(first)(**{**first.__dict__, "revision": 2, "volunteer": "vol-2"})
    store.add(corrected)
    result = service(store).sync_once()
    assert (result.error, result.pending, result.sent) == (None, 0, 2)
    assert enrolled.records() == {first.uuid: 2}


def test_config_is_kept_when_the_hub_fails_and_changes_reach_the_hook(
    via_proxy: FaultProxy, hub: LiveHub, store: RecordStore
) -> None:
    seen: list[dict[str, object]] = []
    sync = service(store, on_config=seen.append)
    assert sync.sync_once().config_ok
    assert [config["idle_timeout"] for config in seen] == [180]
    assert sync.sync_once().config_ok
    assert len(seen) == 1  # unchanged: the hook is not called again
    update_location(hub.db, hub.location_id, idle_timeout=95, allowed_sites=[], referrals=[])
    for fault in (Fault.CAPTIVE, Fault.ERROR_503, Fault.TRUNCATE, Fault.STALL):
        via_proxy.script.append(fault)  # the only request of an empty outbox's sync
        result = sync.sync_once()
        assert not result.config_ok
        kept = store.get_state("location_config")
        assert kept is not None
        assert kept["config"]["idle_timeout"] == 180
    assert sync.sync_once().config_ok
    assert [config["idle_timeout"] for config in seen] == [180, 95]


def test_backoff_grows_with_full_jitter_up_to_the_cap() -> None:
    backoff = Backoff(rng=random.Random(9))
    assert [backoff.ceiling(n) for n in (1, 2, 3, 4)] == [2, 4, 8, 16]
    assert backoff.ceiling(30) == 600
    delays = [backoff.delay(4) for _ in range(500)]
    assert all(0 <= delay <= 16 for delay in delays)
    assert min(delays) < 2  # spread over the whole range
    assert max(delays) > 14
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    assert moment <= backoff.retry_at(moment, 99) <= moment + timedelta(minutes=10)


def test_the_kiosks_page_last_sync_counts_a_sync_without_records(
    enrolled: LiveHub, store: RecordStore
) -> None:
    [before] = list_kiosks(enrolled.db)
    assert service(store).sync_once().ok  # nothing to send: only the config is fetched
    [after] = list_kiosks(enrolled.db)
    assert after.last_sync_at is not None  # it showed "—" until a record was sent (#22)
    assert before.last_sync_at is None or after.last_sync_at > before.last_sync_at
