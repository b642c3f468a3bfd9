"""Opening the kiosk's SQLite database: pragmas, migrations, and the newer-schema guard.

Every connection gets `journal_mode=WAL`, `synchronous=FULL` (a power cut loses nothing that was
committed), a busy timeout and foreign keys. On open, the schema revision is read with plain SQL;
Alembic is imported and run only when an upgrade is due, which keeps start-up fast. A revision
this program does not know means a newer program wrote the file: it is refused untouched.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store.errors import SchemaTooNewError, StoreError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine.interfaces import DBAPIConnection
    from sqlalchemy.pool import ConnectionPoolEntry

log = logging.getLogger(__name__)

#: The newest migration in kiosk/store/migrations/versions (a test checks they agree).
HEAD_REVISION = "0001"
KNOWN_REVISIONS = ("0001",)
BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass
class Database:
    """An open kiosk database: its engine and a session factory."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()


def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_connect)
    return engine


def current_revision(path: Path) -> str | None:
    """The schema revision stored in the file, or None for a new/empty database."""
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database {path}: {exc}") from None
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if "no such table" in str(exc):
            return None
        raise StoreError(
            f"{path} is not a kiosk database ({exc}); move it away and start again"
        ) from None
    finally:
        connection.close()
    return None if row is None else str(row[0])


def open_database(path: Path) -> Database:
    """Open (creating and migrating as needed) the kiosk database at `path`."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    revision = current_revision(path)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise SchemaTooNewError(
            f"the database {path} was written by a newer version of the kiosk "
            f"(schema {revision}); install that version or newer — the file was not changed"
        )
    _keep_private(path)
    engine = make_engine(path)
    if revision != HEAD_REVISION:
        upgrade(engine)
    return Database(path=path, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def _keep_private(path: Path) -> None:
    """The database (PIN hashes, an invitation code until it is uploaded) is for the kiosk's
    user only: mode 0600, made so before SQLite writes to it (its -wal and -shm files take
    the database's mode)."""
    import os

    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if file.exists():
                file.chmod(0o600)
    except OSError as exc:
        log.warning("cannot make %s private to this user: %s", path, exc)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command

    log.info("migrating the kiosk database to %s", target)
    command.upgrade(alembic_config(engine), target)
