"""The copy an import takes first: as the database was, awaited before any row is written."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from icstracker.db.backup import backup_dir_for
from icstracker.db.database import Database
from icstracker.errors import DatabaseCorruptError
from icstracker.services.imports import apply
from icstracker.services.imports.apply import run_import
from icstracker.services.imports.plan import ImportOptions

from .legacy_sheets import issue_log


@pytest.fixture
def sqlite_committee_db(committee_db: Database) -> Database:
    if committee_db.path is None:
        pytest.skip("a shared server is backed up by its own tools")
    return committee_db


def test_the_copy_holds_the_database_as_it_was_however_slow(
    sqlite_committee_db: Database,
    options: ImportOptions,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A copy that finishes only after the plan is made still holds no imported row."""
    planned = threading.Event()
    plan_table = apply.plan_table
    copy = apply.backup_before_import

    def plan_then_say(*args: object, **kwargs: object) -> object:
        found = plan_table(*args, **kwargs)  # type: ignore[arg-type]
        planned.set()
        return found

    def slow_copy(database: Database) -> Path | None:
        assert planned.wait(10)  # the import has its write lock and its plan by now
        return copy(database)

    monkeypatch.setattr(apply, "plan_table", plan_then_say)
    monkeypatch.setattr(apply, "backup_before_import", slow_copy)
    result = run_import(sqlite_committee_db, issue_log(tmp_path), options, backup_first=True)
    assert result.added_ids
    assert sqlite_committee_db.path is not None
    (backup,) = backup_dir_for(sqlite_committee_db.path).glob("*before-import*")
    with sqlite3.connect(backup) as kept:
        assert kept.execute("SELECT count(*) FROM engagement").fetchone() == (0,)


def test_a_copy_that_fails_stops_the_import_before_it_writes(
    sqlite_committee_db: Database,
    options: ImportOptions,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engagement_count: Callable[[Database], int],
) -> None:
    def damaged(_database: Database) -> Path | None:
        raise DatabaseCorruptError("test.sqlite3 is damaged (page 7), so no backup was written")

    monkeypatch.setattr(apply, "backup_before_import", damaged)
    with pytest.raises(DatabaseCorruptError, match="no backup was written"):
        run_import(
            sqlite_committee_db, issue_log(tmp_path), options, skip_bad_rows=True, backup_first=True
        )
    assert engagement_count(sqlite_committee_db) == 0
    assert not [t for t in threading.enumerate() if t.name == "backup"]
