"""Window state remembered between sessions, in one INI file in the user's config folder.

An explicit file (not the Windows registry or a platform default) means tests can point
it elsewhere and a user can find, copy or delete it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from icstracker import user_folders
from icstracker.errors import IcsTrackerError
from icstracker.services.coverage_status import Thresholds

SETTINGS_VERSION = 1
# The log's columns (widths, order, hidden). A new key when their layout changed: columns
# saved as "log/header" had Title last, off-screen on a laptop, and are not restored.
TABLE_HEADER_KEY = "log/columns"


def settings_path() -> Path:
    return user_folders.config_folder() / "icstracker.ini"


class WindowSettings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qt = QSettings(str(self.path), QSettings.Format.IniFormat)
        if int(self._qt.value("version", 0)) != SETTINGS_VERSION:
            self._qt.clear()
            self._qt.setValue("version", SETTINGS_VERSION)

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
