"""Remembered settings are upgraded step by step when the app is updated, never wiped."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from icstracker.ui.settings import (
    OLD_TABLE_HEADER_KEY,
    SETTINGS_VERSION,
    UPGRADES,
    WindowSettings,
)


def _write(path: Path, values: dict[str, object]) -> None:
    qt = QSettings(str(path), QSettings.Format.IniFormat)
    for key, value in values.items():
        qt.setValue(key, value)
    qt.sync()


def _read(path: Path, key: str) -> object:
    return QSettings(str(path), QSettings.Format.IniFormat).value(key)


def test_the_version_is_the_number_of_steps() -> None:
    assert SETTINGS_VERSION == len(UPGRADES) == 2


def test_an_older_file_keeps_what_the_user_chose(tmp_path: Path) -> None:
    path = tmp_path / "icstracker.ini"
    _write(
        path,
        {
            "version": 1,
            "filters/period": "2026/27-Q3",
            "filters/search": "pharmacy first",
            "history/author": "A. Chair",
            OLD_TABLE_HEADER_KEY: b"old columns",
        },
    )
    settings = WindowSettings(path)
    assert settings.period == "2026/27-Q3"
    assert settings.search == "pharmacy first"
    assert settings.author_name == "A. Chair"
    assert _read(path, OLD_TABLE_HEADER_KEY) is None  # the step from 1 to 2 drops it
    assert int(str(_read(path, "version"))) == SETTINGS_VERSION
    kept = tmp_path / "icstracker.ini.v1"  # a copy of the file as it was, first
    assert kept.exists() and "pharmacy first" in kept.read_text(encoding="utf-8")
    assert _read(kept, OLD_TABLE_HEADER_KEY) is not None


def test_an_unversioned_file_starts_afresh_and_a_new_one_needs_no_copy(tmp_path: Path) -> None:
    old = tmp_path / "old.ini"
    _write(old, {"filters/period": "2020/21-Q1"})
    assert WindowSettings(old).period == ""
    assert (tmp_path / "old.ini.v0").exists()
    fresh = tmp_path / "fresh.ini"
    WindowSettings(fresh)
    assert int(str(_read(fresh, "version"))) == SETTINGS_VERSION
    assert not (tmp_path / "fresh.ini.v0").exists()


def test_a_newer_file_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "icstracker.ini"
    _write(path, {"version": SETTINGS_VERSION + 5, "filters/kind": "call", "new/key": "x"})
    settings = WindowSettings(path)
    assert settings.kind == "call"
    assert int(str(_read(path, "version"))) == SETTINGS_VERSION + 5
    assert _read(path, "new/key") == "x"
