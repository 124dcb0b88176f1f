"""Engagements joint between committees.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Several LPCs often meet an ICS together. Logging that meeting once per committee would
count it two or three times in any total across committees, so the engagement stays one
row, owned by the committee that logged it, and this table names the other committees it
was joint with. Each partner sees it in its own log, coverage and report.

It also indexes ``engagement.updated_at``: the window asks for the newest change to know
whether another user (or a partner committee) has written since it last counted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "engagement_partner",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_engagement_partner_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committee.id"],
            name=op.f("fk_engagement_partner_committee_id_committee"),
        ),
        sa.PrimaryKeyConstraint(
            "engagement_id", "committee_id", name=op.f("pk_engagement_partner")
        ),
    )
    op.create_index(
        op.f("ix_engagement_partner_committee_id"),
        "engagement_partner",
        ["committee_id"],
        unique=False,
    )
    op.create_index(op.f("ix_engagement_updated_at"), "engagement", ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_engagement_updated_at"), table_name="engagement")
    op.drop_index(op.f("ix_engagement_partner_committee_id"), table_name="engagement_partner")
    op.drop_table("engagement_partner")
