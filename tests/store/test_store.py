"""The local store on a real SQLite file: migrations, pragmas, atomic record + outbox,
refusing a newer schema, and a full disk."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from kiosk.domain.records import AssistedSession, GuideRun, Outcome, RunEnd
from kiosk.store import RecordStore, SchemaTooNewError, StoreError, StoreFullError, open_database
from kiosk.store import db as store_db
from kiosk.store import repo as store_repo

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def a_run(**changes: object) -> GuideRun:
    values: dict[str, object] = {
        "guide_id": "meter-reading",
        "guide_version": 3,
        "language": "nl",
        "started_at": NOW,
        "ended_at": NOW + timedelta(minutes=7),
        "steps": ("start", "meter-type", "ean", "reading", "summary"),
        "ended": RunEnd.COMPLETED,
        "last_step": "summary",
    }
    values.update(changes)
    return GuideRun(**values)  # type: ignore[arg-type]


def a_session(**changes: object) -> AssistedSession:
    values: dict[str, object] = {
        "started_at": NOW,
        "ended_at": NOW + timedelta(minutes=20),
        "topics": ("energy", "banking"),
        "outcome": Outcome.HELPED,
        "volunteer": "vol-17",
    }
    values.update(changes)
    return AssistedSession(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> RecordStore:
    database = open_database(tmp_path / "kiosk.sqlite3")
    yield RecordStore(database)
    database.close()


def test_head_revision_matches_the_migrations() -> None:
    script = ScriptDirectory(str(store_db.MIGRATIONS))
    assert script.get_current_head() == store_db.HEAD_REVISION
    assert {rev.revision for rev in script.walk_revisions()} == set(store_db.KNOWN_REVISIONS)


def test_migrations_create_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert {"guide_runs", "assisted_sessions", "outbox", "state"} <= tables
    assert version == store_db.HEAD_REVISION
    assert store_db.current_revision(path) == store_db.HEAD_REVISION


def test_migrations_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    database = open_database(tmp_path / "kiosk.sqlite3")
    from alembic import command

    command.downgrade(store_db.alembic_config(database.engine), "base")
    assert store_db.current_revision(database.path) is None
    database.close()
    reopened = open_database(tmp_path / "kiosk.sqlite3")
    assert store_db.current_revision(reopened.path) == store_db.HEAD_REVISION
    reopened.close()


def test_connection_pragmas(store: RecordStore, tmp_path: Path) -> None:
    with store._db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_record_and_outbox_are_written_together(store: RecordStore) -> None:
    run = a_run()
    store.add(run, now=NOW)
    assert store.guide_runs() == [run]
    due = store.due(10, now=NOW)
    assert [item.uuid for item in due] == [run.uuid]
    envelope = due[0].envelope()
    assert envelope["kind"] == "guide_run"
    assert envelope["revision"] == 1
    assert envelope["data"] == run.to_payload()
    assert store.counts().pending == 1


def test_a_failed_outbox_write_leaves_no_record(
    store: RecordStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Exploding(store_repo.OutboxRow):  # type: ignore[misc]
        def __init__(self, **kwargs: object) -> None:
            raise RuntimeError("power cut between the two writes")

    monkeypatch.setattr(store_repo, "OutboxRow", Exploding)
    with pytest.raises(RuntimeError):
        store.add(a_run())
    monkeypatch.undo()
    assert store.guide_runs() == []
    assert store.counts().pending == 0


def test_the_same_revision_twice_is_refused_and_nothing_changes(store: RecordStore) -> None:
    session = a_session()
    store.add(session)
    with pytest.raises(StoreError, match="higher revision"):
        store.add(session)
    assert store.counts().pending == 1


def test_a_correction_is_a_new_revision_of_the_same_uuid(store: RecordStore) -> None:
    first = a_session()
    store.add(first)
    corrected = AssistedSession(
        started_at=first.started_at,
        ended_at=first.ended_at,
        topics=("energy",),
        outcome=Outcome.PARTLY,
        volunteer=first.volunteer,
        uuid=first.uuid,
        revision=2,
    )
    store.add(corrected)
    assert store.assisted_sessions() == [corrected]
    assert [(item.uuid, item.revision) for item in store.due(10)] == [
        (first.uuid, 1),
        (first.uuid, 2),
    ]


def test_outbox_bookkeeping(store: RecordStore) -> None:
    runs = [a_run() for _ in range(3)]
    for run in runs:
        store.add(run, now=NOW)
    items = store.due(10, now=NOW)
    store.mark_sent([items[0].id])
    store.mark_failed([items[1].id], "timeout", retry_at=NOW + timedelta(minutes=1))
    store.park(items[2].id, "invalid: guide_version")
    assert store.counts().pending == 1
    assert store.counts().parked == 1
    assert store.due(10, now=NOW) == []
    assert [i.attempts for i in store.due(10, now=NOW + timedelta(minutes=2))] == [1]
    store.retry_now()
    assert len(store.due(10, now=NOW)) == 1
    assert store.parked()[0].reason == "invalid: guide_version"
    assert store.forget_sent(timedelta(0), now=datetime.now(UTC) + timedelta(seconds=1)) == 1


def test_state_values(store: RecordStore) -> None:
    assert store.get_state("sync") is None
    store.set_state("sync", {"last_sync_ok": "2026-11-24T10:00:00+00:00"})
    store.set_state("sync", {"last_sync_ok": None, "last_error": "hub unreachable"})
    assert store.get_state("sync") == {"last_sync_ok": None, "last_error": "hub unreachable"}


def test_a_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer version of the kiosk"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a kiosk database"):
        open_database(path)


def test_a_full_disk_refuses_the_write_and_keeps_what_was_written(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    database = open_database(path)
    store = RecordStore(database)
    kept = [a_run() for _ in range(5)]
    for run in kept:
        store.add(run)
    with database.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    from sqlalchemy import event

    def cap(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")  # type: ignore[attr-defined]

    database.engine.dispose()
    event.listen(database.engine, "connect", cap)
    big = a_run(steps=tuple(f"step-{i:04d}-" + "x" * 40 for i in range(2000)))

    def fill_the_disk() -> None:
        for _ in range(50):
            store.add(a_run(steps=big.steps))

    with pytest.raises(StoreFullError, match="disk is full"):
        fill_the_disk()
    database.close()

    reopened = open_database(path)
    survivors = RecordStore(reopened).guide_runs()
    reopened.close()
    assert {run.uuid for run in kept} <= {run.uuid for run in survivors}
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        a_run(started_at=datetime(2026, 1, 1)).to_payload()
