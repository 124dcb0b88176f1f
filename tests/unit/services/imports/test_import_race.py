"""Two imports, or a backup and an import, of one database at the same moment.

The same file imported by two users at the same moment adds its rows once.

The first import runs in another process and, its rows written, holds its transaction
open; the second starts meanwhile. On PostgreSQL the second waits on the committee's
import lock (``plan.lock_committee_log``) and then finds every row already logged; on
SQLite it waits for the write lock. Without the lock, PostgreSQL stored the file twice.
A SQLite backup taken while another process is in the middle of an import is a whole,
consistent copy from before it.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import sys
import threading
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from icstracker.db.backup import backup_sqlite
from icstracker.db.database import Database
from icstracker.db.engine import sqlite_url
from icstracker.db.models import Engagement, Organisation, Person
from icstracker.services.committees import create_committee
from icstracker.services.imports import apply
from icstracker.services.imports.apply import run_import
from icstracker.services.imports.plan import ImportOptions

from .conftest import COMMITTEE, TODAY

ROWS = 40
NAMES = 5


def _write_log(path: Path) -> Path:
    lines = ["Date,Area,Kind,Title,Organisation,People"]
    for row in range(ROWS):
        lines.append(
            f"{1 + row % 28:02d}/10/2026,QE1,Meeting,Race meeting {row},"
            f"Race Org {row % NAMES},Race Person {row % NAMES}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _first_import(url: str, path: Path, events: tuple[Event, Event]) -> None:
    """Imports the file and, its rows written, waits to be told to commit."""
    started, release = events
    write = apply.write_engagements

    def held(*args: Any, **kwargs: Any) -> list[int]:
        added = write(*args, **kwargs)
        started.set()
        release.wait(20)
        return added

    apply.write_engagements = held  # this process only
    database = Database(url)
    try:
        result = run_import(database, path, ImportOptions(committee=COMMITTEE, today=TODAY))
        assert len(result.added_ids) == ROWS
    finally:
        database.dispose()


def _count(database: Database, entity: type[Engagement | Organisation | Person]) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(entity)) or 0


@pytest.mark.skipif(sys.platform == "win32", reason="uses fork to start the other import")
def test_the_same_file_imported_twice_at_once_is_added_once(
    committee_db: Database, tmp_path: Path
) -> None:
    path = _write_log(tmp_path / "log.csv")
    before = {entity: _count(committee_db, entity) for entity in (Organisation, Person)}
    context = multiprocessing.get_context("fork")
    started, release = context.Event(), context.Event()
    url = committee_db.url.render_as_string(hide_password=False)
    other = context.Process(target=_first_import, args=(url, path, (started, release)))
    committee_db.dispose()  # no pooled connection is shared with the forked process
    other.start()
    try:
        assert started.wait(20), "the other import never wrote its rows"
        threading.Timer(0.5, release.set).start()
        second = run_import(committee_db, path, ImportOptions(committee=COMMITTEE, today=TODAY))
    finally:
        release.set()
        other.join(20)
    assert other.exitcode == 0
    assert (len(second.added_ids), second.duplicates) == (0, ROWS)
    assert _count(committee_db, Engagement) == ROWS
    assert _count(committee_db, Organisation) == before[Organisation] + NAMES
    assert _count(committee_db, Person) == before[Person] + NAMES


@pytest.mark.skipif(sys.platform == "win32", reason="uses fork to start the import")
def test_a_backup_during_another_process_import_is_whole(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """The backup API reads a snapshot: the import's uncommitted rows are not in it, and
    the copy passes SQLite's integrity check; taken again after, it holds them all."""
    path = _write_log(tmp_path / "log.csv")
    database = Database(sqlite_url(backup_sqlite(sqlite_template, tmp_path / "live.sqlite3")))
    with database.write() as session:
        create_committee(session, COMMITTEE)
    database.dispose()
    assert database.path is not None
    context = multiprocessing.get_context("fork")
    started, release = context.Event(), context.Event()
    url = database.url.render_as_string(hide_password=False)
    other = context.Process(target=_first_import, args=(url, path, (started, release)))
    other.start()
    try:
        assert started.wait(20), "the import never wrote its rows"
        during = backup_sqlite(database.path, tmp_path / "during.sqlite3")
    finally:
        release.set()
        other.join(20)
    assert other.exitcode == 0
    after = backup_sqlite(database.path, tmp_path / "after.sqlite3")
    for copy, engagements in ((during, 0), (after, ROWS)):
        with sqlite3.connect(copy) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            count = connection.execute("SELECT count(*) FROM engagement").fetchone()
            assert count == (engagements,), copy.name
        connection.close()
