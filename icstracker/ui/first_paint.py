"""Acting once a widget has painted: the first look's hand-over, and the bundle's smoke test.

``WhenFirstPainted`` is the one watcher: the first look (``ui/first_look.py``) opens the
database after its page is on screen, and the smoke test closes the window after its.

A packaged app can only be proved to open by opening it: the build's smoke test starts the
bundled program offscreen with ``ICSTRACKER_EXIT_AFTER_FIRST_PAINT=1`` and expects it to
paint the log's first rows, say so on standard error and exit 0. A missing Qt plugin, a
module the packager left out or a resource not found fails there, not on a user's laptop.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView, QWidget

EXIT_AFTER_FIRST_PAINT = "ICSTRACKER_EXIT_AFTER_FIRST_PAINT"


class _Log(Protocol):
    @property
    def first_page_shown(self) -> bool: ...

    def rowCount(self) -> int: ...  # noqa: N802 - Qt's name


def exit_after_first_paint_requested() -> bool:
    return os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1"


class WhenFirstPainted(QObject):
    """Calls ``then`` once, on the event loop's next turn after the first paint of
    ``widget`` for which ``ready()`` holds: the paint is on screen before what follows."""

    def __init__(
        self, widget: QWidget, then: Callable[[], None], ready: Callable[[], bool] = lambda: True
    ) -> None:
        super().__init__(widget)
        self._then = then
        self._ready = ready
        self._fired = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and not self._fired and self._ready():
            self._fired = True
            QTimer.singleShot(0, self._then)
        return False


def exit_after_first_paint(table: QTableView, model: _Log) -> None:
    """Closes ``table``'s window, the way a user closes it, once it has painted its rows."""

    def report_and_close() -> None:
        if sys.stderr is not None:  # pythonw and windowed bundles have no stderr
            sys.stderr.write(f"icstracker: window painted with {model.rowCount()} rows\n")
            sys.stderr.flush()
        table.window().close()

    WhenFirstPainted(table.viewport(), report_and_close, lambda: model.first_page_shown)
