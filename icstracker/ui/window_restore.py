"""The main window as the user left it: size and place, panes, columns and filters.

Read from ``WindowSettings`` once as the window is built (before the log is first read, so
it is read for the remembered filters, not for the defaults and then again) and written
back when it closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from icstracker.ui.filter_bar import FilterState
from icstracker.ui.navigator import ID_ROLE
from icstracker.ui.window_geometry import keep_on_screen

if TYPE_CHECKING:
    from icstracker.ui.main_window import MainWindow


def restore_window(window: MainWindow) -> None:
    s = window.settings
    if s.geometry is not None:
        window.restoreGeometry(s.geometry)
        keep_on_screen(window)  # saved on a larger monitor than this one, perhaps
    if s.window_state is not None:
        window.restoreState(s.window_state)
    if s.splitter is not None:
        window.splitter.restoreState(s.splitter)
    if s.table_header is not None:
        window.table.horizontalHeader().restoreState(s.table_header)
    bar = window.filter_bar
    bar.set_state(FilterState(s.period, s.level, s.area_code, s.search, s.kind, s.topic))
    item = window.tree_model.item_for(s.area_code) if s.area_code else None
    if item is not None:
        with bar.quiet():
            window.tree.setCurrentIndex(item.index())
            window._area_code = s.area_code
            window._area_id = int(item.data(ID_ROLE))


def save_window(window: MainWindow) -> None:
    s = window.settings
    s.geometry = window.saveGeometry()
    s.reminder_shown = not window.reminder.isHidden()
    s.window_state = window.saveState()
    s.splitter = window.splitter.saveState()
    s.table_header = window.table.horizontalHeader().saveState()
    state = window.filter_bar.state(window._area_code)
    s.period = state.period
    s.search = state.search
    s.kind = state.kind
    s.topic = state.topic
    s.level = state.level
    s.area_code = state.area_code
    s.coverage_thresholds = window.coverage_panel.thresholds
    s.sync()
