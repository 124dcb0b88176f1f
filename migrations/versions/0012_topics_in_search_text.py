"""The search box finds an engagement by its topics too.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

``engagement.search_text`` held the title, summary, outcome, organisations and people;
the engagement service now adds the topics' names at the end (``search_text_of``). This
revision appends them to every row saved before it, so old and new rows are found the
same way. Only text is appended: the search's meaning (a word found anywhere in the
column) and its indexes are unchanged.

The names are folded in Python (``search_fold``: lower case, accents dropped) into a
temporary table, and one ``UPDATE`` appends each engagement's to its column. On SQLite
the full-text index is fed by a trigger on that column, which would rewrite the index
row by row; the trigger is dropped for the update, made again, and the index rebuilt
once from the table (the ``rebuild`` of an external-content FTS5 table). PostgreSQL's
trigram index follows the update by itself.
"""

from __future__ import annotations

import unicodedata

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

FTS = "engagement_search"
UPDATE_TRIGGER = "engagement_search_update"
# As revision 0011 made it (``db/search_index.py`` holds the same statement).
UPDATE_TRIGGER_SQL = (
    f"CREATE TRIGGER {UPDATE_TRIGGER} AFTER UPDATE OF search_text ON engagement "
    "WHEN old.search_text IS NOT new.search_text BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END"
)
FOLDED = "icstracker_topic_folded"
AGGREGATE = {
    "sqlite": "group_concat(char(10) || f.folded, '')",
    "postgresql": "string_agg(chr(10) || f.folded, '' ORDER BY f.name)",
}


def _fold(text: str) -> str:
    """``icstracker.text.search_fold`` as it was written when this revision was."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _has_fts_trigger() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    found = bind.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        (UPDATE_TRIGGER,),
    ).scalar()
    return bool(found)


def _append_topics(appended: str) -> None:
    """Sets ``search_text`` to the old text plus ``appended``, a SQL expression of the
    engagement's folded topic names, for every engagement that has a topic."""
    bind = op.get_bind()
    aggregate = AGGREGATE.get(bind.dialect.name, AGGREGATE["sqlite"])
    names = bind.exec_driver_sql("SELECT id, name FROM topic").all()
    bind.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {FOLDED} (id INTEGER PRIMARY KEY, name TEXT, folded TEXT)"
    )
    if names:
        bind.exec_driver_sql(
            f"INSERT INTO {FOLDED} (id, name, folded) VALUES (?, ?, ?)"
            if bind.dialect.name == "sqlite"
            else f"INSERT INTO {FOLDED} (id, name, folded) VALUES (%s, %s, %s)",
            [(topic_id, name, _fold(name)) for topic_id, name in names],
        )
    topics_of = (
        f"(SELECT {aggregate} FROM engagement_topic et "
        f"JOIN {FOLDED} f ON f.id = et.topic_id WHERE et.engagement_id = engagement.id)"
    )
    bind.exec_driver_sql(
        f"UPDATE engagement SET search_text = {appended.format(topics=topics_of)} "
        "WHERE id IN (SELECT engagement_id FROM engagement_topic)"
    )
    bind.exec_driver_sql(f"DROP TABLE {FOLDED}")


def _rewrite(appended: str) -> None:
    bind = op.get_bind()
    fts = _has_fts_trigger()
    if fts:
        bind.exec_driver_sql(f"DROP TRIGGER {UPDATE_TRIGGER}")
    _append_topics(appended)
    if fts:
        bind.exec_driver_sql(UPDATE_TRIGGER_SQL)
        bind.exec_driver_sql(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def upgrade() -> None:
    _rewrite("coalesce(search_text, '') || coalesce({topics}, '')")


def downgrade() -> None:
    # The topics are the column's end: cut as many characters as they added.
    _rewrite(
        "substr(search_text, 1, length(search_text) - length(coalesce({topics}, '')))"
        if op.get_bind().dialect.name == "sqlite"
        else "left(search_text, length(search_text) - length(coalesce({topics}, '')))"
    )
