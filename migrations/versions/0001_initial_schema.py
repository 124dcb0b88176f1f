"""Initial schema: footprints with their history, committees, engagements, actions.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 01:41:00.728303
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "committee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee")),
        sa.UniqueConstraint("name", name=op.f("uq_committee_name")),
    )
    op.create_table(
        "planning_level",
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("population_min", sa.Integer(), nullable=False),
        sa.Column("population_max", sa.Integer(), nullable=False),
        sa.Column("population_label", sa.String(length=40), nullable=False),
        sa.Column("main_bodies", sa.Text(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("priorities", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "key IN ('system', 'place', 'neighbourhood')", name=op.f("ck_planning_level_known_key")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_planning_level")),
        sa.UniqueConstraint("rank", name=op.f("uq_planning_level_rank")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "topic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic")),
        sa.UniqueConstraint("name", name=op.f("uq_topic_name")),
    )
    op.create_table(
        "area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("level_key", sa.String(length=20), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("system_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("ons_code", sa.String(length=20), nullable=True),
        sa.Column("ods_code", sa.String(length=20), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("designation_wave", sa.Integer(), nullable=True),
        sa.Column("designation_announced", sa.String(length=10), nullable=True),
        sa.Column("designation_effective", sa.String(length=10), nullable=True),
        sa.Column("designation_name", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('region', 'stp', 'icb', 'sub_icb', 'local_authority', 'district', 'pcn')",
            name=op.f("ck_area_known_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["level_key"], ["planning_level.key"], name=op.f("fk_area_level_key_planning_level")
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["area.id"], name=op.f("fk_area_parent_id_area")),
        sa.ForeignKeyConstraint(["system_id"], ["area.id"], name=op.f("fk_area_system_id_area")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area")),
        sa.UniqueConstraint("code", name=op.f("uq_area_code")),
    )
    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_area_level_key"), ["level_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_area_ods_code"), ["ods_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_area_ons_code"), ["ons_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_area_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_area_path"), ["path"], unique=False)
        batch_op.create_index(batch_op.f("ix_area_system_id"), ["system_id"], unique=False)

    op.create_table(
        "area_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("normalised", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_area_alias_area_id_area"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_alias")),
        sa.UniqueConstraint("area_id", "normalised", name=op.f("uq_area_alias_area_id_normalised")),
    )
    with op.batch_alter_table("area_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_area_alias_normalised"), ["normalised"], unique=False)

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
    with op.batch_alter_table("area_overlap", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_area_overlap_area_id"), ["area_id"], unique=False)

    op.create_table(
        "area_succession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('merger', 'split', 'acquisition', 'became')",
            name=op.f("ck_area_succession_known_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["predecessor_id"], ["area.id"], name=op.f("fk_area_succession_predecessor_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["area.id"], name=op.f("fk_area_succession_successor_id_area")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_succession")),
        sa.UniqueConstraint(
            "predecessor_id",
            "successor_id",
            name=op.f("uq_area_succession_predecessor_id_successor_id"),
        ),
    )
    with op.batch_alter_table("area_succession", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_area_succession_predecessor_id"), ["predecessor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_area_succession_successor_id"), ["successor_id"], unique=False
        )

    op.create_table(
        "committee_area",
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_committee_area_area_id_area")
        ),
        sa.ForeignKeyConstraint(
            ["committee_id"],
            ["committee.id"],
            name=op.f("fk_committee_area_committee_id_committee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("committee_id", "area_id", name=op.f("pk_committee_area")),
    )
    op.create_table(
        "engagement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("rating", sa.String(length=10), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('meeting', 'call', 'email', 'event', 'written_submission', 'other')",
            name=op.f("ck_engagement_known_kind"),
        ),
        sa.CheckConstraint(
            "rating IS NULL OR rating IN ('red', 'amber', 'green')",
            name=op.f("ck_engagement_known_rating"),
        ),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"], name=op.f("fk_engagement_area_id_area")),
        sa.ForeignKeyConstraint(
            ["committee_id"], ["committee.id"], name=op.f("fk_engagement_committee_id_committee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement")),
    )
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_engagement_area_occurred_on", ["area_id", "occurred_on"], unique=False
        )
        batch_op.create_index(
            "ix_engagement_committee_occurred_on", ["committee_id", "occurred_on"], unique=False
        )
        batch_op.create_index(
            "ix_engagement_kind_occurred_on", ["kind", "occurred_on"], unique=False
        )
        batch_op.create_index("ix_engagement_occurred_on", ["occurred_on"], unique=False)

    op.create_table(
        "gp_practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("pcn_id", sa.Integer(), nullable=True),
        sa.Column("sub_icb_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["pcn_id"], ["area.id"], name=op.f("fk_gp_practice_pcn_id_area")),
        sa.ForeignKeyConstraint(
            ["sub_icb_id"], ["area.id"], name=op.f("fk_gp_practice_sub_icb_id_area")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gp_practice")),
        sa.UniqueConstraint("code", name=op.f("uq_gp_practice_code")),
    )
    with op.batch_alter_table("gp_practice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gp_practice_pcn_id"), ["pcn_id"], unique=False)

    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_organisation_area_id_area")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_action_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_due_on"), ["due_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_action_engagement_id"), ["engagement_id"], unique=False
        )

    op.create_table(
        "engagement_organisation",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_engagement_organisation_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_engagement_organisation_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint(
            "engagement_id", "organisation_id", name=op.f("pk_engagement_organisation")
        ),
    )
    with op.batch_alter_table("engagement_organisation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagement_organisation_organisation_id"),
            ["organisation_id"],
            unique=False,
        )

    op.create_table(
        "engagement_topic",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_engagement_topic_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topic.id"], name=op.f("fk_engagement_topic_topic_id_topic")
        ),
        sa.PrimaryKeyConstraint("engagement_id", "topic_id", name=op.f("pk_engagement_topic")),
    )
    with op.batch_alter_table("engagement_topic", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagement_topic_topic_id"), ["topic_id"], unique=False
        )

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("contact_permitted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"], name=op.f("fk_person_area_id_area")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_person_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_name"), ["name"], unique=False)

    op.create_table(
        "engagement_person",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_engagement_person_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_engagement_person_person_id_person")
        ),
        sa.PrimaryKeyConstraint("engagement_id", "person_id", name=op.f("pk_engagement_person")),
    )
    with op.batch_alter_table("engagement_person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagement_person_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "engagement_representative",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_engagement_representative_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_engagement_representative_person_id_person")
        ),
        sa.PrimaryKeyConstraint(
            "engagement_id", "person_id", name=op.f("pk_engagement_representative")
        ),
    )
    with op.batch_alter_table("engagement_representative", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagement_representative_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("engagement_representative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_representative_person_id"))

    op.drop_table("engagement_representative")
    with op.batch_alter_table("engagement_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_person_person_id"))

    op.drop_table("engagement_person")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_name"))

    op.drop_table("person")
    with op.batch_alter_table("engagement_topic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_topic_topic_id"))

    op.drop_table("engagement_topic")
    with op.batch_alter_table("engagement_organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_organisation_organisation_id"))

    op.drop_table("engagement_organisation")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_engagement_id"))
        batch_op.drop_index(batch_op.f("ix_action_due_on"))

    op.drop_table("action")
    op.drop_table("organisation")
    with op.batch_alter_table("gp_practice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gp_practice_pcn_id"))

    op.drop_table("gp_practice")
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.drop_index("ix_engagement_occurred_on")
        batch_op.drop_index("ix_engagement_kind_occurred_on")
        batch_op.drop_index("ix_engagement_committee_occurred_on")
        batch_op.drop_index("ix_engagement_area_occurred_on")

    op.drop_table("engagement")
    op.drop_table("committee_area")
    with op.batch_alter_table("area_succession", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_area_succession_successor_id"))
        batch_op.drop_index(batch_op.f("ix_area_succession_predecessor_id"))

    op.drop_table("area_succession")
    with op.batch_alter_table("area_overlap", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_area_overlap_area_id"))

    op.drop_table("area_overlap")
    with op.batch_alter_table("area_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_area_alias_normalised"))

    op.drop_table("area_alias")
    with op.batch_alter_table("area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_area_system_id"))
        batch_op.drop_index(batch_op.f("ix_area_path"))
        batch_op.drop_index(batch_op.f("ix_area_parent_id"))
        batch_op.drop_index(batch_op.f("ix_area_ons_code"))
        batch_op.drop_index(batch_op.f("ix_area_ods_code"))
        batch_op.drop_index(batch_op.f("ix_area_level_key"))

    op.drop_table("area")
    op.drop_table("topic")
    op.drop_table("setting")
    op.drop_table("planning_level")
    op.drop_table("committee")
