"""Where a captured engagement came from: its calendar occurrence or email.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

Capture (issue 19) proposes engagements from calendar invitations and emails. Capturing
the same calendar or the same messages again must add nothing, and a meeting moved or
retitled in the calendar must still be recognised: each captured engagement keeps the
calendar UID with its occurrence's date, or the email's Message-ID. Engagements typed or
imported from spreadsheets have none (NULL). Indexed, since every capture looks its
items up by it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("engagement") as batch:
        batch.add_column(sa.Column("source_id", sa.String(length=500), nullable=True))
        batch.create_index("ix_engagement_source_id", ["source_id"])


def downgrade() -> None:
    with op.batch_alter_table("engagement") as batch:
        batch.drop_index("ix_engagement_source_id")
        batch.drop_column("source_id")
