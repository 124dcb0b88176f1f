"""What the window's parts hear about: the log was written, or the view of it changed.

Anki's ``operation_did_execute`` in miniature. A write (the form, undo and redo, delete,
an import, a capture, a follow-up ticked) announces a ``LogChange``; a new choice of filters
announces a ``ViewChange`` with the filter resolved once (its committee scope included, so
no pane asks the database the same question again). Each pane subscribes to what it
shows, instead of the window calling every pane by hand after every change; a new pane
subscribes and the window does not change.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, Signal

from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.periods import Period


@dataclasses.dataclass(frozen=True)
class LogChange:
    """The log was written. ``select``: the engagements to select afterwards (the first
    of them in the log's order), if any."""

    select: tuple[int, ...] = ()


@dataclasses.dataclass(frozen=True)
class ViewChange:
    """The period and filter every pane now shows (``data_changed``: after a write)."""

    period: Period | None
    criteria: EngagementFilter
    data_changed: bool = False


class LogEvents(QObject):
    """One per window. ``log_changed`` carries a ``LogChange``, ``view_changed`` a
    ``ViewChange``; both are emitted on the UI thread."""

    log_changed = Signal(object)
    view_changed = Signal(object)

    def announce_write(self, change: LogChange | None = None) -> None:
        self.log_changed.emit(change or LogChange())

    def announce_view(self, view: ViewChange) -> None:
        self.view_changed.emit(view)
