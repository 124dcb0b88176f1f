"""A restore is tried out on a copy first: a file that only looks right replaces nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from icstracker.db import restore
from icstracker.db.backup import backup_dir_for, backup_sqlite

from ..conftest import LiveLog, damage  # noqa: TID252


def _edited(live: LiveLog, tmp_path: Path, *statements: str) -> Path:
    """A good backup of the live log, then changed by hand the way people and tools do."""
    path = backup_sqlite(live.path, tmp_path / "looks-fine.sqlite3")
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()
    return path


HOSTILE: dict[str, Callable[[LiveLog, Path], Path]] = {
    "a table missing": lambda live, tmp: _edited(live, tmp, "DROP TABLE committee_area"),
    "a column renamed": lambda live, tmp: _edited(
        live, tmp, "ALTER TABLE engagement RENAME COLUMN title TO heading"
    ),
    "an older revision it does not match": lambda live, tmp: _edited(
        live, tmp, "UPDATE alembic_version SET version_num = '0001'"
    ),
    "no revision": lambda live, tmp: _edited(live, tmp, "DELETE FROM alembic_version"),
}


@pytest.mark.parametrize("how", list(HOSTILE))
def test_a_file_that_only_looks_like_a_log_is_refused_and_nothing_changes(
    live_log: LiveLog, tmp_path: Path, how: str
) -> None:
    bad = HOSTILE[how](live_log, tmp_path)
    before = live_log.snapshot()
    code, out, err = live_log.run("restore", str(bad))
    assert code == 5, err
    assert "nothing was restored" in err and err.count("\n") == 1, err
    assert out == ""
    assert live_log.snapshot() == before  # same rows, same backups, no before-restore copy
    leftovers = [p.name for p in live_log.path.parent.iterdir() if "restoring" in p.name]
    assert leftovers == []
    code, _, err = live_log.run("list", "--limit", "0")  # and the log still works
    assert code == 0 and " of 3 " in err


def test_a_failure_while_copying_in_leaves_the_database_as_it_was(
    live_log: LiveLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = backup_sqlite(live_log.path, tmp_path / "good.sqlite3")
    with sqlite3.connect(good) as connection:
        connection.execute("DELETE FROM engagement_person")
        connection.execute("DELETE FROM engagement")
    connection.close()
    monkeypatch.setattr(restore, "BUSY_TIMEOUT_MS", 50)
    before = live_log.snapshot()
    blocker = sqlite3.connect(live_log.path)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock throughout
    try:
        code, _, err = live_log.run("restore", str(good))
    finally:
        blocker.rollback()
        blocker.close()
    assert code == 5, err
    assert "it was left as it was" in err
    after = live_log.snapshot()
    assert (after.content, after.counts) == (before.content, before.counts)
    assert before.backups.items() <= after.backups.items()  # only a before-restore copy added


def test_a_damaged_database_can_still_be_replaced_and_its_bytes_are_kept(
    live_log: LiveLog, tmp_path: Path
) -> None:
    good = backup_sqlite(live_log.path, tmp_path / "good.sqlite3")
    live_log.add("After the backup")
    damage(live_log.path)
    code, out, err = live_log.run("restore", str(good))
    assert code == 0, err
    assert live_log.snapshot().counts["engagement"] == 3
    (kept,) = backup_dir_for(live_log.path).glob("*before-restore-damaged*.sqlite3")
    assert str(kept) in out
    with sqlite3.connect(kept) as connection:
        assert connection.execute("SELECT count(*) FROM engagement").fetchone() == (4,)
    connection.close()


def test_a_backup_with_another_page_size_restores(live_log: LiveLog, tmp_path: Path) -> None:
    """A copy made by another tool or SQLite build may use 8 KB pages; SQLite will not copy
    that into a WAL-mode file, so the restore copies in rollback mode and returns to WAL."""
    odd = backup_sqlite(live_log.path, tmp_path / "odd.sqlite3")
    with sqlite3.connect(odd) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA page_size = 8192")
        connection.execute("VACUUM")
        assert connection.execute("PRAGMA page_size").fetchone() == (8192,)
    connection.close()
    live_log.add("After the backup")
    code, _, err = live_log.run("restore", str(odd))
    assert code == 0, err
    assert live_log.snapshot().counts["engagement"] == 3
    with sqlite3.connect(live_log.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
