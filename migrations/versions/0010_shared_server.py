"""Who changed what: engagement history, judgement authors and a shared server's members.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

Every change to an engagement is kept as a version (who, when, the fields it changed), so
a committee sharing a server can see who wrote what. A judgement of a contact records who
made it. ``committee_member`` says which person of which committee a database role is.

Only tables and a column are added, so a SQLite log is unaffected; the roles and
row-level security of a shared PostgreSQL server are made by ``icstracker server init``,
not here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "engagement_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("private_changes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_engagement_version_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_version")),
        sa.UniqueConstraint(
            "engagement_id", "version", name=op.f("uq_engagement_version_engagement_id_version")
        ),
    )
    op.create_index(
        op.f("ix_engagement_version_engagement_id"),
        "engagement_version",
        ["engagement_id"],
        unique=False,
    )
    op.create_table(
        "committee_member",
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("access", sa.String(length=10), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "access IN ('editor', 'reader')", name=op.f("ck_committee_member_known_access")
        ),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committee.id"],
            name=op.f("fk_committee_member_committee_id_committee"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_committee_member_person_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("role_name", name=op.f("pk_committee_member")),
    )
    op.create_index(
        op.f("ix_committee_member_committee_id"),
        "committee_member",
        ["committee_id"],
        unique=False,
    )
    # A plain ADD COLUMN on both backends: SQLite needs no copy of the table.
    op.add_column(
        "person_assessment", sa.Column("recorded_by", sa.String(length=200), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("person_assessment") as batch:
        batch.drop_column("recorded_by")
    op.drop_index(op.f("ix_committee_member_committee_id"), table_name="committee_member")
    op.drop_table("committee_member")
    op.drop_index(op.f("ix_engagement_version_engagement_id"), table_name="engagement_version")
    op.drop_table("engagement_version")
