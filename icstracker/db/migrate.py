"""Brings a database's schema up to date, safely, every time the app opens it.

Users never run Alembic. ``upgrade_database`` compares the database's revision with
the newest one shipped; if it is behind, a SQLite file is first copied with the online
backup API (lost data after an upgrade is the failure users never forgive), then the
migrations run in one transaction. A database made by a *newer* ICS Tracker is refused
rather than touched.

Alembic itself is imported only when there is something to upgrade. Importing it (with
its DDL modules, Mako and Pygments) cost 0.15-0.3 s of every start-up on the development
machine, and on almost every start the database is already at the head. The check reads
the ``alembic_version`` table directly and takes the head from the revision files' own
top-level ``revision`` and ``down_revision`` assignments; anything those simple rules
cannot read with certainty (a merge, a branch, a dependency, a computed id) is handed to
Alembic, so both answers always agree (``tests/unit/db/test_schema_version_check.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from icstracker.bundled import migrations_dir
from icstracker.db import revision_files
from icstracker.db.backup import backup_sqlite, default_backup_path
from icstracker.db.database import Database
from icstracker.db.engine import BEGIN_MODE_OPTION
from icstracker.db.errors import translated_database_errors
from icstracker.db.search_index import repair_search_index
from icstracker.db.secrets import redact
from icstracker.errors import DatabaseError, SchemaTooNewError

if TYPE_CHECKING:
    from alembic.config import Config

# Any fixed number: PostgreSQL advisory locks are keyed by integers, and this one says
# "someone is setting this database up" (schema upgrade or reference load).
SETUP_LOCK_KEY = 0x1C5_7AC4


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def shipped_revisions() -> dict[str, str | None] | None:
    """The shipped revisions, read without Alembic (``revision_files``); None: ask Alembic."""
    return revision_files.shipped_revisions(migrations_dir())


def head_revision() -> str:
    chain = shipped_revisions()
    if chain is not None:
        return revision_files.head_of(chain)
    from alembic.script import ScriptDirectory

    found = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert found is not None, "the migrations folder has no revisions"
    return found


def known_revisions() -> set[str]:
    chain = shipped_revisions()
    if chain is not None:
        return set(chain)
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The database's schema revision, read the way Alembic stores it (one row, or none)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    if len(rows) <= 1:
        return str(rows[0][0]) if rows else None
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()  # raises: heads


def take_setup_lock(connection: Connection) -> None:
    """Serialises set-up between processes that open the same new database at once.

    Two committee members starting the app against an empty shared server would
    otherwise both create the tables and both load the footprints. On SQLite the
    write lock (BEGIN IMMEDIATE) already does this; PostgreSQL needs an advisory lock,
    released with the transaction.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK_KEY})


@contextmanager
def _migration_transaction(database: Database) -> Iterator[Connection]:
    """One locked transaction for the whole upgrade, with SQLite's foreign keys paused.

    SQLite cannot ALTER most things, so a batch migration copies a table into a new one
    and drops the old. With ``foreign_keys=ON`` that DROP cascades and silently deletes
    every row that points at the table (SQLite docs, "Making Other Kinds Of Table Schema
    Changes", step 1). The pragma is a no-op inside a transaction, so it is switched off
    before BEGIN, the links are checked with ``foreign_key_check`` before COMMIT, and it
    is switched back on before the connection returns to the pool.
    """
    with database.engine.connect() as connection:
        raw = connection.connection.driver_connection if database.is_sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            connection.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})
            with connection.begin():
                take_setup_lock(connection)
                yield connection
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


def _check_links(connection: Connection, where: str, backup: Path | None) -> None:
    if connection.dialect.name != "sqlite":
        return  # other databases enforce foreign keys during the migration itself
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = ", ".join(sorted({str(row[0]) for row in broken}))
        kept = f"; your backup is {backup}" if backup is not None else ""
        raise DatabaseError(
            f"upgrading {where} would break {len(broken)} link(s) between records "
            f"(in {tables}), so nothing was changed{kept}; please report this."
        )


def upgrade_database(database: Database, target: str = "head") -> UpgradeResult:
    where = database.describe()
    with translated_database_errors(where):
        with database.engine.connect() as connection:
            before = current_revision(connection)
            has_tables = before is None and bool(inspect(connection).get_table_names())
        if before is not None and before not in known_revisions():
            raise SchemaTooNewError(
                f"{where} was made by a newer version of ICS Tracker (schema {before}); "
                "install the newer version to open it."
            )
        if before is None and has_tables:
            raise DatabaseError(
                f"{where} holds tables that are not an ICS Tracker database; choose another file."
            )
        wanted = head_revision() if target == "head" else target
        if before == wanted:
            return UpgradeResult(before, wanted, None)
        backup = None
        if before is not None and database.path is not None:
            backup = backup_sqlite(
                database.path, default_backup_path(database.path, f"before-upgrade-{wanted}")
            )
        try:
            with _migration_transaction(database) as connection:
                # Another process may have upgraded while this one waited for the lock.
                if current_revision(connection) != wanted:
                    from alembic import command

                    command.upgrade(alembic_config(connection), target)
                    repair_search_index(connection)
                    _check_links(connection, where, backup)
        except DatabaseError:
            raise
        except Exception as error:
            # The whole upgrade is one transaction (DDL is transactional on SQLite and
            # PostgreSQL), so a failure part-way has already been rolled back.
            kept = f" A copy taken before the upgrade is at {backup}." if backup else ""
            raise DatabaseError(
                f"Upgrading {where} to schema {wanted} failed ({type(error).__name__}: "
                f"{redact(str(error).splitlines()[0]) if str(error) else 'no details'}); the "
                f"database was left as it was.{kept} Please report this."
            ) from error
        return UpgradeResult(before, wanted, backup)
