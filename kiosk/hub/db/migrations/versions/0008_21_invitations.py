"""The location admin's PIN hash, set by the location's coordinator (#21), and volunteers'
invitation codes for a first PIN: the code's hash and until when it is valid (NULL when the
volunteer has no open invitation).

Revision ID: 0008_21
Revises: 0008_19 (the merge of i19a; the lead re-chains)
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_21"
down_revision = "0008_19"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: other tables reference both tables, so no batch mode (a copy).
    op.add_column("locations", sa.Column("admin_pin_hash", sa.String(length=255), nullable=True))
    op.add_column("volunteers", sa.Column("invitation_hash", sa.String(length=255), nullable=True))
    op.add_column("volunteers", sa.Column("invitation_expires_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35 and later, PostgreSQL).
    op.drop_column("volunteers", "invitation_expires_at")
    op.drop_column("volunteers", "invitation_hash")
    op.drop_column("locations", "admin_pin_hash")
