"""Interest and influence of each contact, as judged over time.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

The stakeholder register places people on an influence–interest grid, and a committee
wants to see how that changes (a new clinical director warming to community pharmacy),
so each judgement is kept with its date rather than overwriting the last.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("interest", sa.SmallInteger(), nullable=False),
        sa.Column("influence", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "interest BETWEEN 1 AND 5", name=op.f("ck_person_assessment_interest_score")
        ),
        sa.CheckConstraint(
            "influence BETWEEN 1 AND 5", name=op.f("ck_person_assessment_influence_score")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_assessment_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_assessment")),
    )
    op.create_index(
        op.f("ix_person_assessment_person_id"), "person_assessment", ["person_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_person_assessment_person_id"), table_name="person_assessment")
    op.drop_table("person_assessment")
