"""The Coverage tab: which places and PCNs the committee has reached, and which it has not.

The numbers come from ``services.coverage_data`` — the very service behind the Coverage
sheet of the quarterly workbook — so the tab and the report can never disagree. It
follows the window's period and filters, and is only recomputed while it is visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
)

from icstracker.db.database import Database
from icstracker.errors import IcsTrackerError
from icstracker.services.coverage_data import Coverage, CoverageRow, coverage
from icstracker.services.coverage_status import AMBER, GREEN, RED, Thresholds, coverage_status
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements
from icstracker.services.periods import Period, label_with_months
from icstracker.services.report_data import ReportRequest, resolve_scope, whole_log_period
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.filtered_view import FilteredView
from icstracker.ui.rows_model import Index, RowsModel

HEADERS = (
    "Status",
    "ICS",
    "Level",
    "Area",
    "Part of",
    "This period",
    "Incl. within",
    "Last engaged",
    "Days since",
)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
# Tints that read on light and dark palettes alike: the status word carries the meaning.
TINTS = {RED: QColor(220, 50, 47, 70), AMBER: QColor(230, 160, 0, 70), GREEN: QColor(0, 0, 0, 0)}


class CoverageModel(RowsModel[tuple[CoverageRow, str]]):
    """Each area's coverage row and its red/amber/green status."""

    headers = HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        found = self.row_at(index)
        if found is None:
            return None
        row, status = found
        values: tuple[Any, ...] = (
            status.capitalize(),
            row.system,
            row.kind,
            row.name,
            row.parent,
            row.engagements,
            row.within,
            row.last_engaged,
            row.days_since,
        )
        value = values[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, dt.date):
                return f"{value:%d/%m/%Y}"
            if value is None:
                return "never" if index.column() == 7 else ""
            return value if isinstance(value, str) else f"{value:,}"
        if role == SORT_ROLE:
            if index.column() == 0:
                return (RED, AMBER, GREEN).index(status)
            if value is None:  # never engaged sorts as the longest gap
                return dt.date.min if index.column() == 7 else 10**9
            return value
        if role == CODE_ROLE:
            return row.code
        if role == Qt.ItemDataRole.BackgroundRole:
            return TINTS[status]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class _GapsFilter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.gaps_only = False
        self.setSortRole(SORT_ROLE)

    def set_gaps_only(self, value: bool) -> None:
        self.beginFilterChange()  # Qt 6.10+; invalidateRowsFilter() is deprecated
        self.gaps_only = value
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self.gaps_only:
            return True
        model = self.sourceModel()
        assert isinstance(model, CoverageModel)
        return model.rows[source_row][0].engagements == 0


class CoveragePanel(FilteredView):
    area_chosen = Signal(str)  # show this area's engagements
    log_for_area = Signal(str)  # log a new engagement for this area

    def __init__(
        self,
        database: Database,
        committee_id: int,
        thresholds: Thresholds,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self.database = database
        self.committee_id = committee_id
        self.thresholds = thresholds
        self.today = today
        self.result: Coverage | None = None
        self.total = 0
        """Engagements in the period and filter: the log's own count, said in the summary."""
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.gaps = QCheckBox("Only areas &not engaged this period")
        self.gaps.toggled.connect(self._gaps_only)
        self.amber = QSpinBox(minimum=1, maximum=3650, value=thresholds.amber_after_days)
        self.red = QSpinBox(minimum=1, maximum=3650, value=thresholds.red_after_days)
        for box, what in ((self.amber, "amber"), (self.red, "red")):
            box.setSuffix(" days")
            box.setAccessibleName(f"Days since last engaged before an area is {what}")
            box.editingFinished.connect(self._thresholds_changed)
        self.log_button = QPushButton("&Log engagement for this area…")
        self.log_button.clicked.connect(self._log_for_selected)
        self.model = CoverageModel()
        self.proxy = _GapsFilter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Coverage of places and PCNs")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((70, 170, 120, 220, 170, 90, 90, 100)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._show_selected)
        # Two rows, not one: a hidden tab's minimum width is the whole tab widget's, and one
        # row of these (774 px) gave the log that minimum, squeezing the footprint tree and
        # the detail pane from their usual share of the window.
        top = QHBoxLayout()
        top.addWidget(self.gaps)
        top.addStretch(1)
        top.addWidget(self.log_button)
        colours = QHBoxLayout()
        colours.addWidget(QLabel("Amber after"))
        colours.addWidget(self.amber)
        colours.addWidget(QLabel("red after"))
        colours.addWidget(self.red)
        colours.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addLayout(colours)
        layout.addWidget(self.table, 1)

    def _gaps_only(self, on: bool) -> None:
        self.proxy.set_gaps_only(on)

    def show_view(self, period: Period | None, criteria: EngagementFilter) -> None:
        today = self.today()
        try:
            with self.database.session() as session:
                chosen = period or whole_log_period(
                    session, self.committee_id, today, criteria.joins_others
                )
                scope = resolve_scope(
                    session, ReportRequest(self.committee_id, chosen, criteria, today)
                )
                self.result = coverage(session, scope)
                self.total = count_engagements(session, scope.criteria)
        except IcsTrackerError as error:
            show_error(self, error)
            return
        self.model.set_rows(
            [(row, coverage_status(row.days_since, self.thresholds)) for row in self.result.rows]
        )
        when = label_with_months(period) if period else "all dates"
        total = f"Engagements in the filtered log, {when}: {self.total:,}"
        self.summary.setText(f"{total}\n{self._summary(self.result)}")

    @staticmethod
    def _summary(result: Coverage) -> str:
        if not result.rows:
            return "The committee's areas have no places or PCNs to show for this period."
        lines = [
            f"{t.system}: places engaged {t.places_engaged} of {t.places} · "
            f"PCNs engaged {t.pcns_engaged} of {t.pcns}"
            for t in result.tallies
        ]
        return "\n".join(lines)

    def _thresholds_changed(self) -> None:
        try:
            self.thresholds = Thresholds(self.amber.value(), self.red.value())
        except IcsTrackerError as error:
            show_error(self, error)
            self.amber.setValue(self.thresholds.amber_after_days)
            self.red.setValue(self.thresholds.red_after_days)
            return
        self.refresh()

    def selected_code(self) -> str | None:
        index = self.table.currentIndex()
        code = index.siblingAtColumn(0).data(CODE_ROLE) if index.isValid() else None
        return str(code) if code else None

    def _show_selected(self, _index: QModelIndex) -> None:
        code = self.selected_code()
        if code:
            self.area_chosen.emit(code)

    def _log_for_selected(self) -> None:
        code = self.selected_code()
        if code:
            self.log_for_area.emit(code)
