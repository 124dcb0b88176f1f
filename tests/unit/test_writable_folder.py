"""The database's folder is proved writable at start, and a refusal names it and the way out.

Tests run as root in CI, where file modes do not stop a write, so the operating system's
refusals are raised where the app meets them (``os.open``, a read of the database).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from icstracker import writable_folder
from icstracker.cli import main
from icstracker.db.backup import backup_sqlite
from icstracker.db.setup import open_database
from icstracker.errors import DatabaseError, FolderNotWritableError
from icstracker.writable_folder import PLACEHOLDER, check_database_folder, is_placeholder


def _refusing_writes(monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    real_open = os.open

    def refusing(path: object, *args: object) -> int:
        if ".icstracker-write-check." in str(path):
            raise error
        return real_open(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(writable_folder.os, "open", refusing)


def test_a_writable_folder_passes_and_keeps_nothing_of_the_check(tmp_path: Path) -> None:
    check_database_folder(tmp_path / "lpc.sqlite3")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_made(tmp_path: Path) -> None:
    check_database_folder(tmp_path / "new" / "data" / "lpc.sqlite3")
    assert (tmp_path / "new" / "data").is_dir()


def test_a_read_only_drive_is_named_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refusing_writes(monkeypatch, OSError(errno.EROFS, "Read-only file system"))
    with pytest.raises(FolderNotWritableError) as refused:
        check_database_folder(tmp_path / "lpc.sqlite3")
    message = refused.value.message
    assert message.startswith(f"ICS Tracker cannot write to the folder {tmp_path} ")
    assert "(Read-only file system)" in message
    assert "network drive" in message and "ICSTRACKER_HOME" in message
    assert isinstance(refused.value, DatabaseError) and refused.value.exit_code == 5


def test_a_folder_that_cannot_be_made_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_mkdir(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(Path, "mkdir", no_mkdir)
    with pytest.raises(FolderNotWritableError) as refused:
        check_database_folder(tmp_path / "H" / "lpc.sqlite3")
    assert refused.value.message.startswith(
        f"{tmp_path / 'H' / 'lpc.sqlite3'} cannot be created: its folder {tmp_path / 'H'} "
        "cannot be made (Access is denied)."
    )


def test_a_cloud_placeholder_is_told_by_its_windows_attributes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "lpc.sqlite3"
    file.write_bytes(b"x")
    assert not is_placeholder(file)  # no such attributes off Windows
    for attributes, expected in ((0x400000, True), (0x1000, True), (0x20, False)):
        monkeypatch.setattr(
            writable_folder.os,
            "stat",
            lambda _p, a=attributes: SimpleNamespace(st_file_attributes=a),
        )
        assert is_placeholder(file) is expected
    assert PLACEHOLDER & 0x40000


def test_an_online_only_database_that_cannot_be_fetched_is_refused_before_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "lpc.sqlite3"
    database.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    monkeypatch.setattr(writable_folder, "is_placeholder", lambda _p: True)
    real_open = Path.open

    def offline(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == database:
            raise OSError(errno.EIO, "The cloud file provider is not running")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", offline)
    with pytest.raises(FolderNotWritableError) as refused:
        check_database_folder(database)
    assert f"The database {database} is stored online only" in refused.value.message
    assert "Always keep on this device" in refused.value.message


def test_an_online_only_database_that_downloads_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "lpc.sqlite3"
    database.write_bytes(b"x" * 3_000_000)
    monkeypatch.setattr(writable_folder, "is_placeholder", lambda _p: True)
    check_database_folder(database)


def test_opening_checks_before_any_file_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refusing_writes(monkeypatch, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(FolderNotWritableError):
        open_database(str(tmp_path / "new.sqlite3"))
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_says_it_in_one_line_and_exits_5(
    sqlite_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = backup_sqlite(sqlite_template, tmp_path / "lpc.sqlite3")
    _refusing_writes(monkeypatch, OSError(errno.EROFS, "Read-only file system"))
    code = main(["--database", str(database), "list"])
    err = capsys.readouterr().err
    assert code == 5
    assert err.startswith(f"icstracker: ICS Tracker cannot write to the folder {tmp_path} ")
    assert len(err.strip().splitlines()) == 1
