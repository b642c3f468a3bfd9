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


def test_accounts_revision_keeps_existing_users_and_their_hashes(tmp_path: Path) -> None:
    """A hub at 0002 with a user whose hash was made under the old rule (10 characters)
    upgrades; the user logs in with it as before (issue #18)."""
    from alembic import command
    from alembic.config import Config

    from kiosk.hub.security import hash_password, verify_password
    from kiosk.hub.staff.accounts import list_users

    url = sqlite_url(tmp_path / "hub.sqlite3")
    engine_ = engine.make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(engine.MIGRATIONS))
    with engine_.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(
            text(
                "INSERT INTO users (email, role, password_hash, created_at) "
                "VALUES ('old@example.org', 'admin', :hash, '2025-01-01 00:00:00')"
            ),
            {"hash": hash_password("tenletters")},
        )
    engine_.dispose()
    db = open_hub_db(url)
    try:
        [user] = list_users(db)
        with db.engine.connect() as connection:
            stored = connection.execute(text("SELECT password_hash FROM users")).scalar_one()
    finally:
        db.close()
    assert (user.email, user.role, user.status, user.must_change_password) == (
        "old@example.org",
        "hub_admin",  # 0004 (organisations) renamed the role
        "active",
        False,
    )
    assert verify_password(stored, "tenletters")
