"""The capture review's table: one row per proposed engagement, ticked if it will be logged.

The tick is the person's choice for that item: ticking or unticking it emits
``tick_changed`` and the dialog plans again with it, so the table always shows the plan
that would be written. An item that cannot be logged (already logged, refused, or with
no area yet) has its tick box disabled, and the Status column says why.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from icstracker.services.capture.plan import CapturePlan, Proposal
from icstracker.vocabulary import EngagementKind

COLUMNS = ("Log", "Date", "Time", "Kind", "Title", "Area", "Status", "People")
LOG, DATE, TIME, KIND, TITLE, AREA, STATUS, PEOPLE = range(len(COLUMNS))
# The most the long columns take of a 1366-pixel screen, so that Status stays in view;
# each cell's full text is its tooltip and is in the detail beside the table.
WIDEST = {TITLE: 250, AREA: 225, STATUS: 210, PEOPLE: 160}
STATUS_TEXT = {
    "add": "Will be logged",
    "duplicate": "Already logged",
    "personal": "Looks personal",
    "no area": "Choose an area",
    "error": "Cannot be logged",
}
MUTED = QColor("#6b6b6b")


def status_text(proposal: Proposal) -> str:
    if proposal.log:
        return STATUS_TEXT["add"] if proposal.status == "add" else "Will be logged (your choice)"
    if proposal.status == "add":
        return "Not ticked"
    if proposal.status in ("duplicate", "no area") and proposal.reason:
        return proposal.reason[0].upper() + proposal.reason[1:]  # says it all on its own
    text = STATUS_TEXT.get(proposal.status, proposal.status)
    return f"{text}: {proposal.reason}" if proposal.reason else text


class CaptureTable(QTableWidget):
    """``tick_changed(source_id, ticked)`` when the person ticks or unticks a row."""

    tick_changed = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setAccessibleName("Proposed engagements; tick the ones to log")
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.verticalHeader().hide()
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.proposals: list[Proposal] = []
        self._filling = False
        self.itemChanged.connect(self._changed)

    def show_plan(self, plan: CapturePlan) -> None:
        """Shows ``plan``, keeping the selected item selected (by its source)."""
        current = self.current()
        self._filling = True
        self.setUpdatesEnabled(False)
        try:
            self.proposals = list(plan.proposals)
            self.clearContents()
            self.setRowCount(len(self.proposals))
            for row, proposal in enumerate(self.proposals):
                self._fill(row, proposal)
        finally:
            self.setUpdatesEnabled(True)
            self._filling = False
        if not self.columnWidth(TITLE) or self.columnWidth(TITLE) == 100:
            self.fit()
        wanted = current.source_id if current else None
        for row, proposal in enumerate(self.proposals):
            if proposal.source_id == wanted:
                self.selectRow(row)
                break
        else:
            if self.proposals:
                self.selectRow(0)

    def fit(self) -> None:
        self.resizeColumnsToContents()
        for column, widest in WIDEST.items():
            self.setColumnWidth(column, min(self.columnWidth(column), widest))

    def current(self) -> Proposal | None:
        row = self.currentRow()
        return self.proposals[row] if 0 <= row < len(self.proposals) else None

    def _fill(self, row: int, proposal: Proposal) -> None:
        item = proposal.item
        tick = QTableWidgetItem()
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if proposal.can_log:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        tick.setFlags(flags)
        tick.setCheckState(Qt.CheckState.Checked if proposal.log else Qt.CheckState.Unchecked)
        tick.setData(Qt.ItemDataRole.AccessibleTextRole, "log" if proposal.log else "not logged")
        self.setItem(row, LOG, tick)
        area = ""
        if proposal.area is not None:
            area = f"{proposal.area.area.label} ({proposal.area.confidence:.0f}%)"
        values = {
            DATE: f"{item.day:%d/%m/%Y}",
            TIME: f"{item.start:%H:%M}" if item.start else "All day",
            KIND: EngagementKind.label_of(proposal.kind),
            TITLE: item.title,
            AREA: area,
            PEOPLE: ", ".join(p.name for p in proposal.people),
            STATUS: status_text(proposal),
        }
        for column, text in values.items():
            cell = QTableWidgetItem(text)
            cell.setToolTip(text)
            if not proposal.log:
                cell.setForeground(MUTED)
            self.setItem(row, column, cell)

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != LOG:
            return
        proposal = self.proposals[item.row()]
        ticked = item.checkState() == Qt.CheckState.Checked
        if ticked != proposal.log:
            self.tick_changed.emit(proposal.source_id, ticked)
