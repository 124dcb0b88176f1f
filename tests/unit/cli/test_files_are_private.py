"""Everything written from a committee's log is its owner's alone, and logs keep no values.

Modes are checked with a permissive umask (022), the usual default that made every one
of these files readable by anyone on the machine before.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from icstracker import user_folders
from icstracker.cli import main
from icstracker.db.backup import backup_dir_for, backup_sqlite

from ..conftest import LiveLog  # noqa: TID252

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _permissive_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_outputs_are_created_private(live_log: LiveLog, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    runs = {
        "everything.xlsx": ["export-all", "--out", str(out / "everything.xlsx")],
        "q3.xlsx": ["export", "--quarter", "2026/27-Q3", "--out", str(out / "q3.xlsx")],
        "sar.json": ["person", "export", "Alice Nobody", "--out", str(out / "sar.json")],
        "copy.sqlite3": ["backup", "--out", str(out / "copy.sqlite3")],
    }
    for args in runs.values():
        code, _, err = live_log.run(*args)
        assert code == 0, err
    sheet = tmp_path / "log.csv"
    sheet.write_text(
        "Date,Area,Type,Title\n2026-11-03,QJK,meeting,Good row\n2026-11-04,Nowhere,meeting,Bad\n",
        encoding="utf-8",
    )
    report = out / "errors.csv"
    code, _, err = live_log.run(
        "import", str(sheet), "--committee", "CP Devon", "--skip-bad-rows", "--report", str(report)
    )
    assert code == 0, err
    written = {p.name: mode(p) for p in out.iterdir()}
    assert written == dict.fromkeys([*runs, "errors.csv"], 0o600)


def test_an_existing_error_report_is_made_private_when_written_again(
    live_log: LiveLog, tmp_path: Path
) -> None:
    from icstracker.services.imports.apply import write_error_report

    report = tmp_path / "errors.csv"
    report.write_text("old\n")
    report.chmod(0o644)

    class _Plan:
        headers: tuple[str, ...] = ()

    write_error_report(_Plan(), (), report)  # type: ignore[arg-type]
    assert mode(report) == 0o600


def test_databases_backups_and_their_folder_are_private(
    live_log: LiveLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = backup_dir_for(live_log.path)
    folder.chmod(0o755)  # as an earlier version left it
    modes_while_writing: list[int] = []
    connect = sqlite3.connect

    def watching(target: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if str(target).endswith(".partial"):
            modes_while_writing.append(mode(Path(str(target))))
        return connect(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", watching)
    code, out, err = live_log.run("backup")
    monkeypatch.undo()
    assert code == 0, err
    assert modes_while_writing == [0o600]  # private before the first page is copied
    assert mode(folder) == 0o700
    assert {mode(p) for p in folder.iterdir()} == {0o600}

    # (init's new file is checked in test_engine; restore makes its own.)
    restored = tmp_path / "new" / "restored.sqlite3"
    copy = backup_sqlite(live_log.path, tmp_path / "copy.sqlite3")
    assert main(["--database", str(restored), "restore", str(copy)]) == 0
    assert mode(restored) == 0o600 and mode(restored.parent) == 0o700


def test_a_failed_write_logs_no_names_and_the_log_is_private(
    live_log: LiveLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICSTRACKER_HOME", str(tmp_path / "home"))
    log = user_folders.log_file()
    log.parent.mkdir(parents=True)
    log.write_text("an older crash\n")
    log.chmod(0o644)
    with sqlite3.connect(live_log.path) as connection:
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON person BEGIN SELECT RAISE(ABORT, 'no'); END"
        )
    connection.close()
    code, _, err = live_log.run(
        "log", "add", "--committee", "CP Devon", "--date", "2026-11-05", "--area", "QJK",
        "--kind", "meeting", "--title", "Budget with Zebedee", "--summary", "private notes",
        "--people", "Zebedee Secretname",
    )  # fmt: skip
    assert code == 70, err
    text = log.read_text(encoding="utf-8")
    assert "IntegrityError" in text and "an older crash" in text
    assert "Secretname" not in text and "private notes" not in text
    assert "parameters hidden" in text
    assert mode(log) == 0o600


def test_erasure_says_the_backups_still_hold_the_name(live_log: LiveLog) -> None:
    code, out, err = live_log.run("person", "erase", "Alice Nobody", "--yes")
    assert code == 0, err
    folder = backup_dir_for(live_log.path)
    assert f"Backups taken before today still hold the old name (2 in {folder})" in out


def test_stale_half_written_files_are_cleared_and_nothing_else(
    live_log: LiveLog, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    backups = backup_dir_for(live_log.path)
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    scratch = live_log.path.parent / ".lpc-restoring-k2j_x9q1"  # a killed restore's
    (scratch / "restoring-backups").mkdir(parents=True)
    (scratch / "restoring.sqlite3").write_bytes(b"half")
    old = [
        out / ".Q3 report.0badc0de.part",
        backups / ".lpc-20260101.0badc0de.partial",
        scratch,
    ]
    keep = [
        out / ".Q2 report.12345678.part",  # young: another window may be writing it
        out / ".notes.part",  # not a name this app makes
        out / "draft.part",
        backups / ".lpc-20260102.12345678.partial",
        live_log.path.parent / ".lpc-restoring-young123",  # a restore running now
    ]
    keep[-1].mkdir()
    for path in old + keep:
        if not path.is_dir():
            path.write_bytes(b"half")
    for path in [*old, keep[1], keep[2]]:
        os.utime(path, (two_days_ago, two_days_ago))
    code, _, err = live_log.run("export-all", "--out", str(out / "everything.xlsx"))
    assert code == 0, err
    assert [p.exists() for p in old] == [False, False, False]
    assert all(p.exists() for p in keep)
