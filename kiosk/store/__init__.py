"""The kiosk's local database: a SQLite file in WAL mode, SQLAlchemy 2 models, Alembic
migrations applied on open, and repositories that take and return domain objects.

Writing a record and its outbox row is one transaction. A database written by a newer program
is refused, never touched.
"""

from kiosk.store.db import Database, open_database
from kiosk.store.errors import SchemaTooNewError, StoreError, StoreFullError
from kiosk.store.repo import OutboxCounts, OutboxItem, RecordStore

__all__ = [
    "Database",
    "OutboxCounts",
    "OutboxItem",
    "RecordStore",
    "SchemaTooNewError",
    "StoreError",
    "StoreFullError",
    "open_database",
]
