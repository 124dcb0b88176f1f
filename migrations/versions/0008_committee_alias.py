"""A committee's own names for areas, remembered from its import decisions.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

An import that meets "Healthier Lancs and S Cumbria" offers the closest area; once the
person accepts it, the committee's next import should read the text the same way without
asking again, and re-importing the same file should find its rows already logged. The
decision is kept per committee (one LPC's shorthand must not change another's), naming one
area; the resolver maps it to the footprint of each engagement's date as it does any name.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "committee_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("normalised", sa.String(length=200), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_committee_alias_area_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committee.id"],
            name=op.f("fk_committee_alias_committee_id_committee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_alias")),
        sa.UniqueConstraint(
            "committee_id", "normalised", name=op.f("uq_committee_alias_committee_id_normalised")
        ),
    )
    with op.batch_alter_table("committee_alias") as batch:
        batch.create_index(batch.f("ix_committee_alias_area_id"), ["area_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("committee_alias") as batch:
        batch.drop_index(batch.f("ix_committee_alias_area_id"))
    op.drop_table("committee_alias")
