"""The hub's Alembic migrations: found where kiosk.hub.db.engine looks, and in one line."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text

from kiosk.hub.db import engine
from kiosk.hub.db.engine import open_hub_db
from kiosk.hub.settings import sqlite_url


def test_the_migrations_have_one_head_inside_the_package() -> None:
    script = ScriptDirectory(str(engine.MIGRATIONS))
    assert engine.MIGRATIONS.is_relative_to(Path(engine.__file__).parent)
    assert len(script.get_heads()) == 1
    assert [rev.revision for rev in script.walk_revisions()][-1] == "0001"


def test_a_new_database_is_at_the_head(tmp_path: Path) -> None:
    db = open_hub_db(sqlite_url(tmp_path / "hub.sqlite3"))
    try:
        with db.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        db.close()
    assert version == ScriptDirectory(str(engine.MIGRATIONS)).get_current_head()
