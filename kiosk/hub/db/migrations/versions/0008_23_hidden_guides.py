"""Guides a location hides from its kiosks' home screens (#23): a list of guide ids, [] by
default; sent to the kiosks in their config as `hidden_guides`.

Revision ID: 0008_23
Revises: 0008_21
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_23"
down_revision = "0008_21"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "locations",
        sa.Column("hidden_guides", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )


def downgrade() -> None:
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.drop_column("hidden_guides")
