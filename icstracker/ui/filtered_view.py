"""A tab that shows the window's period and filter, recomputed only while it is visible.

The Coverage and Charts tabs each cost a few queries; doing them on every filter change
while another tab is showing would slow the log for nothing. The latest period and
filter are remembered and drawn when the tab is next shown. A tab hears of new filters
and of writes by subscribing to the window's ``LogEvents`` (``follow``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.periods import Period
from icstracker.ui.log_events import LogChange, LogEvents, ViewChange


class FilteredView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self._wanted: tuple[Period | None, EngagementFilter] | None = None

    def set_view(self, period: Period | None, criteria: EngagementFilter) -> None:
        """The window's period and filter; recomputed now if shown, else when next shown."""
        self._wanted = (period, criteria)
        if self.isVisible():
            self.refresh()

    def follow(self, events: LogEvents) -> None:
        """Subscribes to the window's changes: a new view is drawn if it differs from the
        one shown (or the data changed); a write is read again while the tab is shown."""
        events.view_changed.connect(self.view_changed)
        events.log_changed.connect(self.log_changed)

    def view_changed(self, view: ViewChange) -> None:
        if view.data_changed or (view.period, view.criteria) != self._wanted:
            self.set_view(view.period, view.criteria)

    def log_changed(self, _change: LogChange) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        if self._wanted is not None:
            self.show_view(*self._wanted)

    def show_view(self, period: Period | None, criteria: EngagementFilter) -> None:
        raise NotImplementedError
