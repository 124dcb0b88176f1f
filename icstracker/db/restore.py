"""Putting a backup back: tried out first, and never without a copy of what it replaces.

A restore is the moment a user is most anxious and least careful, so everything that
can be known about the file is checked before anything is touched: that it is a SQLite
file, undamaged, an ICS Tracker database, and not from a newer version. A file can pass
all that and still not be a usable log (a table missing, a column renamed by hand), so
it is then copied into a scratch folder beside the database and opened there exactly as
the app would open it (upgraded, reference data loaded) and every table read. Only a
copy that survives that replaces anything. The current database is then backed up, and
the tried copy's pages are copied in with SQLite's online backup API under the write
lock, in one transaction: another window sees the old or the new database, never a
mixture, and a failure part-way leaves the old one as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from icstracker.db.backup import backup_sqlite, default_backup_path, read_only_uri
from icstracker.db.engine import BUSY_TIMEOUT_MS, sqlite_url
from icstracker.db.errors import busy_error
from icstracker.db.models import Base
from icstracker.errors import (
    DatabaseCorruptError,
    DatabaseError,
    IcsTrackerError,
    SchemaTooNewError,
)
from icstracker.file_safety import create_private, private_folder

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    revision: str
    engagements: int
    previous_copy: Path | None
    upgraded_to: str | None = None  # the schema it was upgraded to while being tried out


def validate_backup(source: Path, known_revisions: set[str]) -> tuple[str, int]:
    """The schema revision and engagement count of a backup file, or why it is unusable."""
    if not source.is_file():
        raise DatabaseError(f"There is no file at {source} to restore.")
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if head.startswith(b"PK\x03\x04"):
        raise DatabaseError(
            f"{source} is not a database file but a zip file such as an Excel workbook; "
            "nothing was restored. A workbook made by export-all is brought back by "
            "importing it (icstracker import FILE), not by restoring it."
        )
    if head != SQLITE_HEADER:
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
        if revision is None:
            raise DatabaseError(
                f"{source} has no schema revision, so it is not a whole ICS Tracker database; "
                "nothing was restored."
            )
        if revision[0] not in known_revisions:
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
    try:
        database.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        scratch = Path(tempfile.mkdtemp(prefix=f".{database.stem}-restoring-", dir=database.parent))
    except OSError as error:
        raise DatabaseError(
            f"Cannot restore into {database}: {error.strerror or error}; nothing was restored."
        ) from error
    try:
        tried = _try_out(source, scratch / "restoring.sqlite3")
        with closing(sqlite3.connect(read_only_uri(tried), uri=True)) as connection:
            now = str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        previous = _keep_current(database)
        if not database.exists():
            # A committee's log names people: readable by its owner only from the start.
            os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
        reader = sqlite3.connect(read_only_uri(tried), uri=True)
        try:
            writer = sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                # SQLite cannot copy into a WAL-mode file whose page size differs (a backup
                # made by another tool or version): copy in rollback mode, then back to WAL.
                writer.execute("PRAGMA journal_mode = DELETE")
                reader.backup(writer, progress=_give_up_after(BUSY_TIMEOUT_MS / 1000))
                writer.execute("PRAGMA journal_mode = WAL")
            finally:
                writer.close()
        except sqlite3.Error as error:
            kept = f"; your database as it was is saved at {previous}" if previous else ""
            raise DatabaseError(
                f"Could not restore into {database}: {error}; it was left as it was{kept}."
            ) from error
        finally:
            reader.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return RestoreResult(source, revision, engagements, previous, None if now == revision else now)


def _try_out(source: Path, scratch: Path) -> Path:
    """Opens a copy of ``source`` the way the app will, and reads every table of it.

    Anything that fails here would have failed on the first start after the restore,
    with the user's own database already gone; here it costs nothing.
    """
    from icstracker.db.setup import open_database  # setup imports this module's neighbours

    copy = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        target = sqlite3.connect(scratch)
        try:
            copy.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    finally:
        copy.close()
    try:
        opened = open_database(sqlite_url(scratch), daily_backup=False).database
    except IcsTrackerError as error:
        raise DatabaseError(
            f"{source} cannot be used as an ICS Tracker database ({error.message}); "
            "nothing was restored."
        ) from error
    except Exception as error:  # noqa: BLE001 - any failure here means "do not restore"
        raise DatabaseError(
            f"{source} cannot be used as an ICS Tracker database ({_first_line(error)}); "
            "nothing was restored."
        ) from error
    try:
        with opened.engine.connect() as connection:
            problems = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise DatabaseCorruptError(
                    f"{source} is damaged ({problems[0]}); nothing was restored."
                )
            for table in Base.metadata.sorted_tables:  # every column of every table reads
                connection.execute(select(*table.columns).limit(1)).all()
                connection.execute(select(func.count()).select_from(table)).scalar_one()
    except SQLAlchemyError as error:
        raise DatabaseError(
            f"{source} is not a usable ICS Tracker database ({_first_line(error)}); "
            "nothing was restored."
        ) from error
    finally:
        opened.dispose()
    return scratch


def _give_up_after(seconds: float) -> Callable[[int, int, int], None]:
    """A backup progress callback that stops waiting for a locked database.

    Python's ``Connection.backup`` retries a busy destination for ever; another window
    holding the write lock would hang the restore instead of getting an answer.
    """
    deadline = time.monotonic() + seconds

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise busy_error()

    return progress


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error)
    return text.splitlines()[0] if text else type(error).__name__


def _keep_current(database: Path) -> Path | None:
    """Saves the database about to be replaced, even when it is damaged.

    A damaged database is what a restore is for, so its refusal by ``backup_sqlite``
    must not block one: its bytes (and its ``-wal``) are copied as they are instead.
    """
    if not database.is_file() or database.stat().st_size == 0:
        return None
    try:
        return backup_sqlite(database, default_backup_path(database, "before-restore"))
    except DatabaseCorruptError:
        saved = default_backup_path(database, "before-restore-damaged")
        private_folder(saved.parent)
        for suffix in ("", "-wal"):
            part = Path(str(database) + suffix)
            if part.is_file():
                create_private(Path(str(saved) + suffix))  # private before the first byte
                shutil.copyfile(part, Path(str(saved) + suffix))
        return saved
