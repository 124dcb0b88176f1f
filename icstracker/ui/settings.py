"""Window state remembered between sessions, in one INI file in the user's config folder.

An explicit file (not the Windows registry or a platform default) means tests can point
it elsewhere and a user can find, copy or delete it.

The file says which version of this layout wrote it. A file from an older version is
upgraded step by step (``UPGRADES``: the step from version N to N+1), after a copy of it
is kept beside it (``icstracker.ini.vN``), as Picard does; nothing the user chose is thrown
away because the app was updated. A file from a newer version is read as it is (unknown
keys are ignored) and keeps its version, so going back to an older release and forward
again loses nothing either.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from icstracker import user_folders
from icstracker.errors import IcsTrackerError
from icstracker.services.coverage_status import Thresholds

# The log's columns (widths, order, hidden). A new key when their layout changed: columns
# saved as "log/header" had Title last, off-screen on a laptop, and are not restored.
TABLE_HEADER_KEY = "log/columns"
OLD_TABLE_HEADER_KEY = "log/header"


def _from_unversioned(qt: QSettings) -> None:
    """Files written before settings had a version: nothing is known of their keys."""
    qt.clear()


def _drop_old_columns(qt: QSettings) -> None:
    """Version 1 kept the columns of the old layout (Title last) under "log/header"; they
    were never read again, so they go."""
    qt.remove(OLD_TABLE_HEADER_KEY)


# The step from version N (the index) to N+1. A change to what a key means adds a step
# here; the version is then simply the number of steps.
UPGRADES: tuple[Callable[[QSettings], None], ...] = (_from_unversioned, _drop_old_columns)
SETTINGS_VERSION = len(UPGRADES)


def _version(qt: QSettings) -> int:
    try:
        return int(str(qt.value("version", 0)))
    except ValueError:
        return 0


def upgrade_settings(qt: QSettings, path: Path) -> int:
    """Brings a settings file up to ``SETTINGS_VERSION``, a copy of the old one kept
    beside it first; returns the version it was."""
    found = _version(qt)
    if found >= SETTINGS_VERSION:
        return found
    if path.exists() and path.stat().st_size:
        qt.sync()
        shutil.copyfile(path, path.with_name(f"{path.name}.v{found}"))
    for step in range(max(found, 0), SETTINGS_VERSION):
        UPGRADES[step](qt)
        qt.setValue("version", step + 1)
    qt.sync()
    return found


def settings_path() -> Path:
    return user_folders.config_folder() / "icstracker.ini"


class WindowSettings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qt = QSettings(str(self.path), QSettings.Format.IniFormat)
        upgrade_settings(self._qt, self.path)

    def _text(self, key: str, default: str = "") -> str:
        value = self._qt.value(key, default)
        return str(value) if value is not None else default

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qt.value(key)
        return value if isinstance(value, QByteArray) else None

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._qt.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._qt.setValue("window/state", value)

    @property
    def splitter(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    @splitter.setter
    def splitter(self, value: QByteArray) -> None:
        self._qt.setValue("window/splitter", value)

    @property
    def table_header(self) -> QByteArray | None:
        return self._bytes(TABLE_HEADER_KEY)

    @table_header.setter
    def table_header(self, value: QByteArray) -> None:
        self._qt.setValue(TABLE_HEADER_KEY, value)

    @property
    def reminder_shown(self) -> bool:
        """Whether the overdue reminder was showing when the window last closed
        (``reminder_line``)."""
        return self._text("window/reminder_shown") == "true"

    @reminder_shown.setter
    def reminder_shown(self, value: bool) -> None:
        self._qt.setValue("window/reminder_shown", "true" if value else "false")

    @property
    def period(self) -> str:
        return self._text("filters/period")

    @period.setter
    def period(self, value: str) -> None:
        self._qt.setValue("filters/period", value)

    @property
    def level(self) -> str:
        return self._text("filters/level")

    @level.setter
    def level(self, value: str) -> None:
        self._qt.setValue("filters/level", value)

    @property
    def area_code(self) -> str:
        return self._text("filters/area")

    @area_code.setter
    def area_code(self, value: str) -> None:
        self._qt.setValue("filters/area", value)

    @property
    def search(self) -> str:
        return self._text("filters/search")

    @search.setter
    def search(self, value: str) -> None:
        self._qt.setValue("filters/search", value)

    @property
    def kind(self) -> str:
        return self._text("filters/kind")

    @kind.setter
    def kind(self, value: str) -> None:
        self._qt.setValue("filters/kind", value)

    @property
    def topic(self) -> str:
        return self._text("filters/topic")

    @topic.setter
    def topic(self, value: str) -> None:
        self._qt.setValue("filters/topic", value)

    @property
    def last_folder(self) -> str:
        """The folder a file was last saved to or opened from; "" until one was."""
        return self._text("files/last_folder")

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self._qt.setValue("files/last_folder", value)

    @property
    def coverage_thresholds(self) -> Thresholds:
        """The committee's amber and red days for coverage; defaults if unset or nonsense."""
        try:
            return Thresholds(
                int(self._text("coverage/amber_days", "45")),
                int(self._text("coverage/red_days", "90")),
            )
        except (ValueError, IcsTrackerError):
            return Thresholds()

    @coverage_thresholds.setter
    def coverage_thresholds(self, value: Thresholds) -> None:
        self._qt.setValue("coverage/amber_days", value.amber_after_days)
        self._qt.setValue("coverage/red_days", value.red_after_days)

    @property
    def author_name(self) -> str:
        """Who this computer's changes are recorded under on SQLite; "" for the account."""
        return self._text("history/author")

    @author_name.setter
    def author_name(self, value: str) -> None:
        self._qt.setValue("history/author", value)

    def sync(self) -> None:
        self._qt.sync()
