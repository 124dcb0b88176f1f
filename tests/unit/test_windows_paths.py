"""The main file paths run where Windows leaves out POSIX calls.

CI is Linux; the users are mostly on Windows laptops. Here the calls Windows lacks
(``os.fchmod``, ``os.O_DIRECTORY``) are taken away and the platform switches set, then a
user's files are made the way the app makes them: a private file and folder, a log opened
to append, a backup (linked into place, or renamed on FAT with no hard links, its folder
sync skipped) and a report renamed into place with ``os.replace``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from icstracker import durable, file_safety
from icstracker.db import backup as backup_module
from icstracker.db.backup import backup_sqlite
from icstracker.output_files import reserve_beside, saved


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_safety, "_WINDOWS", True)
    monkeypatch.setattr(durable.sys, "platform", "win32")
    monkeypatch.delattr(os, "fchmod")
    monkeypatch.delattr(os, "O_DIRECTORY")


@pytest.mark.usefixtures("windows")
def test_private_files_and_folders_need_no_posix_calls(tmp_path: Path) -> None:
    folder = file_safety.private_folder(tmp_path / "backups")
    file_safety.create_private(folder / "new.part")
    with file_safety.open_private(folder / "icstracker.log", "a", encoding="utf-8") as log:
        log.write("started\n")
    with file_safety.open_private(folder / "icstracker.log", "a", encoding="utf-8") as log:
        log.write("again\n")
    assert (folder / "icstracker.log").read_text(encoding="utf-8") == "started\nagain\n"
    assert durable.sync_folder(folder) is False


@pytest.mark.usefixtures("windows")
@pytest.mark.parametrize("hard_links", [True, False], ids=["ntfs", "fat-usb-stick"])
def test_a_backup_is_written_and_numbered(
    sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    if not hard_links:

        def no_links(*_args: object) -> None:
            raise OSError(1, "Operation not permitted")

        monkeypatch.setattr(backup_module.os, "link", no_links)
    first = backup_sqlite(sqlite_template, tmp_path / "b" / "copy.sqlite3", numbered=True)
    second = backup_sqlite(sqlite_template, tmp_path / "b" / "copy.sqlite3", numbered=True)
    assert (first.name, second.name) == ("copy.sqlite3", "copy-2.sqlite3")
    assert [p.name for p in sorted((tmp_path / "b").iterdir())] == [
        "copy-2.sqlite3",
        "copy.sqlite3",
    ]


@pytest.mark.usefixtures("windows")
def test_a_report_replaces_an_older_one_in_place(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"last quarter's")
    temporary = reserve_beside(out, "report")
    temporary.write_bytes(b"this quarter's")
    saved(lambda: os.replace(temporary, out), out, "report")
    assert out.read_bytes() == b"this quarter's"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
