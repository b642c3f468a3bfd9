"""Alembic environment for the hub's database (run programmatically by kiosk.hub.db.migrate)."""

from alembic import context

from kiosk.hub.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
