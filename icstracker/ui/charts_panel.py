"""The Charts tab: engagement over time by level, and how much of each ICS's PCNs it reached.

Both series come from the report services (``months_by_level`` and ``coverage``), so a
chart can never show a number the quarterly workbook does not. They follow the window's
filters; with a period chosen the chart spans the four quarters ending with it, by month,
so a trend is visible even when a single quarter is selected, and its title gives both
totals (the period's, which the log shows, and the chart's). With All dates it spans the
whole log: by month up to a year, by NHS quarter up to five years, else by financial year.
Count axes step in whole numbers. The chart theme follows the application palette.
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
from icstracker.services.coverage_data import CoverageTally, coverage
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements
from icstracker.services.periods import (
    Period,
    date_range,
    describe_months,
    label_with_months,
    nhs_quarter_containing,
    nhs_year_containing,
)
from icstracker.services.report_data import (
    MonthCounts,
    ReportRequest,
    months_by_level,
    resolve_scope,
    whole_log_period,
)
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.filtered_view import FilteredView
from icstracker.vocabulary import PlanningLevel

if TYPE_CHECKING:
    # QtCharts is loaded when the tab is first drawn, not while the window opens.
    from PySide6.QtCharts import QChart, QChartView

MONTHS_UP_TO = 12  # a span longer than this many months is charted by quarter...
QUARTERS_UP_TO = 20  # ...and longer than this many quarters, by financial year


def four_quarters_to(day: dt.date) -> Period:
    """The NHS quarter holding ``day`` and the three before it, as one range."""
    last = nhs_quarter_containing(day)
    return date_range(last.previous().previous().previous().start, last.end)


def integer_axis(top: int) -> tuple[int, int]:
    """(maximum, tick count) for a count axis whose every tick is a whole number.

    Qt's default five ticks over 0..1 read "0, 0, 0, 0, 1" with a "%d" format; a step of
    1, 2, 5, 10, 20, 50... with at most eight steps never falls between two integers.
    """
    step = 1
    while -(-max(top, 1) // step) > 8:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    steps = -(-max(top, 1) // step)
    return steps * step, steps + 1


def group_months(
    months: tuple[MonthCounts, ...],
) -> tuple[str, list[tuple[str, tuple[int, ...]]]]:
    """The chart's bars: ``("month" | "quarter" | "year", [(label, counts by level)])``.

    A few hundred aggregated months at most, never rows of the log.
    """
    if len(months) <= MONTHS_UP_TO:
        return "month", [(f"{m.month:%b}", m.counts) for m in months]
    quarters = -(-len(months) // 3)
    label: Callable[[Period], str]
    if quarters <= QUARTERS_UP_TO:
        by, label = "quarter", lambda p: f"Q{p.key[-1]}<br>{p.key[2:4]}/{p.key[5:7]}"
        containing = nhs_quarter_containing
    else:
        by, label, containing = "year", lambda p: p.label, nhs_year_containing
    grouped: dict[Period, list[int]] = {}
    for m in months:
        counts = grouped.setdefault(containing(m.month), [0] * len(m.counts))
        for i, value in enumerate(m.counts):
            counts[i] += value
    return by, [(label(p), tuple(c)) for p, c in grouped.items()]


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
        self.bars_by = "month"
        self.chart_total = 0
        """Every engagement the monthly chart draws (four quarters, or all dates)."""
        self.period_total = 0
        """The engagements of the period chosen: the log's count, named in the title."""
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
                shown = period or whole_log_period(
                    session, self.committee_id, today, criteria.joins_others
                )
                span = four_quarters_to(period.end) if period else shown
                span_scope = resolve_scope(
                    session, ReportRequest(self.committee_id, span, criteria, today)
                )
                months = months_by_level(session, span_scope)
                shown_scope = resolve_scope(
                    session, ReportRequest(self.committee_id, shown, criteria, today)
                )
                self.period_total = count_engagements(session, shown_scope.criteria)
                tallies = coverage(session, shown_scope).tallies
        except IcsTrackerError as error:
            show_error(self, error)
            return
        self.bars_by, bars = group_months(months)
        self.month_labels = [label for label, _ in bars]  # the title gives the years
        self.month_series = [
            (name, [counts[i] for _, counts in bars])
            for i, name in enumerate(level.label for level in PlanningLevel)
        ]
        self.chart_total = sum(sum(values) for _, values in self.month_series)
        self.reach_values = [(t.system, _share(t)) for t in tallies if t.pcns]
        self.monthly.setChart(self._monthly_chart(span, period))
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

    def monthly_title(self, span: Period, period: Period | None) -> str:
        """Says which engagements the bars count, and how many: the period's number is
        the log's; the chart's own, over a longer span, is named as such."""
        what = f"Engagements per {self.bars_by} by planning level"
        if period is None:
            return f"{what}, all dates ({describe_months(span)})<br>{self.chart_total:,} in all"
        return (
            f"{what}, {describe_months(span)}<br>{self.period_total:,} in "
            f"{label_with_months(period)} · {self.chart_total:,} in the four quarters charted"
        )

    def _monthly_chart(self, span: Period, period: Period | None) -> QChart:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QValueAxis

        chart = self._themed(self.monthly_title(span, period))
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
        maximum, ticks = integer_axis(top)
        counts.setRange(0, maximum)
        counts.setTickCount(ticks)
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(months)
        series.attachAxis(counts)
        return chart

    def _reach_chart(self, period: Period) -> QChart:
        from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QHorizontalBarSeries, QValueAxis

        chart = self._themed(f"PCNs engaged, {label_with_months(period)}")
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
