"""Opening a database the way the app and the command line both need it.

``open_database`` is the one door: it creates the file if asked to, upgrades the schema
(after a backup) and makes sure the reference footprints are loaded. Callers get a
ready ``Database`` or a ``DatabaseError`` with one sentence to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL

from icstracker.db.database import Database
from icstracker.db.engine import default_database_path, resolve_database_url, sqlite_path
from icstracker.db.migrate import UpgradeResult, take_setup_lock, upgrade_database
from icstracker.db.reference.loader import (
    LoadSummary,
    load_reference_data,
    reference_is_current,
)
from icstracker.db.rolling_backups import take_daily_backup
from icstracker.errors import DatabaseError, NotFoundError
from icstracker.file_safety import backup_dir_for, remove_stale_parts
from icstracker.writable_folder import check_database_folder


@dataclass(frozen=True)
class OpenResult:
    database: Database
    upgrade: UpgradeResult
    reference: LoadSummary


def refuse_new_database(url: URL | str | None) -> None:
    """Refuses to make a new SQLite database unless asked to: ``init`` is how one is made.

    Opening a file that does not exist used to create it, so a mistyped ``--database``
    quietly started an empty log and the user's entries went there instead of into their
    real one. Only the default location (the first start of a new installation) is still
    created on its own. A zero-byte file is what a failed copy or a full disk leaves; it
    is refused too instead of being turned into a new, empty log over what should be
    there.
    """
    resolved = url if isinstance(url, URL) else resolve_database_url(url)
    path = sqlite_path(resolved)
    if path is None:
        return
    if not path.exists():
        if path.resolve() == default_database_path().resolve():
            return
        raise NotFoundError(
            f"The database {path} does not exist; check the --database path, or run "
            f'`icstracker --database "{path}" init` to create a new one there.'
        )
    if path.is_file() and path.stat().st_size == 0:
        raise DatabaseError(
            f"{path} is an empty file, not an ICS Tracker database; restore a backup "
            f'into it, or run `icstracker --database "{path}" init` to start a new log there.'
        )


def open_database(
    url: URL | str | None = None, *, daily_backup: bool = True, create: bool = True
) -> OpenResult:
    """The database at ``url``, upgraded and loaded; with ``create=False`` it must exist."""
    resolved = url if isinstance(url, URL) else resolve_database_url(url)
    if not create:
        refuse_new_database(resolved)
    path = sqlite_path(resolved)
    if path is not None:
        check_database_folder(path)  # a read-only drive is named now, not mid-save
    database = Database(resolved)
    try:
        upgrade = upgrade_database(database)
        is_new = upgrade.from_revision is None
        if database.path is not None:
            # A backup or a restore killed part-way leaves a hidden .partial behind, and
            # a restore its scratch folder beside the database.
            remove_stale_parts(backup_dir_for(database.path))
            remove_stale_parts(database.path.parent)
        if database.path is not None and daily_backup and not is_new:
            take_daily_backup(database.path)
        reference = ensure_reference_data(database)
    except BaseException:
        database.dispose()
        raise
    return OpenResult(database, upgrade, reference)


def ensure_reference_data(database: Database) -> LoadSummary:
    """Loads the shipped footprints unless they are already there, writing only if needed."""
    with database.session() as session:
        if reference_is_current(session):
            return LoadSummary(changed=False)
    with database.write() as session:
        take_setup_lock(session.connection())
        # The loader checks again under the lock: another process may just have loaded.
        return load_reference_data(session)
