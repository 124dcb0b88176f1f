"""A backup's new name is synced to disk where the system can, and skipped where it can't."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from icstracker import durable
from icstracker.db.backup import backup_sqlite
from icstracker.durable import sync_folder


def test_a_folder_is_synced_on_posix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(durable.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    assert sync_folder(tmp_path) is True
    assert len(synced) == 1


def test_windows_skips_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(durable.sys, "platform", "win32")
    assert sync_folder(tmp_path) is False


def test_a_file_system_that_refuses_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_fd: int) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(durable.os, "fsync", refuse)
    assert sync_folder(tmp_path) is False
    assert sync_folder(tmp_path / "gone") is False


def test_a_backup_syncs_the_folder_it_was_written_to(
    sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders: list[Path] = []
    monkeypatch.setattr("icstracker.db.backup.sync_folder", folders.append)
    written = backup_sqlite(sqlite_template, tmp_path / "backups" / "copy.sqlite3")
    assert folders == [written.parent]
