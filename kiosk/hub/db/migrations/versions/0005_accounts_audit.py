"""Accounts that can be managed and the audit log (issue #18, part B): users gain
disabled_at, removed_at, password_changed_at and must_change_password; audit_entries is new.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: on SQLite batch mode copies and drops `users`, and the
    # drop would cascade to user_scopes (0004) and delete every user's scope.
    op.add_column("users", sa.Column("disabled_at", sa.DateTime(), nullable=True))
    op.add_column("users", sa.Column("removed_at", sa.DateTime(), nullable=True))
    op.add_column("users", sa.Column("password_changed_at", sa.DateTime(), nullable=True))
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_ref", sa.String(length=64), nullable=True),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("location_id", sa.String(length=36), nullable=True),
        sa.Column("client", sa.String(length=64), nullable=True),
        sa.Column("details_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_at", "audit_entries", ["at"])
    op.create_index("ix_audit_action_at", "audit_entries", ["action", "at"])
    op.create_index("ix_audit_actor_at", "audit_entries", ["actor_user_id", "at"])


def downgrade() -> None:
    op.drop_table("audit_entries")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
        batch.drop_column("password_changed_at")
        batch.drop_column("removed_at")
        batch.drop_column("disabled_at")
