"""Dated footprint membership, and the official files a committee applied.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

An area's parent was a single "where it counts today", so a 2024 Harlow meeting was
reported under Essex, an ICB created in 2026, and a closed ICB held nothing. The new
``area_membership`` rows say what lay inside what, and when, with the shares of councils
and PCNs that straddle a boundary; they replace ``area_overlap``, which held only those
shares and only for today's ICBs. Both are derived from the reference files, which the
next start reloads (its loader version changed), so no data moves here.

``reference_update`` keeps the official files a committee applies with
``icstracker reference update``, so a later release's reload applies them again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "area_membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("is_main", sa.Boolean(), nullable=False),
        sa.Column("basis", sa.String(length=200), nullable=False),
        sa.CheckConstraint("share > 0 AND share <= 1", name=op.f("ck_area_membership_share_range")),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["area.id"],
            name=op.f("fk_area_membership_area_id_area"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["area.id"], name=op.f("fk_area_membership_parent_id_area")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_membership")),
    )
    op.create_index(op.f("ix_area_membership_area_id"), "area_membership", ["area_id"])
    op.create_index(op.f("ix_area_membership_parent_id"), "area_membership", ["parent_id"])
    op.create_table(
        "reference_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("effective", sa.Date(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_update")),
        sa.UniqueConstraint("sha256", name=op.f("uq_reference_update_sha256")),
    )
    op.drop_table("area_overlap")


def downgrade() -> None:
    op.create_table(
        "area_overlap",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("basis", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_area_overlap_area_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["system_id"], ["area.id"], name=op.f("fk_area_overlap_system_id_area")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_overlap")),
        sa.UniqueConstraint("area_id", "system_id", name=op.f("uq_area_overlap_area_id_system_id")),
    )
    op.create_index(op.f("ix_area_overlap_area_id"), "area_overlap", ["area_id"])
    op.drop_table("reference_update")
    op.drop_index(op.f("ix_area_membership_parent_id"), table_name="area_membership")
    op.drop_index(op.f("ix_area_membership_area_id"), table_name="area_membership")
    op.drop_table("area_membership")
