"""A full-text index for the log's search box, and indexes for its title and kind sorts.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

The search was ``LIKE '%word%'`` over ``engagement.search_text``, a read of every row of
the committee's log: 0.5-0.9 s at a million engagements. The indexes answer the same
question (the column contains the word anywhere), so the same words find the same rows:

* SQLite: an FTS5 table with the trigram tokenizer whose content is the column itself
  (nothing stored twice), filled now and kept in step by triggers on ``engagement``.
* PostgreSQL: ``pg_trgm``'s GIN operator class on the column, which ``LIKE`` uses as it
  is. Where the server will not add the extension, there is no index and search reads
  every row as before.

The window sorts a committee's log by title or kind a page at a time; an index on
(committee, deleted, title or kind) gives the first page without sorting the log
(1.8-2 s at a million engagements, then 0.1 ms). Titles sort regardless of case: on SQLite
``title COLLATE NOCASE`` (the connection's ``lower()`` is Python's, which no index may use),
on PostgreSQL ``lower(title)``.

The statements are written out here rather than imported, so this revision always does
what it did; ``icstracker/db/search_index.py`` holds the same ones for repairing the
index after a later revision rebuilds the table (which drops its triggers).
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

FTS = "engagement_search"
TRIGGERS = ("engagement_search_insert", "engagement_search_delete", "engagement_search_update")
SQLITE = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5("
    "search_text, content='engagement', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON engagement BEGIN "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {TRIGGERS[1]} AFTER DELETE ON engagement BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER {TRIGGERS[2]} AFTER UPDATE OF search_text ON engagement "
    "WHEN old.search_text IS NOT new.search_text BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
)
POSTGRES_INDEX = "ix_engagement_search_text_trgm"
TITLE_INDEX = "ix_engagement_committee_title"
TITLE = {
    "sqlite": "(committee_id, deleted_at, title COLLATE NOCASE)",
    "postgresql": "(committee_id, deleted_at, lower(title))",
}


def _sqlite_has_trigram() -> bool:
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.exec_driver_sql(
                "CREATE VIRTUAL TABLE temp.icstracker_fts_probe USING fts5(x, tokenize='trigram')"
            )
            bind.exec_driver_sql("DROP TABLE temp.icstracker_fts_probe")
    except Exception:  # noqa: BLE001 - an SQLite built without FTS5 or its trigrams
        return False
    return True


def _postgres_has_trigram() -> bool:
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no right to add it: search stays a plain LIKE
        return False
    return True


def upgrade() -> None:
    bind = op.get_bind()
    op.create_index(
        "ix_engagement_committee_kind", "engagement", ["committee_id", "deleted_at", "kind"]
    )
    if bind.dialect.name in TITLE:
        bind.exec_driver_sql(f"CREATE INDEX {TITLE_INDEX} ON engagement {TITLE[bind.dialect.name]}")
    if bind.dialect.name == "sqlite" and _sqlite_has_trigram():
        for statement in SQLITE:
            bind.exec_driver_sql(statement)
    elif bind.dialect.name == "postgresql" and _postgres_has_trigram():
        bind.exec_driver_sql(
            f"CREATE INDEX {POSTGRES_INDEX} ON engagement USING gin (search_text gin_trgm_ops)"
        )


def downgrade() -> None:
    bind = op.get_bind()
    op.drop_index("ix_engagement_committee_kind", table_name="engagement")
    bind.exec_driver_sql(f"DROP INDEX IF EXISTS {TITLE_INDEX}")
    if bind.dialect.name == "sqlite":
        for trigger in TRIGGERS:
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS}")
    elif bind.dialect.name == "postgresql":
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS {POSTGRES_INDEX}")
