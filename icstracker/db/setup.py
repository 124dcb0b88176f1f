"""Opening a database the way the app and the command line both need it.

``open_database`` is the one door: it creates the file if needed, upgrades the schema
(after a backup) and makes sure the reference footprints are loaded. Callers get a
ready ``Database`` or a ``DatabaseError`` with one sentence to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL

from icstracker.db.database import Database
from icstracker.db.migrate import UpgradeResult, take_setup_lock, upgrade_database
from icstracker.db.reference.loader import (
    LoadSummary,
    load_reference_data,
    reference_is_current,
)
from icstracker.db.rolling_backups import take_daily_backup


@dataclass(frozen=True)
class OpenResult:
    database: Database
    upgrade: UpgradeResult
    reference: LoadSummary


def open_database(url: URL | str | None = None, *, daily_backup: bool = True) -> OpenResult:
    database = Database(url)
    try:
        upgrade = upgrade_database(database)
        is_new = upgrade.from_revision is None
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
