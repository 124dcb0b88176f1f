"""ICSTRACKER_HOME keeps every file ICS Tracker writes in one folder, on every platform."""

from __future__ import annotations

from pathlib import Path

import pytest

from icstracker import user_folders
from icstracker.db.engine import default_database_path


def test_home_holds_database_settings_and_logs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(user_folders.HOME_ENV, str(tmp_path / "portable"))
    assert default_database_path() == tmp_path / "portable" / "data" / "icstracker.sqlite3"
    assert user_folders.config_folder() == tmp_path / "portable" / "config"
    assert user_folders.log_file() == tmp_path / "portable" / "logs" / "icstracker.log"


def test_without_home_the_platform_folders_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_dir

    monkeypatch.setenv(user_folders.HOME_ENV, " ")
    assert user_folders.data_folder() == Path(user_data_dir("ICS Tracker", appauthor=False))
