"""Where ICS Tracker keeps a user's database, settings and logs.

By default the platform's own folders (platformdirs: ``%LOCALAPPDATA%`` on Windows,
``~/.local/share`` and friends elsewhere). ``ICSTRACKER_HOME`` puts all three under one
folder instead: a portable install on a USB stick or a shared drive, where a user has
no admin rights, and the test suite, which must never touch a real user's files on any
platform (platformdirs ignores the XDG variables on Windows and macOS).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir, user_log_dir

APP_NAME = "ICS Tracker"
HOME_ENV = "ICSTRACKER_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def data_folder() -> Path:
    home = _home()
    return home / "data" if home else Path(user_data_dir(APP_NAME, appauthor=False))


def config_folder() -> Path:
    home = _home()
    return home / "config" if home else Path(user_config_dir(APP_NAME, appauthor=False))


def log_folder() -> Path:
    home = _home()
    return home / "logs" if home else Path(user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    return log_folder() / "icstracker.log"
