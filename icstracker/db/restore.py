"""Putting a backup back: checked first, and never without a copy of what it replaces.

A restore is the moment a user is most anxious and least careful, so everything that
can be known about the file is checked before anything is touched: that it is a SQLite
file, undamaged, an ICS Tracker database, and not from a newer version. The current
database is then backed up, and the backup's pages are copied in with SQLite's online
backup API under the write lock, so another window sees the old or the new database,
never a mixture.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from icstracker.db.backup import backup_sqlite, default_backup_path, read_only_uri
from icstracker.db.engine import BUSY_TIMEOUT_MS
from icstracker.errors import DatabaseCorruptError, DatabaseError, SchemaTooNewError

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    revision: str
    engagements: int
    previous_copy: Path | None


def validate_backup(source: Path, known_revisions: set[str]) -> tuple[str, int]:
    """The schema revision and engagement count of a backup file, or why it is unusable."""
    if not source.is_file():
        raise DatabaseError(f"There is no file at {source} to restore.")
    with source.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise DatabaseError(f"{source} is not a database file; nothing was restored.")
    try:
        connection = sqlite3.connect(read_only_uri(source), uri=True)
    except sqlite3.Error as error:
        raise DatabaseError(f"Could not read {source}: {error}; nothing was restored.") from error
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise DatabaseCorruptError(
                f"{source} is damaged ({problems[0]}); choose an older backup. "
                "Nothing was restored."
            )
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if not {"alembic_version", "engagement", "area"} <= tables:
            raise DatabaseError(f"{source} is not an ICS Tracker database; nothing was restored.")
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] not in known_revisions:
            raise SchemaTooNewError(
                f"{source} was made by a newer version of ICS Tracker; install that version "
                "to restore it. Nothing was restored."
            )
        engagements = connection.execute(
            "SELECT count(*) FROM engagement WHERE deleted_at IS NULL"
        ).fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise DatabaseCorruptError(
            f"{source} is damaged or not a database ({error}); nothing was restored."
        ) from error
    finally:
        connection.close()
    return str(revision[0]), int(engagements)


def restore_sqlite(source: Path, database: Path, known_revisions: set[str]) -> RestoreResult:
    if source.resolve() == database.resolve():
        raise DatabaseError(f"{source} is the database itself; choose a backup to restore.")
    revision, engagements = validate_backup(source, known_revisions)
    previous = None
    if database.is_file():
        previous = backup_sqlite(database, default_backup_path(database, "before-restore"))
    database.parent.mkdir(parents=True, exist_ok=True)
    reader = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        writer = sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    except sqlite3.Error as error:
        kept = f"; your database as it was is saved at {previous}" if previous else ""
        raise DatabaseError(f"Could not restore into {database}: {error}{kept}.") from error
    finally:
        reader.close()
    return RestoreResult(source, revision, engagements, previous)
