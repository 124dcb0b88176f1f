"""Brings a database's schema up to date, safely, every time the app opens it.

Users never run Alembic. ``upgrade_database`` compares the database's revision with
the newest one shipped; if it is behind, a SQLite file is first copied with the online
backup API (lost data after an upgrade is the failure users never forgive), then the
migrations run in one transaction. A database made by a *newer* ICS Tracker is refused
rather than touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from icstracker.bundled import migrations_dir
from icstracker.db.backup import backup_sqlite, default_backup_path
from icstracker.db.database import Database
from icstracker.db.errors import translated_database_errors
from icstracker.errors import DatabaseError, SchemaTooNewError


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_database(database: Database, target: str = "head") -> UpgradeResult:
    where = database.describe()
    with translated_database_errors(where):
        with database.engine.connect() as connection:
            before = current_revision(connection)
            has_tables = bool(inspect(connection).get_table_names())
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
        with database.engine.begin() as connection:
            command.upgrade(alembic_config(connection), target)
        return UpgradeResult(before, wanted, backup)
