"""Organisations, topics and the person a typed name means: unique by folded name.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

Names were matched by SQL ``lower()`` and added when missing, a look then an insert. Two
users doing that at once on PostgreSQL stored a name twice (an import of 30 names by two
users left 60 people) or crashed one of them on the exact-name unique index. Each table
now has a ``name_key`` (``models.name_key``: spaces squeezed, ``lower()``) under a unique
index, and the app adds names with ``INSERT … ON CONFLICT (name_key) DO NOTHING``.

A database may already hold names that differ only in case or spacing ("NHS Devon" and
"nhs devon"). Organisations and topics are merged into the oldest, which is the one
every lookup already linked new engagements to: each engagement keeps every link (moved
to the one kept unless it already had it, as ``stakeholders.merge_people`` moves a
person's), people working for the other one are moved, and details the kept row lacks
are taken from the other. People are not merged: two contacts may share a name, so only
the oldest of each name gets the key (the person a typed name has always meant) and the
others keep theirs as namesakes, for a user to merge in the stakeholder register if they
are one person.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# (table, key length, nullable key, link table, link column, details to fill from a merged row)
_TABLES = (
    ("organisation", 400, False, "engagement_organisation", "organisation_id", ("kind", "area_id")),
    ("topic", 200, False, "engagement_topic", "topic_id", ("description",)),
    ("person", 400, True, None, None, ()),
)


def _key(name: str) -> str:
    """``models.name_key`` as of this revision (a migration never imports the app's code,
    which will change after it)."""
    return " ".join(name.split()).lower()


def _oldest_by_key(
    rows: Iterable[sa.Row[tuple[int, str]]],
) -> tuple[dict[str, int], list[tuple[int, int]]]:
    """The oldest row of each key, and (duplicate, kept) for each younger one."""
    kept: dict[str, int] = {}
    merged: list[tuple[int, int]] = []
    for row_id, name in sorted(rows):
        key = _key(name)
        if key in kept:
            merged.append((row_id, kept[key]))
        else:
            kept[key] = row_id
    return kept, merged


def _merge(
    connection: sa.Connection,
    table: str,
    link: str,
    column: str,
    details: tuple[str, ...],
    duplicate: int,
    keep: int,
) -> None:
    ids = {"duplicate": duplicate, "keep": keep}
    connection.execute(
        sa.text(
            f"INSERT INTO {link} (engagement_id, {column}) "
            f"SELECT engagement_id, :keep FROM {link} WHERE {column} = :duplicate "
            f"AND engagement_id NOT IN (SELECT engagement_id FROM {link} WHERE {column} = :keep)"
        ),
        ids,
    )
    connection.execute(sa.text(f"DELETE FROM {link} WHERE {column} = :duplicate"), ids)
    if table == "organisation":
        connection.execute(
            sa.text("UPDATE person SET organisation_id = :keep WHERE organisation_id = :duplicate"),
            ids,
        )
    if table == "topic":
        connection.execute(
            sa.text(
                "UPDATE topic SET builtin = :yes WHERE id = :keep "
                "AND EXISTS (SELECT 1 FROM topic WHERE id = :duplicate AND builtin = :yes)"
            ),
            {**ids, "yes": True},
        )
    for field in details:
        connection.execute(
            sa.text(
                f"UPDATE {table} SET {field} = (SELECT {field} FROM {table} WHERE id = :duplicate) "
                f"WHERE id = :keep AND {field} IS NULL"
            ),
            ids,
        )
    connection.execute(sa.text(f"DELETE FROM {table} WHERE id = :duplicate"), ids)


def upgrade() -> None:
    connection = op.get_bind()
    for table, length, _nullable, _link, _column, _details in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("name_key", sa.String(length), nullable=True))
    for table, _length, nullable, link, column, details in _TABLES:
        rows = connection.execute(sa.text(f"SELECT id, name FROM {table}")).all()
        kept, merged = _oldest_by_key(rows)
        if link is not None and column is not None:
            for duplicate, keep in merged:
                _merge(connection, table, link, column, details, duplicate, keep)
        if kept:
            connection.execute(
                sa.text(f"UPDATE {table} SET name_key = :key WHERE id = :id"),
                [{"key": key, "id": row_id} for key, row_id in kept.items()],
            )
        with op.batch_alter_table(table) as batch:
            if not nullable:
                batch.alter_column("name_key", existing_type=sa.String(length), nullable=False)
            batch.create_unique_constraint(op.f(f"uq_{table}_name_key"), ["name_key"])


def downgrade() -> None:
    for table, *_ in reversed(_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"uq_{table}_name_key"), type_="unique")
            batch.drop_column("name_key")
