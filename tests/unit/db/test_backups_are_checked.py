"""A backup is only ever a good, self-contained copy, and a bad one never pushes good ones out."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from icstracker.db.backup import backup_dir_for, backup_sqlite, default_backup_path, read_only_uri
from icstracker.db.rolling_backups import daily_backups, take_daily_backup
from icstracker.errors import DatabaseCorruptError, OutputFileError

from ..conftest import LiveLog, damage  # noqa: TID252


def test_backup_of_a_damaged_database_is_refused_and_writes_nothing(live_log: LiveLog) -> None:
    damage(live_log.path)
    before = live_log.snapshot()
    code, out, err = live_log.run("backup")
    assert code == 5, err
    assert "is damaged" in err and "no backup was written" in err and err.count("\n") == 1
    assert out == ""
    assert live_log.snapshot() == before  # no new file, no partial, nothing removed


def test_backup_to_a_named_file_of_a_damaged_database_leaves_no_file(
    live_log: LiveLog, tmp_path: Path
) -> None:
    damage(live_log.path)
    target = tmp_path / "copy.sqlite3"
    assert live_log.run("backup", "--out", str(target))[0] == 5
    assert list(tmp_path.iterdir()) == [live_log.path.parent]  # no copy, no hidden partial


def test_the_daily_backup_never_rotates_a_damaged_copy_in_nor_good_ones_out(
    live_log: LiveLog, caplog: pytest.LogCaptureFixture
) -> None:
    folder = backup_dir_for(live_log.path)
    now = dt.datetime(2027, 3, 1, 9, 0)
    for days in range(1, 60, 4):  # fifteen good daily copies over two months
        taken = now - dt.timedelta(days=days)
        backup_sqlite(live_log.path, default_backup_path(live_log.path, "daily", taken))
    damage(live_log.path)
    before = live_log.snapshot()
    with caplog.at_level(logging.WARNING):
        assert take_daily_backup(live_log.path, now=now) is None
    assert "is damaged" in caplog.text
    assert live_log.snapshot() == before
    assert len(daily_backups(live_log.path)) == len([*folder.glob("*-daily.sqlite3")]) >= 15


def test_a_backup_is_one_self_contained_file(live_log: LiveLog, tmp_path: Path) -> None:
    """A WAL-mode copy cannot even be read where no -shm can be made (a read-only stick)."""
    copy = backup_sqlite(live_log.path, tmp_path / "stick" / "copy.sqlite3")
    header = copy.read_bytes()[:20]
    assert (header[18], header[19]) == (1, 1)  # rollback journal, not WAL (2, 2)
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy.sqlite3"]
    # Read as from a read-only medium: immutable means SQLite creates no side file at all.
    with sqlite3.connect(read_only_uri(copy) + "&immutable=1", uri=True) as connection:
        assert connection.execute("SELECT count(*) FROM engagement").fetchone() == (3,)
    connection.close()
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy.sqlite3"]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX modes")
def test_a_backup_on_a_read_only_folder_restores(live_log: LiveLog, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    copy = backup_sqlite(live_log.path, stick / "copy.sqlite3")
    stick.chmod(0o500)
    try:
        code, _, err = live_log.run("restore", str(copy))
    finally:
        stick.chmod(0o700)
    assert code == 0, err


def test_two_backups_in_the_same_second_both_survive(live_log: LiveLog) -> None:
    name = default_backup_path(live_log.path, "manual", dt.datetime(2027, 1, 1, 12))
    first = backup_sqlite(live_log.path, name)
    live_log.add("Between the two")
    second = backup_sqlite(live_log.path, name)  # the name both processes chose
    assert first == name and second == name.with_name(name.stem + "-2.sqlite3")
    with sqlite3.connect(first) as a, sqlite3.connect(second) as b:
        assert a.execute("SELECT count(*) FROM engagement").fetchone() == (3,)
        assert b.execute("SELECT count(*) FROM engagement").fetchone() == (4,)
    a.close()
    b.close()


def test_a_named_backup_never_replaces_a_file(live_log: LiveLog, tmp_path: Path) -> None:
    target = tmp_path / "mine.sqlite3"
    backup_sqlite(live_log.path, target)
    kept = target.read_bytes()
    with pytest.raises(OutputFileError, match="already exists"):
        backup_sqlite(live_log.path, target, numbered=False)
    assert target.read_bytes() == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lpc", "mine.sqlite3"]


def test_a_file_that_is_not_a_database_cannot_be_backed_up(tmp_path: Path) -> None:
    fake = tmp_path / "lpc.sqlite3"
    fake.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(DatabaseCorruptError, match="is damaged"):
        backup_sqlite(fake, tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lpc.sqlite3"]
