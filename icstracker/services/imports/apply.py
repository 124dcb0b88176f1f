"""Writing an import: all of it in one transaction, or the good rows and a list of the rest.

The plan is made again inside the write transaction (which holds SQLite's write lock), so
a row someone logged a moment ago counts as a duplicate instead of being added twice, and
importing the same file twice adds nothing the second time. By default one bad row means
nothing is written: a half-imported log is harder to put right than a rejected file.
With ``skip_bad_rows`` the good rows are written and the bad ones are returned for a
report; a row the engagement service's own checks refuse is left out and reported the
same way. The texts the person settled (a chosen area, an accepted suggestion) are
saved as the committee's aliases in the same transaction. The rows are written in bulk
(``bulk_write``), checked by the same rules as ``log_engagement``, because logging them
one at a time took 3 ms a row.
"""

from __future__ import annotations

import csv
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from icstracker.collector import collector_paused
from icstracker.db.backup import backup_sqlite, default_backup_path
from icstracker.db.database import Database
from icstracker.errors import (
    ImportRejectedError,
    ImportRowError,
    OperationCancelled,
    OutputFileError,
)
from icstracker.file_safety import open_private, refuse_protected
from icstracker.services.dates import uk_today
from icstracker.services.imports.bulk_write import check_engagements, write_engagements
from icstracker.services.imports.decisions import remember
from icstracker.services.imports.plan import (
    Cancelled,
    ImportOptions,
    ImportPlan,
    PlannedRow,
    Progress,
    plan_table,
)
from icstracker.services.imports.reading import read_table
from icstracker.text import csv_safe


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    added_ids: tuple[int, ...]
    rejected: tuple[PlannedRow, ...]
    remembered: tuple[str, ...] = ()  # texts saved as the committee's aliases

    @property
    def duplicates(self) -> int:
        return len(self.plan.with_outcome("duplicate"))


def run_import(
    database: Database,
    path: Path,
    options: ImportOptions,
    *,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    backup_first: bool = False,
) -> ImportResult:
    """Import ``path`` for the chosen committee; see the module docstring for the rules.

    With ``backup_first`` a SQLite database is copied as it was (``backup_before_import``)
    before anything is written; a copy that fails stops the import."""
    backup = _BackupMeanwhile(database) if backup_first else None
    try:
        # The import's plan and rows all live until it ends (``collector``).
        with collector_paused():
            return _run_import(path, database, options, skip_bad_rows, progress, cancelled, backup)
    finally:
        if backup is not None:
            backup.thread.join()  # never left copying behind a failed or cancelled import


class _BackupMeanwhile:
    """``backup_before_import`` on a thread of its own while the file is read and planned.

    The copy and its integrity check are SQLite's work, which lets go of the interpreter
    lock, so they cost the reading and planning (Python's work) next to nothing: 0.03 s
    of a 10,000-row import into a new database, seconds for a large one. The import waits
    for it before it writes anything, and a copy that failed stops it there, as when the
    copy came first. A database already taken for writing is still copied as it was: the
    write lock lets readers in, and they see nothing uncommitted.
    """

    def __init__(self, database: Database) -> None:
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._copy, args=(database,), name="backup")
        self.thread.start()

    def _copy(self, database: Database) -> None:
        try:
            backup_before_import(database)
        except BaseException as error:  # noqa: BLE001 - raised again by wait(), in the import
            self.error = error

    def wait(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error


def _run_import(
    path: Path,
    database: Database,
    options: ImportOptions,
    skip_bad_rows: bool,
    progress: Progress | None,
    cancelled: Cancelled | None,
    backup: _BackupMeanwhile | None,
) -> ImportResult:
    table = read_table(path, max_rows=options.max_rows, sheet=options.sheet)
    with database.write() as session:
        plan = plan_table(
            session, table, options, progress=progress, cancelled=cancelled, for_writing=True
        )
        if backup is not None:
            backup.wait()
        errors = plan.with_outcome("error")
        if errors and not skip_bad_rows:
            raise ImportRejectedError(
                f"{len(errors)} of {len(plan.rows)} rows of {path.name} cannot be imported, so "
                "nothing was written; correct them or skip the bad rows.",
                plan.problems,
            )
        to_add = plan.with_outcome("add")
        if cancelled is not None and cancelled():
            raise OperationCancelled("The import was cancelled; nothing was written.")
        rows = [row.data for row in to_add if row.data is not None]
        assert len(rows) == len(to_add)
        checked = check_engagements(session, rows, options.today or uk_today())
        rejected = list(errors)
        for index, error in sorted(checked.refused.items()):
            problem = ImportRowError(to_add[index].row, "", error.message)
            if not skip_bad_rows:
                raise ImportRejectedError(
                    f"{problem.message} Nothing was written.", [problem]
                ) from error
            rejected.append(replace(to_add[index], outcome="error", problems=(problem,)))
        added = write_engagements(session, checked, progress=progress, cancelled=cancelled)
        remembered: tuple[str, ...] = ()
        if options.remember_choices:
            remembered = remember(session, plan.committee_id, plan.decisions)
    rejected.sort(key=lambda r: r.row)
    return ImportResult(plan, tuple(added), tuple(rejected), remembered)


def write_error_report(plan: ImportPlan, rejected: tuple[PlannedRow, ...], path: Path) -> None:
    """A CSV of the rows not imported, each with why, and its cells as they were in the file.

    Cells starting with ``= + - @`` get a leading apostrophe so a spreadsheet shows them as
    the text they were instead of running them as formulas."""
    refuse_protected(path, "report of rows not imported")
    try:
        with open_private(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "column", "reason", *(csv_safe(h) for h in plan.headers)])
            for row in rejected:
                cells = [csv_safe(v) for v in row.values]
                for problem in row.problems or (ImportRowError(row.row, "", row.detail),):
                    writer.writerow(
                        [row.row, csv_safe(problem.column), csv_safe(problem.reason), *cells]
                    )
    except OSError as error:
        raise OutputFileError(
            f"The report {path} cannot be written: {error.strerror or error}."
        ) from None


def backup_before_import(database: Database) -> Path | None:
    """A copy of a SQLite database as it was, since an import can add thousands of rows."""
    if database.path is None:
        return None  # a shared server is backed up by its own tools
    return backup_sqlite(database.path, default_backup_path(database.path, "before-import"))
