"""The Charts tab draws the report services' numbers, for the window's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCharts import QBarSeries

from icstracker.ui.charts_panel import four_quarters_to
from icstracker.ui.main_window import MainWindow


def test_four_quarters_end_with_the_one_shown() -> None:
    year = four_quarters_to(dt.date(2026, 12, 31))
    assert (year.start, year.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    year = four_quarters_to(dt.date(2027, 1, 1))
    assert (year.start, year.end) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))


def test_monthly_series_follow_the_level_filter(window: MainWindow, qtbot: Any) -> None:
    window.show()
    window.tabs.setCurrentWidget(window.charts_panel)
    panel = window.charts_panel
    totals = {name: sum(values) for name, values in panel.month_series}
    # All dates: the whole log, 400 days, by quarter, the old PCN meeting included.
    assert totals == {"System": 1, "Place": 1, "Neighbourhood": 3}
    assert panel.bars_by == "quarter" and 5 <= len(panel.month_labels) <= 6
    assert panel.monthly.chart().title().endswith("<br>5 in all")
    window.period.mode.setCurrentIndex(window.period.mode.findData("nhs_quarter"))
    totals = {name: sum(values) for name, values in panel.month_series}
    # A quarter: the four quarters ending with it, by month (the 400-day-old one is out).
    assert totals == {"System": 1, "Place": 1, "Neighbourhood": 2}
    assert panel.bars_by == "month" and len(panel.month_labels) == 12
    series = panel.monthly.chart().series()[0]
    assert isinstance(series, QBarSeries)
    drawn = {
        bars.label(): sum(bars.at(i) for i in range(bars.count())) for bars in series.barSets()
    }
    assert drawn == {name: float(total) for name, total in totals.items()}
    window.levels.button(3).click()  # neighbourhood only
    totals = {name: sum(values) for name, values in panel.month_series}
    assert totals == {"System": 0, "Place": 0, "Neighbourhood": 2}
    (ics, share) = panel.reach_values[0]
    assert ics == "Lancashire and South Cumbria" and 0 < share < 100
