"""Restoring a backup, and the daily copies taken on start."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from icstracker.cli import main
from icstracker.db.backup import backup_dir_for, backup_sqlite
from icstracker.db.engine import sqlite_url
from icstracker.db.rolling_backups import (
    DailyBackup,
    backups_to_keep,
    daily_backups,
    take_daily_backup,
)
from icstracker.db.setup import open_database


def _count(path: Path, table: str = "engagement") -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _log(database: Path, title: str) -> None:
    args = ["--database", str(database), "log", "add", "--committee", "CP Devon"]
    assert (
        main(
            [*args, "--date", "2026-11-02", "--area", "QJK", "--kind", "meeting", "--title", title]
        )
        == 0
    )


@pytest.fixture
def database(sqlite_template: Path, tmp_path: Path) -> Path:
    return backup_sqlite(sqlite_template, tmp_path / "lpc" / "lpc.sqlite3")


def test_restore_puts_the_backup_back_and_keeps_what_it_replaced(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _log(database, "Before the backup")
    saved = backup_sqlite(database, tmp_path / "saved.sqlite3")
    _log(database, "After the backup")
    capsys.readouterr()
    assert main(["--database", str(database), "restore", str(saved)]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "1 engagements" in out
    assert _count(database) == 1
    (previous,) = backup_dir_for(database).glob("*before-restore*")
    assert _count(previous) == 2
    assert str(previous) in out


@pytest.mark.parametrize(
    ("make", "words", "code"),
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 a zip, not a database"), "not a database file", 5),
        (lambda p: p.write_text("code,name\n"), "not a database file", 5),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(),
            "not an ICS Tracker database",
            5,
        ),
        (lambda p: None, "There is no file", 5),
    ],
)
def test_a_bad_file_is_refused_and_the_database_is_untouched(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: object,
    words: str,
    code: int,
) -> None:
    _log(database, "Keep me")
    bad = tmp_path / "bad.sqlite3"
    make(bad)  # type: ignore[operator]
    capsys.readouterr()
    assert main(["--database", str(database), "restore", str(bad)]) == code
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1
    assert _count(database) == 1
    assert not list(backup_dir_for(database).glob("*before-restore*"))


def test_a_backup_from_a_newer_version_is_refused(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newer = backup_sqlite(database, tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    assert main(["--database", str(database), "restore", str(newer)]) == 5
    assert "newer version of ICS Tracker" in capsys.readouterr().err


def test_a_damaged_backup_is_refused(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = backup_sqlite(database, tmp_path / "damaged.sqlite3")
    data = bytearray(damaged.read_bytes())
    data[8192:16384] = b"\xff" * 8192  # overwrite pages in the middle of the file
    damaged.write_bytes(bytes(data))
    assert main(["--database", str(database), "restore", str(damaged)]) == 5
    assert "damaged" in capsys.readouterr().err


def test_opening_takes_one_backup_a_day(database: Path) -> None:
    open_database(sqlite_url(database)).database.dispose()
    open_database(sqlite_url(database)).database.dispose()
    (first,) = daily_backups(database)
    assert first.taken.date() == dt.date.today()
    assert _count(first.path, "area") == _count(database, "area")
    later = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(9))
    assert take_daily_backup(database, now=later) is not None
    assert len(daily_backups(database)) == 2


def test_seven_days_then_four_weeks_are_kept() -> None:
    newest = dt.datetime(2026, 11, 23, 9, 0)  # a Monday
    backups = [
        DailyBackup(Path(f"b{n}"), newest - dt.timedelta(days=n // 2, hours=n % 2))
        for n in range(2 * 60)  # two a day for sixty days
    ]
    kept = sorted((b for b in backups if b.path in backups_to_keep(backups)), key=lambda b: b.taken)
    days = [b.taken.date() for b in kept]
    assert days[-7:] == [newest.date() - dt.timedelta(days=n) for n in range(6, -1, -1)]
    assert all(b.taken.hour == 9 for b in kept)  # the newest of each day
    weekly = days[:-7]
    assert len(weekly) == 4
    assert len({d.isocalendar().week for d in weekly}) == 4
    assert all(d.weekday() == 6 for d in weekly)  # each week's newest is its Sunday
    assert weekly == [
        dt.date(2026, 10, 25),
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 8),
        dt.date(2026, 11, 15),
    ]


def test_a_clock_gone_back_never_loses_the_new_copy(database: Path) -> None:
    autumn = dt.datetime(2026, 9, 1, 9)
    for day in range(60):
        take_daily_backup(database, now=autumn + dt.timedelta(days=day))
    january = dt.datetime(2026, 1, 5, 9)
    written = take_daily_backup(database, now=january)
    assert written is not None and written.exists()
    assert len(daily_backups(database)) >= 12  # the autumn copies are kept too


def test_a_database_name_with_brackets_is_pruned(sqlite_template: Path, tmp_path: Path) -> None:
    database = backup_sqlite(sqlite_template, tmp_path / "LPC [Devon].sqlite3")
    start = dt.datetime(2026, 9, 1, 9)
    for day in range(40):
        take_daily_backup(database, now=start + dt.timedelta(days=day))
    assert 7 < len(daily_backups(database)) <= 11
