"""A hub a region can share (issue #18): organisations, scoped roles, and each location's time
zone, address and phone number.

- Every existing location goes into one organisation, "Default".
- `admin` users become `hub_admin`; `staff` users get the whole "Default" organisation as their
  scope (what they saw before). Their ids are kept under the `scope_review` key of `hub_meta`,
  so the staff pages can show hub admins whom to narrow (docs/deploy.md, "Upgrading").
- A location's time zone is the one its openings used (the most common, when they differ),
  else Europe/Brussels, the hub's zone until now; openings lose their own zone column.

Only columns are added to `locations` (no table rebuild), so SQLite never drops and recreates a
table that volunteers and openings hang on with ON DELETE CASCADE.

Revision ID: 0004
Revises: 0003
"""

import json
import uuid
from collections import Counter
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DEFAULT_ZONE = "Europe/Brussels"


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "user_scopes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("location_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["location_id"], ["locations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_user_scopes_user", "user_scopes", ["user_id"])
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with a reference in place (Alembic would rebuild the table).
        op.execute(
            "ALTER TABLE locations ADD COLUMN organisation_id VARCHAR(36) "
            "REFERENCES organisations (id)"
        )
    else:
        op.add_column(
            "locations",
            sa.Column(
                "organisation_id",
                sa.String(length=36),
                sa.ForeignKey("organisations.id", name="fk_locations_organisation"),
                nullable=True,
            ),
        )
    op.add_column(
        "locations",
        sa.Column("timezone", sa.String(length=64), nullable=False, server_default=DEFAULT_ZONE),
    )
    op.add_column(
        "locations",
        sa.Column("address", sa.String(length=200), nullable=False, server_default=""),
    )
    op.add_column(
        "locations", sa.Column("phone", sa.String(length=32), nullable=False, server_default="")
    )
    op.create_index("ix_locations_organisation", "locations", ["organisation_id"])

    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    default_id = str(uuid.uuid4())
    bind.execute(
        sa.text("INSERT INTO organisations (id, name, created_at) VALUES (:id, 'Default', :at)"),
        {"id": default_id, "at": now},
    )
    bind.execute(sa.text("UPDATE locations SET organisation_id = :id"), {"id": default_id})
    if bind.dialect.name != "sqlite":
        op.alter_column("locations", "organisation_id", nullable=False)

    zones: dict[str, Counter[str]] = {}
    for location_id, zone in bind.execute(sa.text("SELECT location_id, timezone FROM openings")):
        zones.setdefault(location_id, Counter())[zone] += 1
    for location_id, counted in zones.items():
        bind.execute(
            sa.text("UPDATE locations SET timezone = :zone WHERE id = :id"),
            {"zone": counted.most_common(1)[0][0], "id": location_id},
        )
    op.execute("ALTER TABLE openings DROP COLUMN timezone")

    bind.execute(sa.text("UPDATE users SET role = 'hub_admin' WHERE role = 'admin'"))
    reviewed = []
    for user_id, role in bind.execute(sa.text("SELECT id, role FROM users ORDER BY id")):
        reviewed.append(user_id)
        if role != "hub_admin":
            bind.execute(
                sa.text("INSERT INTO user_scopes (user_id, organisation_id) VALUES (:u, :o)"),
                {"u": user_id, "o": default_id},
            )
    if reviewed:
        bind.execute(
            sa.text("INSERT INTO hub_meta (key, value) VALUES ('scope_review', :value)"),
            {"value": json.dumps(reviewed)},
        )


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM hub_meta WHERE key = 'scope_review'"))
    bind.execute(sa.text("UPDATE users SET role = 'admin' WHERE role = 'hub_admin'"))
    bind.execute(sa.text("UPDATE users SET role = 'staff' WHERE role = 'coordinator'"))
    op.add_column(
        "openings",
        sa.Column("timezone", sa.String(length=64), nullable=False, server_default=DEFAULT_ZONE),
    )
    bind.execute(
        sa.text(
            "UPDATE openings SET timezone = (SELECT timezone FROM locations "
            "WHERE locations.id = openings.location_id)"
        )
    )
    op.drop_index("ix_locations_organisation", table_name="locations")
    for column in ("phone", "address", "timezone"):
        op.execute(f"ALTER TABLE locations DROP COLUMN {column}")
    if bind.dialect.name != "sqlite":
        op.drop_constraint("fk_locations_organisation", "locations", type_="foreignkey")
    op.execute("ALTER TABLE locations DROP COLUMN organisation_id")
    op.drop_index("ix_user_scopes_user", table_name="user_scopes")
    op.drop_table("user_scopes")
    op.drop_table("organisations")
