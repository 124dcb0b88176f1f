"""``db.errors`` on its own: SQLite's own errors are read by their code, our words are not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from icstracker.db.errors import (
    SQLITE_BUSY,
    SQLITE_NOTADB,
    busy_error,
    is_damaged,
    known_database_error,
    sqlite_primary_code,
)
from icstracker.errors import DatabaseCorruptError, DatabaseLockedError


def test_a_file_that_is_not_a_database_is_damaged_by_its_code(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"These are meeting notes, not a database. " * 200)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master")
    assert sqlite_primary_code(caught.value) == SQLITE_NOTADB
    assert is_damaged(caught.value)
    assert isinstance(known_database_error(caught.value), DatabaseCorruptError)


def test_the_same_words_without_a_code_are_not_read() -> None:
    made_up = sqlite3.DatabaseError("file is not a database")
    assert sqlite_primary_code(made_up) is None
    assert not is_damaged(made_up)
    assert known_database_error(made_up) is None  # a bug to report, not a damaged file


def test_our_own_locked_error_carries_sqlite_busy() -> None:
    error = busy_error()
    assert sqlite_primary_code(error) == SQLITE_BUSY
    assert isinstance(known_database_error(error), DatabaseLockedError)
