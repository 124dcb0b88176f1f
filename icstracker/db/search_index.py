"""The full-text index behind the log's search box, on each backend.

The search reads one column, ``engagement.search_text`` (title, summary, outcome,
organisations, people and topics, case and accents folded by the engagement service), and
a word finds an engagement when the column contains it anywhere, as ``LIKE '%word%'``
always has. Both indexes below answer exactly that question, so the same words find the same
rows with or without them, on either backend:

* SQLite: an FTS5 table with the ``trigram`` tokenizer over the column
  (``content='engagement'``, so the text is not stored twice), kept in step by three
  triggers. A word of three characters or more is a trigram phrase, which FTS5 matches
  as a substring; shorter words stay a ``LIKE``.
* PostgreSQL: a GIN index with ``pg_trgm``'s ``gin_trgm_ops`` on the column, which the
  planner uses for ``LIKE '%word%'`` itself, so the query does not change.

Neither is in ``models.Base.metadata``: ``include_object`` keeps Alembic's comparison
from proposing to drop them. A database whose SQLite lacks FTS5 (or whose server refuses
``pg_trgm``) has no index and searches with ``LIKE`` alone: slower, never different.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, Table, Text

FTS_TABLE = "engagement_search"
TRIGGERS = ("engagement_search_insert", "engagement_search_delete", "engagement_search_update")
POSTGRES_INDEX = "ix_engagement_search_text_trgm"
# The title sort's index is on an expression (``engagement_queries.sort_column``), which
# Alembic cannot compare either; revision 0011 makes it.
TITLE_INDEX = "ix_engagement_committee_title"
# Words shorter than a trigram cannot use the index.
MIN_INDEXED_WORD = 3

# The FTS table as SQLAlchemy sees it for queries (not part of the model's metadata):
# its hidden column named after the table takes MATCH queries, ``rowid`` is the
# engagement's id.
fts_table = Table(
    FTS_TABLE,
    MetaData(),
    Column("rowid", Integer),
    Column(FTS_TABLE, Text),
    Column("search_text", Text),
)

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "search_text, content='engagement', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON engagement BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {TRIGGERS[1]} AFTER DELETE ON engagement BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER {TRIGGERS[2]} AFTER UPDATE OF search_text ON engagement "
    "WHEN old.search_text IS NOT new.search_text BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
)


def create_search_index(connection: Connection) -> bool:
    """Builds the index for ``connection``'s backend and fills it from the rows already
    there; False (and nothing made) where the backend cannot have one."""
    if connection.dialect.name == "sqlite":
        if not _sqlite_has_trigram(connection):
            return False
        for statement in SQLITE_DDL:
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        return True
    if connection.dialect.name == "postgresql":
        try:
            with connection.begin_nested():
                connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 - no right to add it: search stays a plain LIKE
            return False
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON engagement "
            "USING gin (search_text gin_trgm_ops)"
        )
        return True
    return False


@contextmanager
def indexed_in_one_statement(connection: Connection) -> Iterator[None]:
    """Engagements inserted inside the block join the SQLite index in one statement at its
    end, not through the insert trigger a row at a time.

    FTS5 fed by a trigger costs four times as much per row as the same rows added by one
    ``INSERT … SELECT`` (10,000 imported rows: 2.0 s against 0.5 s of CPU). The trigger
    is dropped for the block and made again at its end, in the caller's transaction: a
    rollback puts it back with everything else, and no other connection can write (or see
    the table without it) meanwhile. New rows are those past the largest id at the start,
    as ``bulk_write`` numbers them. Other backends, and a database without the index, run
    the block as it is.
    """
    if connection.dialect.name != "sqlite" or not sqlite_index_ready(connection):
        yield
        return
    top = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM engagement").scalar()
    connection.exec_driver_sql(f"DROP TRIGGER {TRIGGERS[0]}")

    def restore() -> None:
        connection.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
            "SELECT id, search_text FROM engagement WHERE id > ?",
            (top,),
        )
        connection.exec_driver_sql(SQLITE_DDL[1])

    try:
        yield
    except BaseException:
        # Whole again even if the caller kept what was written; a failing restore must
        # not hide the error that stopped the block (the rollback restores it anyway).
        with suppress(Exception):
            restore()
        raise
    restore()


def drop_search_index(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for trigger in TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {POSTGRES_INDEX}")


def repair_search_index(connection: Connection) -> bool:
    """Makes the SQLite index whole again after a schema upgrade, True if it had to.

    A batch migration that rebuilds ``engagement`` (SQLite's way of altering most things)
    drops the table's triggers with it, and an index no trigger feeds goes stale.
    ``upgrade_database`` runs this after every upgrade: when the FTS table is there but
    a trigger is missing, the triggers are made again and the index rebuilt from the rows.
    """
    if connection.dialect.name != "sqlite":
        return False
    names = {
        name
        for (name,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name = ? OR name IN (?, ?, ?)",
            (FTS_TABLE, *TRIGGERS),
        )
    }
    if FTS_TABLE not in names or names == {FTS_TABLE, *TRIGGERS}:
        return False
    drop_search_index(connection)
    forget_index_state(connection)
    return create_search_index(connection)


def sqlite_index_ready(connection: Connection) -> bool:
    """Whether this SQLite database has the FTS table and every trigger that feeds it.

    Asked once per connection (the answer is kept in ``connection.info``): a search on a
    database without them falls back to ``LIKE`` and still finds the same rows.
    """
    info = connection.info
    if "engagement_search_ready" not in info:
        found = connection.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = ? OR name IN (?, ?, ?)",
            (FTS_TABLE, *TRIGGERS),
        ).scalar()
        info["engagement_search_ready"] = found == 1 + len(TRIGGERS)
    return bool(info["engagement_search_ready"])


def forget_index_state(connection: Connection) -> None:
    """After creating or dropping the index on this connection: ask again next time."""
    connection.info.pop("engagement_search_ready", None)


def fts_phrase(word: str) -> str:
    """One word as an FTS5 string, which the trigram tokenizer matches as a substring."""
    return '"' + word.replace('"', '""') + '"'


def _sqlite_has_trigram(connection: Connection) -> bool:
    try:
        with connection.begin_nested():
            connection.exec_driver_sql(
                "CREATE VIRTUAL TABLE temp.icstracker_fts_probe USING fts5(x, tokenize='trigram')"
            )
            connection.exec_driver_sql("DROP TABLE temp.icstracker_fts_probe")
    except Exception:  # noqa: BLE001 - an SQLite built without FTS5 or its trigrams
        return False
    return True


def include_object(
    _object: Any, name: str | None, type_: str, reflected: bool, _compare_to: Any
) -> bool:
    """For Alembic's comparison of models and database: leave out what the models do not
    describe (the FTS table and its shadow tables, the GIN index, the title index)."""
    if not reflected or name is None:
        return True
    if type_ == "table":
        return name != FTS_TABLE and not name.startswith(f"{FTS_TABLE}_")
    if type_ == "index":
        return name not in (POSTGRES_INDEX, TITLE_INDEX)
    return True
