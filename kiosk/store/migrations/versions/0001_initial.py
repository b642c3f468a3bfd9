"""Initial schema: guide runs, assisted sessions, the outbox and small state values.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guide_runs",
        sa.Column("uuid", sa.String(36), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("guide_id", sa.String(64), nullable=False),
        sa.Column("guide_version", sa.Integer, nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=False),
        sa.Column("steps", sa.JSON, nullable=False),
        sa.Column("ended", sa.String(16), nullable=False),
        sa.Column("last_step", sa.String(64), nullable=False),
        sa.Column("assisted_session", sa.String(36), nullable=True),
    )
    op.create_table(
        "assisted_sessions",
        sa.Column("uuid", sa.String(36), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=False),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("volunteer", sa.String(64), nullable=False),
        sa.Column("referral", sa.String(64), nullable=True),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("age_band", sa.String(16), nullable=True),
        sa.Column("first_visit", sa.Boolean, nullable=True),
    )
    op.create_index("ix_assisted_sessions_started_at", "assisted_sessions", ["started_at"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_uuid", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("sent_at", sa.DateTime, nullable=True),
        sa.UniqueConstraint("record_uuid", "revision", name="uq_outbox_record_revision"),
    )
    op.create_index("ix_outbox_state_due", "outbox", ["state", "next_attempt_at"])
    op.create_table(
        "state",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("state")
    op.drop_index("ix_outbox_state_due", "outbox")
    op.drop_table("outbox")
    op.drop_index("ix_assisted_sessions_started_at", "assisted_sessions")
    op.drop_table("assisted_sessions")
    op.drop_table("guide_runs")
