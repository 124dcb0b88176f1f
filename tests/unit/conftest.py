"""A live SQLite log with engagements and backups, and a way to prove a refusal left it be.

Tests of refused operations (an output aimed at the database, a bad restore, a damaged
backup) compare a snapshot taken before with one taken after: the database's content
as SQL, every table's count, and every file in its backups folder byte for byte.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from icstracker.cli import main
from icstracker.db.backup import backup_dir_for, backup_sqlite


@dataclass(frozen=True)
class Snapshot:
    content: str  # sha256 of the database's SQL dump: equal means exactly the same rows
    counts: dict[str, int]
    backups: dict[str, str]  # file name -> sha256, for everything in the backups folder


class LiveLog:
    """A SQLite log holding three engagements of one committee, already backed up."""

    def __init__(self, path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.path = path
        self.capsys = capsys

    def run(self, *args: str) -> tuple[int, str, str]:
        code = main(["--database", str(self.path), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def add(self, title: str, name: str = "Alice Nobody") -> None:
        code, _, err = self.run(
            "log", "add", "--committee", "CP Devon", "--date", "2026-11-02", "--area", "QJK",
            "--kind", "meeting", "--title", title, "--people", name,
        )  # fmt: skip
        assert code == 0, err

    def snapshot(self) -> Snapshot:
        with sqlite3.connect(self.path) as connection:
            dump = "\n".join(connection.iterdump())
            listed = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = [row[0] for row in listed if not row[0].startswith("sqlite_")]
            counts = {
                t: int(connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
                for t in tables
            }
        connection.close()
        folder = backup_dir_for(self.path)
        backups = {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (sorted(folder.iterdir()) if folder.is_dir() else [])
        }
        return Snapshot(hashlib.sha256(dump.encode()).hexdigest(), counts, backups)


@pytest.fixture(scope="session")
def _live_log_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: three engagements naming Alice Nobody, a daily and a manual backup."""
    path = backup_sqlite(sqlite_template, tmp_path_factory.mktemp("live") / "lpc" / "lpc.sqlite3")
    for args in (
        ["committee", "add", "CP Devon", "--area", "QJK"],
        *(
            ["log", "add", "--committee", "CP Devon", "--date", "2026-11-02", "--area", "QJK",
             "--kind", "meeting", "--title", f"Meeting {n}", "--people", "Alice Nobody"]
            for n in range(3)
        ),
        ["backup"],
    ):  # fmt: skip
        assert main(["--database", str(path), *args]) == 0
    return path.parent


@pytest.fixture
def live_log(
    _live_log_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> LiveLog:
    """A private copy of the template folder (database and backups) for one test."""
    folder = shutil.copytree(_live_log_template, tmp_path / "lpc")
    capsys.readouterr()
    log = LiveLog(folder / "lpc.sqlite3", capsys)
    assert log.snapshot().counts["engagement"] == 3
    return log


def damage(path: Path) -> None:
    """Swaps two indexes' pages: every query still works, but the file is no longer sound.

    This is the damage that hides best (a backup copies it page for page, and a user
    notices only much later), so it is the one a backup must catch.
    """
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA writable_schema = ON")
        (ods,), (ons,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name IN "
            "('ix_area_ods_code', 'ix_area_ons_code') ORDER BY name"
        ).fetchall()
        connection.execute(
            "UPDATE sqlite_master SET rootpage = ? WHERE name = 'ix_area_ods_code'", (ons,)
        )
        connection.execute(
            "UPDATE sqlite_master SET rootpage = ? WHERE name = 'ix_area_ons_code'", (ods,)
        )
    connection.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    connection.close()
