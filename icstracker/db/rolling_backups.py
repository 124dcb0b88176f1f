"""The automatic backups a user never has to think about: one a day, kept for weeks.

On each start (at most once a day) the SQLite file is copied with the online backup API
into its ``-backups`` folder. The seven most recent days are kept, then one backup for
each of the four weeks before them. Only these ``daily`` copies are ever pruned: the
ones taken before an upgrade, an import, a restore or by hand stay until the user
deletes them.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from icstracker.db.backup import backup_dir_for, backup_sqlite, default_backup_path
from icstracker.errors import IcsTrackerError

DAILY = "daily"
KEEP_DAYS = 7
KEEP_WEEKS = 4
_STAMP = re.compile(r"-(\d{8})-(\d{6})-daily\.sqlite3$")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyBackup:
    path: Path
    taken: dt.datetime


def daily_backups(database: Path) -> list[DailyBackup]:
    """The automatic backups of ``database``, newest first."""
    folder = backup_dir_for(database)
    if not folder.is_dir():
        return []
    found = []
    prefix = f"{database.stem}-"
    for path in folder.iterdir():  # not glob(): a name like "LPC [Devon]" is a pattern
        match = _STAMP.search(path.name)
        if match and path.name.startswith(prefix) and len(path.name) == len(prefix) + 29:
            taken = dt.datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
            found.append(DailyBackup(path, taken))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def backups_to_keep(backups: list[DailyBackup]) -> set[Path]:
    """The newest backup of each of the last seven days, then of each of four weeks before.

    A week that holds one of the seven kept days is already covered by it, so the four
    weekly copies reach back about a month beyond the daily ones.
    """
    keep: set[Path] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for backup in sorted(backups, key=lambda b: b.taken, reverse=True):
        day = backup.taken.date()
        week = (day.isocalendar().year, day.isocalendar().week)
        if day in days or week in weeks:
            continue  # an older copy of a day or week already kept
        if len(days) < KEEP_DAYS:
            days.add(day)
            keep.add(backup.path)
        elif len(weeks) < KEEP_WEEKS and week not in _weeks_of(days):
            weeks.add(week)
            keep.add(backup.path)
    return keep


def _weeks_of(days: set[dt.date]) -> set[tuple[int, int]]:
    return {(d.isocalendar().year, d.isocalendar().week) for d in days}


def take_daily_backup(database: Path, now: dt.datetime | None = None) -> Path | None:
    """Backs up ``database`` unless today's copy exists, then prunes old daily copies.

    A failure here (a full disk, a read-only folder) must not stop the user opening
    their log, so it is logged and the start goes on. Nothing is pruned after a failure:
    when the database is damaged its copy is refused (``backup_sqlite`` checks it), and
    the good copies already taken are exactly the ones that must not age out.
    """
    now = now or dt.datetime.now()
    if not database.is_file():
        return None
    existing = daily_backups(database)
    written = None
    try:
        if not existing or existing[0].taken.date() != now.date():
            written = backup_sqlite(database, default_backup_path(database, DAILY, now))
        backups = daily_backups(database)
        # Copies dated after now (a clock that went back, a folder from another machine)
        # are kept and never take a slot: otherwise today's new copy would be the "oldest".
        dated = [b for b in backups if b.taken <= now]
        keep = backups_to_keep(dated) | {b.path for b in backups if b.taken > now}
        if written is not None:
            keep.add(written)
        for backup in backups:
            if backup.path not in keep:
                backup.path.unlink(missing_ok=True)
    except (IcsTrackerError, OSError) as error:
        log.warning("The daily backup of %s was not taken: %s", database, error)
    return written
