"""A staff user's language for the hub's pages (#19): nl, fr or en; NULL follows the browser.

Revision ID: 0008_19
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_19"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("language")
