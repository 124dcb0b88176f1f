"""The Map tab as the window first builds it: an empty page until it is shown.

The map needs its hex files read, each layer placed and a graphics scene built; none of
that is needed to open the window, so the real panel (``ui.map_panel``) is imported and
built the first time the tab is shown, and follows the window's filters from then on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout

from icstracker.db.database import Database
from icstracker.services.coverage_status import Thresholds
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.periods import Period
from icstracker.ui.filtered_view import FilteredView
from icstracker.ui.settings import WindowSettings

if TYPE_CHECKING:
    from icstracker.ui.map_panel import MapPanel


class MapTab(FilteredView):
    area_chosen = Signal(str)  # filter the log to this area, as the footprint tree does
    log_for_area = Signal(str)  # log a new engagement for this area

    def __init__(
        self,
        database: Database,
        committee_id: int,
        thresholds: Callable[[], Thresholds],
        settings: WindowSettings | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self._arguments = (database, committee_id, thresholds, settings, today)
        self.panel: MapPanel | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def show_view(self, period: Period | None, criteria: EngagementFilter) -> None:
        self.built().show_view(period, criteria)

    def built(self) -> MapPanel:
        if self.panel is None:
            from icstracker.ui.map_panel import MapPanel

            self.panel = MapPanel(*self._arguments)
            self.panel.area_chosen.connect(self.area_chosen)
            self.panel.log_for_area.connect(self.log_for_area)
            self._layout.addWidget(self.panel)
            self.panel.show()  # now, not once the event loop gets to it: it is asked to draw
            self._layout.activate()
        return self.panel
