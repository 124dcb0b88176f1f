"""The Charts tab: a year of engagement by level, and how much of each ICS's PCNs it reached.

Both series come from the report services (``months_by_level`` and ``coverage``), so a
chart can never show a number the quarterly workbook does not. They follow the window's
filters; the monthly chart always spans the four quarters ending with the one shown, so
a trend is visible even when a single quarter is selected. The chart theme follows the
application palette, light or dark.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QVBoxLayout

from icstracker.db.database import Database
from icstracker.errors import IcsTrackerError
from icstracker.reports.coverage_data import CoverageTally, coverage
from icstracker.reports.report_data import (
    ReportRequest,
    months_by_level,
    resolve_scope,
    whole_log_period,
)
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.periods import Period, date_range, nhs_quarter_containing
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.filtered_view import FilteredView

if TYPE_CHECKING:
    # QtCharts is loaded when the tab is first drawn, not while the window opens.
    from PySide6.QtCharts import QChart, QChartView

LEVEL_NAMES = ("System", "Place", "Neighbourhood")


def four_quarters_to(day: dt.date) -> Period:
    """The NHS quarter holding ``day`` and the three before it, as one range."""
    last = nhs_quarter_containing(day)
    return date_range(last.previous().previous().previous().start, last.end)


class ChartsPanel(FilteredView):
    def __init__(
        self,
        database: Database,
        committee_id: int,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self.database = database
        self.committee_id = committee_id
        self.today = today
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._views: tuple[QChartView, QChartView] | None = None
        self.month_series: list[tuple[str, list[int]]] = []
        self.month_labels: list[str] = []
        self.reach_values: list[tuple[str, float]] = []

    @property
    def monthly(self) -> QChartView:
        return self._chart_views()[0]

    @property
    def reach(self) -> QChartView:
        return self._chart_views()[1]

    def _chart_views(self) -> tuple[QChartView, QChartView]:
        """The two chart views, made the first time the tab needs them."""
        if self._views is None:
            from PySide6.QtCharts import QChartView

            monthly = QChartView()
            monthly.setAccessibleName("Engagements per month by planning level")
            reach = QChartView()
            reach.setAccessibleName("Share of PCNs engaged per ICS")
            for view in (monthly, reach):
                view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._layout.addWidget(monthly, 3)
            self._layout.addWidget(reach, 2)
            self._views = (monthly, reach)
        return self._views

    def show_view(self, period: Period | None, criteria: EngagementFilter) -> None:
        today = self.today()
        # Dates come from the chart's own span; the other filters are the window's.
        criteria = dataclasses.replace(criteria, date_from=None, date_to=None)
        try:
            with self.database.session() as session:
                year = four_quarters_to(period.end if period else today)
                year_scope = resolve_scope(
                    session, ReportRequest(self.committee_id, year, criteria, today)
                )
                months = months_by_level(session, year_scope)
                shown = period or whole_log_period(session, self.committee_id, today)
                tallies = coverage(
                    session,
                    resolve_scope(
                        session, ReportRequest(self.committee_id, shown, criteria, today)
                    ),
                ).tallies
        except IcsTrackerError as error:
            show_error(self, error)
            return
        self.month_labels = [f"{m.month:%b}" for m in months]  # the title gives the years
        self.month_series = [
            (name, [m.counts[i] for m in months]) for i, name in enumerate(LEVEL_NAMES)
        ]
        self.reach_values = [(t.system, _share(t)) for t in tallies if t.pcns]
        self.monthly.setChart(self._monthly_chart(year))
        self.reach.setChart(self._reach_chart(shown))

    def _themed(self, title: str) -> QChart:
        from PySide6.QtCharts import QChart

        chart = QChart()
        chart.setTitle(title)
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        chart.setTheme(
            QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight
        )
        chart.setBackgroundVisible(False)  # the widget's own palette shows through
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        return chart

    def _monthly_chart(self, year: Period) -> QChart:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QValueAxis

        chart = self._themed(f"Engagements per month by planning level, {year.label}")
        series = QBarSeries()
        for name, values in self.month_series:
            bars = QBarSet(name)
            bars.append([float(v) for v in values])
            series.append(bars)
        chart.addSeries(series)
        months = QBarCategoryAxis()
        months.append(self.month_labels)
        counts = QValueAxis()
        counts.setLabelFormat("%d")
        top = max((v for _, values in self.month_series for v in values), default=0)
        counts.setRange(0, max(top, 1))
        counts.applyNiceNumbers()
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(months)
        series.attachAxis(counts)
        return chart

    def _reach_chart(self, period: Period) -> QChart:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalBarSeries, QValueAxis

        chart = self._themed(f"PCNs engaged, {period.label}")
        series = QHorizontalBarSeries()
        bars = QBarSet("% of the ICS's PCNs engaged")
        bars.append([share for _, share in self.reach_values])
        series.append(bars)
        chart.addSeries(series)
        systems = QBarCategoryAxis()
        systems.append([name for name, _ in self.reach_values])
        percent = QValueAxis()
        percent.setRange(0, 100)
        percent.setLabelFormat("%d%%")
        chart.addAxis(systems, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(percent, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(systems)
        series.attachAxis(percent)
        return chart


def _share(tally: CoverageTally) -> float:
    return round(100 * tally.pcns_engaged / tally.pcns, 1)
