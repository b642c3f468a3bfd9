"""Opening the hub's database: engine, SQLite pragmas, Alembic migrations, the shared secret.

SQLite (the default) gets WAL, `synchronous=FULL` and a busy timeout on every connection.
PostgreSQL is reached with psycopg 3. `open_hub_db()` migrates to the newest schema (under an
advisory lock on PostgreSQL, so several hub processes may start at once) and makes sure the
secret that signs CSRF tokens exists; every process then reads the same secret from the database.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from kiosk.hub.db.models import Meta
from kiosk.hub.errors import DatabaseError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 15_000
_MIGRATION_LOCK = 0x6B696F73  # "kios"


@dataclass
class HubDatabase:
    """An open hub database: engine, session factory and the shared secret."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    secret: bytes

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url` (sqlite:///FILE or postgresql+psycopg://...)."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql"):
        return create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
    raise DatabaseError(
        f"unsupported database URL {url.split(':', 1)[0]!r}; use sqlite:///FILE or "
        "postgresql+psycopg://USER@HOST:PORT/DB"
    )


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _ensure_secret(sessions: sessionmaker[Session]) -> bytes:
    with sessions() as session:
        value = session.scalar(select(Meta.value).where(Meta.key == "secret"))
        if value is None:
            session.add(Meta(key="secret", value=secrets.token_hex(32)))
            try:
                session.commit()
            except IntegrityError:  # another process made it first
                session.rollback()
            value = session.scalar(select(Meta.value).where(Meta.key == "secret"))
    assert value is not None
    return bytes.fromhex(value)


def open_hub_db(url: str, *, run_migrations: bool = True) -> HubDatabase:
    """Open (and migrate) the hub database at `url`; errors become one-line DatabaseErrors."""
    engine = make_engine(url)
    try:
        if run_migrations:
            migrate(engine)
        sessions = sessionmaker(engine, expire_on_commit=False)
        secret = _ensure_secret(sessions)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise DatabaseError(f"cannot open the hub database: {reason}") from None
    return HubDatabase(url=url, engine=engine, sessions=sessions, secret=secret)
