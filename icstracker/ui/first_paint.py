"""Closing the window once it has painted its first page of the log: the bundle's smoke test.

A packaged app can only be proved to open by opening it: the build's smoke test starts the
bundled program offscreen with ``ICSTRACKER_EXIT_AFTER_FIRST_PAINT=1`` and expects it to
paint the log's first rows, say so on standard error and exit 0. A missing Qt plugin, a
module the packager left out or a resource not found fails there, not on a user's laptop.
"""

from __future__ import annotations

import os
import sys
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView

EXIT_AFTER_FIRST_PAINT = "ICSTRACKER_EXIT_AFTER_FIRST_PAINT"


class _Log(Protocol):
    @property
    def first_page_shown(self) -> bool: ...

    def rowCount(self) -> int: ...  # noqa: N802 - Qt's name


def exit_after_first_paint_requested() -> bool:
    return os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1"


class ExitAfterFirstPaint(QObject):
    """Closes the window just after the first paint of ``table`` showing its rows."""

    def __init__(self, table: QTableView, model: _Log) -> None:
        super().__init__(table)
        self._model = model
        self._window = table.window()
        self._fired = False
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and not self._fired and self._model.first_page_shown:
            self._fired = True
            if sys.stderr is not None:  # pythonw and windowed bundles have no stderr
                sys.stderr.write(f"icstracker: window painted with {self._model.rowCount()} rows\n")
                sys.stderr.flush()
            QTimer.singleShot(0, self._window.close)  # the way a user closes it
        return False
