"""Records whose referral or volunteer id was not on the location's lists when they came in
are kept and flagged (#17): `records.unknown_ids` names those fields ("referral", "volunteer",
comma-separated), NULL when every id was known.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: batch mode would copy the whole records table on SQLite.
    op.add_column("records", sa.Column("unknown_ids", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_column("unknown_ids")
