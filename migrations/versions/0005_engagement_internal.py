"""What a committee keeps to itself about an engagement.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

The quarterly report now has two audiences: the committee, and its partners (the ICS,
PCN leads, the council), who are sent it as it is. An engagement can carry a note meant
only for the committee, and can be marked as not for partners at all (a difficult
conversation, a contract dispute); the partners' report leaves out both. Existing
engagements get an empty note and stay visible to partners, which is what every report
showed before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("engagement") as batch:
        batch.add_column(sa.Column("internal_note", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("not_for_partners", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("engagement") as batch:
        batch.drop_column("not_for_partners")
        batch.drop_column("internal_note")
