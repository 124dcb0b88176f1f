"""No output the user names may land on the database, its working files or its backups.

Each case aims a real command at a path that means the live database (or something of
it) in a different way, and checks that the command is refused with exit 6 and one
sentence, and that the database, its backups and every count are exactly as before.
"""

from __future__ import annotations

import ntpath
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from icstracker import file_safety
from icstracker.db.backup import backup_dir_for

from ..conftest import LiveLog  # noqa: TID252

COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "export-all": lambda out: ["export-all", "--out", out],
    "quarterly export": lambda out: [
        "export", "--quarter", "2026/27-Q3", "--committee", "CP Devon", "--out", out,
    ],
    "person export": lambda out: ["person", "export", "Alice Nobody", "--out", out],
    "backup --out": lambda out: ["backup", "--out", out],
}  # fmt: skip


def _target(log: LiveLog, name: str) -> str:
    database = log.path
    folder = backup_dir_for(database)
    if name == "a symlink to it":
        link = database.parent.parent / "innocent.xlsx"
        link.symlink_to(database)
        return str(link)
    if name == "a relative path":
        os.chdir(database.parent)  # the test's monkeypatch.chdir puts it back
        return os.path.join("..", "lpc", ".", database.name)
    if name == "a backup":
        return str(next(p for p in folder.iterdir() if p.suffix == ".sqlite3"))
    if name == "another database":
        other = database.parent.parent / "other-lpc.sqlite3"
        sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
        return str(other)
    return {
        "the database": str(database),
        "its -wal": str(database) + "-wal",
        "its -shm": str(database) + "-shm",
        "its -journal": str(database) + "-journal",
        "a new name in the backups folder": str(folder / "mine.xlsx"),
    }[name]


ALL_TARGETS = [
    "the database", "a symlink to it", "a relative path", "its -wal", "its -shm",
    "its -journal", "a backup", "a new name in the backups folder", "another database",
]  # fmt: skip
CASES = [("export-all", t) for t in ALL_TARGETS] + [
    # The report adds ".xlsx" to a name without it, so only these reach the database.
    ("quarterly export", "a symlink to it"),
    ("quarterly export", "a new name in the backups folder"),
    ("person export", "the database"),
    ("person export", "a relative path"),
    ("person export", "a new name in the backups folder"),
    ("backup --out", "a symlink to it"),
    ("backup --out", "its -wal"),
    ("backup --out", "a new name in the backups folder"),
]


@pytest.mark.parametrize(("command", "target"), CASES)
def test_an_output_aimed_at_the_database_is_refused_and_changes_nothing(
    live_log: LiveLog, command: str, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(live_log.path.parent.parent)
    out = _target(live_log, target)
    before = live_log.snapshot()
    code, stdout, err = live_log.run(*COMMANDS[command](out))
    assert code == 6, err
    assert err.startswith("icstracker: Cannot save the ") and err.count("\n") == 1, err
    assert stdout == ""
    assert live_log.snapshot() == before


def test_a_case_changed_path_is_the_database_on_windows(
    live_log: LiveLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows file names ignore case: LPC.SQLITE3 is lpc.sqlite3 and must be refused."""
    monkeypatch.setattr(file_safety.os.path, "normcase", ntpath.normcase)
    shouted = live_log.path.with_name(live_log.path.name.upper())
    before = live_log.snapshot()
    code, _, err = live_log.run("export-all", "--out", str(shouted))
    assert code == 6, err
    assert "that is the database" in err
    assert live_log.snapshot() == before
    assert not shouted.exists()


def test_the_import_error_report_is_refused_before_any_row_is_written(
    live_log: LiveLog, tmp_path: Path
) -> None:
    sheet = tmp_path / "log.csv"
    sheet.write_text(
        "Date,Area,Type,Title\n2026-11-03,QJK,meeting,Good row\nnot a date,QJK,meeting,Bad\n",
        encoding="utf-8",
    )
    before = live_log.snapshot()
    code, _, err = live_log.run(
        "import", str(sheet), "--committee", "CP Devon", "--skip-bad-rows",
        "--report", str(live_log.path),
    )  # fmt: skip
    assert code == 6, err
    assert "that is the database" in err
    assert live_log.snapshot() == before


def test_the_error_report_writer_itself_refuses_the_database(live_log: LiveLog) -> None:
    """The window writes the report through the same function, so it checks too."""
    from icstracker.db.database import Database
    from icstracker.db.engine import sqlite_url
    from icstracker.errors import OutputFileError
    from icstracker.services.imports.apply import write_error_report

    Database(sqlite_url(live_log.path)).dispose()  # the window has it open
    before = live_log.snapshot()
    with pytest.raises(OutputFileError, match="that is the database"):
        write_error_report(None, (), Path(str(live_log.path) + "-wal"))  # type: ignore[arg-type]
    assert not Path(str(live_log.path) + "-wal").exists()
    assert live_log.snapshot() == before


def test_an_ordinary_output_beside_the_database_is_still_written(
    live_log: LiveLog, tmp_path: Path
) -> None:
    """The check must not refuse everything near the database: only the database itself."""
    out = live_log.path.parent / "lpc-export.xlsx"
    code, _, err = live_log.run("export-all", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes()[:2] == b"PK"
    code, _, err = live_log.run(
        "person", "export", "Alice Nobody", "--out", str(tmp_path / "a.json")
    )
    assert code == 0, err
    assert "Alice Nobody" in (tmp_path / "a.json").read_text(encoding="utf-8")
