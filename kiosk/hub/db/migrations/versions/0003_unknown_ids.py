"""Records whose referral or volunteer id was not on the location's lists when they came in
are kept and flagged (#17): `records.unknown_ids` names those fields ("referral", "volunteer",
comma-separated), NULL when every id was known.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unknown_ids", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_column("unknown_ids")
