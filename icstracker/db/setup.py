"""Opening a database the way the app and the command line both need it.

``open_database`` is the one door: it creates the file if needed, upgrades the schema
(after a backup) and makes sure the reference footprints are loaded. Callers get a
ready ``Database`` or a ``DatabaseError`` with one sentence to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL

from icstracker.db.database import Database
from icstracker.db.migrate import UpgradeResult, upgrade_database
from icstracker.db.reference.loader import LoadSummary, load_reference_data


@dataclass(frozen=True)
class OpenResult:
    database: Database
    upgrade: UpgradeResult
    reference: LoadSummary


def open_database(url: URL | str | None = None) -> OpenResult:
    database = Database(url)
    try:
        upgrade = upgrade_database(database)
        with database.write() as session:
            reference = load_reference_data(session)
    except BaseException:
        database.dispose()
        raise
    return OpenResult(database, upgrade, reference)
