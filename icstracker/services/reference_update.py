"""Loading the next reorganisation from the official files, and saying when one is due.

``update_reference`` reads NHS England's, ODS's or ONS's files, compares them with the
footprints and (unless it is a dry run) applies the difference in one transaction, after
a backup of a SQLite database. A file already applied is recognised by its checksum and
changes nothing; a file older than the footprints is refused. ``footprints_age`` is what
the window asks to say when the footprints are over a year old, and how to update them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from icstracker.db.backup import backup_sqlite, default_backup_path
from icstracker.db.database import Database
from icstracker.db.reference.official import read_official_file
from icstracker.db.reference.official.snapshot import Snapshot
from icstracker.db.reference.update.apply import (
    applied_on,
    apply_plan,
    record_update,
)
from icstracker.db.reference.update.changes import Plan
from icstracker.db.reference.update.current import read_current
from icstracker.db.reference.update.plan import plan_changes
from icstracker.errors import ReferenceFileError
from icstracker.services.footprints_age import footprints_dated, month_year
from icstracker.text import long_date

# Where the files are published (the pages NHS England, ODS and ONS keep them on).
EPCN_PAGE = (
    "https://digital.nhs.uk/services/organisation-data-service/export-data-files/"
    "csv-downloads/gp-and-gp-practice-related-data"
)
ONS_PORTAL = "https://geoportal.statistics.gov.uk/"


@dataclass(frozen=True)
class FileOutcome:
    file_name: str
    label: str
    dated: dt.date
    dated_by: str
    effective: dt.date | None
    plan: Plan | None  # None when the file was applied before
    applied_before: dt.datetime | None = None

    @property
    def changes(self) -> bool:
        return self.plan is not None and not self.plan.is_empty


@dataclass(frozen=True)
class UpdateResult:
    dry_run: bool
    files: tuple[FileOutcome, ...]
    backup: Path | None = None


class _DryRun(Exception):
    """Ends a dry run's transaction without committing it."""

    def __init__(self, outcomes: list[FileOutcome]) -> None:
        super().__init__("dry run")
        self.outcomes = outcomes


def update_reference(
    database: Database,
    paths: Sequence[Path],
    *,
    effective: dt.date | None = None,
    dry_run: bool = False,
) -> UpdateResult:
    """Applies the files, oldest first; one refused file means none is applied."""
    snapshots = sorted((read_official_file(path) for path in paths), key=lambda s: s.dated)
    with database.session() as session:
        to_apply = _check(session, snapshots)
    if dry_run or not to_apply:
        return UpdateResult(dry_run, tuple(_run(database, snapshots, effective, dry_run=True)))
    backup = None
    if database.path is not None:
        backup = backup_sqlite(
            database.path, default_backup_path(database.path, "before-reference-update")
        )
    return UpdateResult(False, tuple(_run(database, snapshots, effective, dry_run=False)), backup)


def _check(session: Session, snapshots: list[Snapshot]) -> bool:
    """Refuses a file older than the footprints; whether any file is still to be applied."""
    dated, newest = footprints_dated(session)
    fresh = False
    for snapshot in snapshots:
        if applied_on(session, snapshot.sha256) is not None:
            continue
        if snapshot.dated < dated:
            since = f", from {newest}" if newest else ""
            raise ReferenceFileError(
                f"{snapshot.file_name} is the {snapshot.label} of {long_date(snapshot.dated)} "
                f"({snapshot.dated_by}), older than the footprints already loaded "
                f"({month_year(dated)}{since}); nothing was changed. Download the latest "
                "file and try again."
            )
        fresh = True
    return fresh


def _run(
    database: Database, snapshots: list[Snapshot], effective: dt.date | None, *, dry_run: bool
) -> list[FileOutcome]:
    try:
        with database.write() as session:
            _check(session, snapshots)  # again, under the write lock
            outcomes = _apply_all(session, snapshots, effective, record=not dry_run)
            if dry_run:
                raise _DryRun(outcomes)
    except _DryRun as ended:
        return ended.outcomes
    return outcomes


def _apply_all(
    session: Session, snapshots: list[Snapshot], effective: dt.date | None, *, record: bool
) -> list[FileOutcome]:
    """Each file's plan against the footprints as the files before it left them."""
    outcomes: list[FileOutcome] = []
    seen: set[str] = set()
    for snapshot in snapshots:
        before = applied_on(session, snapshot.sha256)
        if before is not None or snapshot.sha256 in seen:
            outcomes.append(_outcome(snapshot, None, None, before))
            continue
        when = effective or snapshot.dated
        plan = plan_changes(snapshot, read_current(session), when)
        apply_plan(session, plan)
        if record:
            record_update(session, snapshot, when)
        seen.add(snapshot.sha256)
        outcomes.append(_outcome(snapshot, when, plan, None))
    return outcomes


def _outcome(
    snapshot: Snapshot, when: dt.date | None, plan: Plan | None, before: dt.datetime | None
) -> FileOutcome:
    return FileOutcome(
        snapshot.file_name, snapshot.label, snapshot.dated, snapshot.dated_by, when, plan, before
    )
