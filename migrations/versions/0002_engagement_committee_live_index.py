"""An index for one committee's live engagements, newest first.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

The log's ordered ids and the navigator's counts both read every engagement of the
committee to test ``deleted_at IS NULL``; at a million engagements that took about
250 ms per query in SQLite. With the committee, the deleted flag, the date and the area
in one index, both are answered from the index alone. The older (committee, date)
index is dropped: SQLite kept choosing it for the ordered ids (261–312 ms at a million,
44 ms on the new one), and the new index's leading column serves every query it did.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_engagement_committee_occurred_on", table_name="engagement")
    op.create_index(
        "ix_engagement_committee_live",
        "engagement",
        ["committee_id", "deleted_at", "occurred_on", "area_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_engagement_committee_live", table_name="engagement")
    op.create_index(
        "ix_engagement_committee_occurred_on",
        "engagement",
        ["committee_id", "occurred_on"],
        unique=False,
    )
