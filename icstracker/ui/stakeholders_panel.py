"""The Stakeholders tab: the register of people, their engagements, and the grid.

A thin view over ``services.stakeholders``: the list is read whole (a committee knows
hundreds of people, not millions); editing, judging interest and influence, and merging
duplicates are each one service call in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from icstracker.db.database import Database
from icstracker.errors import IcsTrackerError
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements
from icstracker.services.periods import Period, label_with_months
from icstracker.services.stakeholders import (
    PersonDetails,
    PersonRow,
    assess_person,
    list_people,
    merge_people,
    person_engagements,
    update_person,
)
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.filtered_view import FilteredView
from icstracker.ui.rows_model import Index, RowsModel

HEADERS = ("Name", "Role", "Organisation", "Engagements", "Last engaged", "Interest", "Influence")


EMPTY_GRID = (
    "No one listed here has interest and influence scored yet. To place a person on the "
    "grid, select them on the People tab, click Edit… and score their interest in "
    "community pharmacy and influence over the system (1–5)."
)


class PeopleModel(RowsModel[PersonRow]):
    headers = HEADERS

    def count_of(self, what: str) -> None:
        """Names the Engagements column by what it counts: the filtered log or all time."""
        self.headers = (*HEADERS[:3], what, *HEADERS[4:])
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 3, 3)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.name + ("" if row.contact_permitted else " (no contact)"),
                row.role or "",
                row.organisation or "",
                f"{row.engagements:,}",
                f"{row.last_engaged:%d/%m/%Y}" if row.last_engaged else "",
                "" if row.interest is None else str(row.interest),
                "" if row.influence is None else str(row.influence),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0 and row.email:
            return row.email
        return None


class PersonDialog(QDialog):
    """Role, organisation, email, consent, and today's judgement of interest and influence."""

    def __init__(self, parent: QWidget | None, row: PersonRow) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{row.name} — stakeholder details")
        self.role = QLineEdit(row.role or "")
        self.role.setPlaceholderText("e.g. PCN clinical director, ICB chief pharmacist")
        self.organisation = QLineEdit(row.organisation or "")
        self.email = QLineEdit(row.email or "")
        self.permitted = QCheckBox("We may contact this person")
        self.permitted.setChecked(row.contact_permitted)
        self.interest = QSpinBox(minimum=0, maximum=5, value=row.interest or 0)
        self.influence = QSpinBox(minimum=0, maximum=5, value=row.influence or 0)
        for box in (self.interest, self.influence):
            box.setSpecialValueText("not judged")
        form = QFormLayout(self)
        form.addRow("&Role:", self.role)
        form.addRow("&Organisation:", self.organisation)
        form.addRow("&Email:", self.email)
        form.addRow("", self.permitted)
        form.addRow("&Interest in community pharmacy (1–5):", self.interest)
        form.addRow("I&nfluence over the system (1–5):", self.influence)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.original = (row.interest, row.influence)

    def details(self) -> PersonDetails:
        return PersonDetails(
            role=self.role.text(),
            organisation=self.organisation.text(),
            email=self.email.text(),
            contact_permitted=self.permitted.isChecked(),
        )

    def judgement(self) -> tuple[int, int] | None:
        """A new judgement when both scores are set and either changed."""
        now = (self.interest.value(), self.influence.value())
        if 0 in now or now == self.original:
            return None
        return now


class StakeholdersPanel(FilteredView):
    """Follows the window's filter like Coverage and Charts: pick a place in the footprint
    tree and the list is the committee's contacts there, met in the chosen period. Untick
    "only people met" for the whole register, to tidy it or merge duplicates."""

    engagement_chosen = Signal(int)

    def __init__(self, database: Database, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.database = database
        self.today = today
        self._met_in: EngagementFilter | None = None
        self._period: Period | None = None
        self.scope = QLabel()
        self.scope.setAccessibleName("Which people are listed")
        self.scope.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a person…")
        self.search.setAccessibleName("Find a person")
        self.search.textChanged.connect(lambda _: self._read())
        self.only_met = QCheckBox("Only people met in the filtered log")
        self.only_met.setToolTip(
            "The footprint, period, level, kind, topic and search chosen above the log"
        )
        self.only_met.setChecked(True)
        self.only_met.toggled.connect(lambda _: self._read())
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.merge_button = QPushButton("&Merge a duplicate into this person…")
        self.merge_button.clicked.connect(self.merge_into_selected)
        self.model = PeopleModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("People")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((200, 180, 200, 110, 100, 70)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.engagements = QTextBrowser()
        self.engagements.setAccessibleName("The selected person's engagements")
        self.engagements.setOpenLinks(False)
        self.engagements.anchorClicked.connect(
            lambda url: self.engagement_chosen.emit(int(url.toString().lstrip("#")))
        )
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.engagements)
        split.setSizes([400, 160])
        self.grid = QTableWidget(5, 5)
        self.grid.setAccessibleName("Influence and interest grid")
        self.grid.setHorizontalHeaderLabels([f"Interest {n}" for n in range(1, 6)])
        self.grid.setVerticalHeaderLabels([f"Influence {n}" for n in range(5, 0, -1)])
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(True)
        for header in (self.grid.horizontalHeader(), self.grid.verticalHeader()):
            header.setSectionResizeMode(header.ResizeMode.Stretch)
        self.grid_hint = QLabel(EMPTY_GRID)
        self.grid_hint.setWordWrap(True)
        self.grid_hint.setAccessibleName("How to fill the grid")
        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addWidget(self.grid_hint)
        grid_layout.addWidget(self.grid, 1)
        self.views = QTabWidget()
        self.views.addTab(split, "&People")
        self.views.addTab(grid_page, "Influence–interest &grid")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.only_met)
        top.addWidget(self.edit_button)
        top.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.scope)
        layout.addWidget(self.views, 1)

    def show_view(self, period: Period | None, criteria: EngagementFilter) -> None:
        self._met_in, self._period = criteria, period
        self._read()

    def refresh(self) -> None:
        """Read when shown (``FilteredView``), not while the window is being built."""
        super().refresh()
        if self._met_in is None:  # no filter from a window yet: the whole register
            self._read()

    def _read(self) -> None:
        met_in = self._met_in if self.only_met.isChecked() else None
        try:
            with self.database.session() as session:
                rows = list_people(session, text=self.search.text(), met_in=met_in)
                shown = count_engagements(session, met_in) if met_in is not None else None
        except IcsTrackerError as error:
            show_error(self, error)
            return
        # Each number says what it counts: the list's are of the filtered log (the log's
        # own count is named), the selected person's list below is all time.
        if shown is None:
            self.scope.setText("The whole register; engagement counts are all time.")
            self.model.count_of("All time")
        else:
            period = label_with_months(self._period) if self._period else "all dates"
            self.scope.setText(
                f"People met in the {shown:,} engagement{'s' if shown != 1 else ''} the log "
                f"shows, {period}; engagement counts are of those."
            )
            self.model.count_of("In filtered log")
        self.model.set_rows(rows)
        self._fill_grid(rows)
        self._show_selected()

    def _fill_grid(self, rows: list[PersonRow]) -> None:
        cells: dict[tuple[int, int], list[str]] = {}
        for row in rows:
            if row.interest is not None and row.influence is not None:
                cells.setdefault((5 - row.influence, row.interest - 1), []).append(row.name)
        self.grid_hint.setVisible(not cells)
        for r in range(5):
            for c in range(5):
                names = cells.get((r, c), [])
                item = QTableWidgetItem("\n".join(names))
                item.setToolTip("\n".join(names))
                self.grid.setItem(r, c, item)

    def selected(self) -> PersonRow | None:
        return self.model.row_at(self.table.currentIndex())

    def _show_selected(self) -> None:
        person = self.selected()
        self.edit_button.setEnabled(person is not None)
        self.merge_button.setEnabled(person is not None)
        if person is None:
            self.engagements.setHtml("<p>Select a person to see their engagements.</p>")
            return
        with self.database.session() as session:
            found = person_engagements(session, person.id)
        items = "".join(
            f"<li><a href='#{eid}'>{on:%d/%m/%Y}</a> · {_html(title)} · {_html(area)}</li>"
            for eid, on, title, area in found
        )
        filtered = (
            f"; {person.engagements:,} in the filtered log"
            if self.only_met.isChecked() and self._met_in is not None
            else ""
        )
        self.engagements.setHtml(
            f"<p><b>{_html(person.name)}</b>: {len(found)} engagement(s), all time{filtered}"
            f"</p><ul>{items}</ul>"
        )

    def edit_selected(self) -> PersonDialog | None:
        person = self.selected()
        if person is None:
            return None
        dialog = PersonDialog(self, person)

        def save() -> None:
            try:
                with self.database.write() as session:
                    update_person(session, person.id, dialog.details())
                    judged = dialog.judgement()
                    if judged is not None:
                        assess_person(
                            session,
                            person.id,
                            interest=judged[0],
                            influence=judged[1],
                            on=self.today(),
                        )
            except IcsTrackerError as error:
                show_error(self, error)
                return
            self.refresh()

        dialog.accepted.connect(save)
        dialog.open()
        return dialog

    def merge_into_selected(self) -> None:
        keep = self.selected()
        if keep is None:
            return
        others = [r for r in self.model.rows if r.id != keep.id]
        if not others:
            return
        # Likely duplicates first: names that share the kept name's last word.
        last = keep.name.split()[-1].lower()
        others.sort(key=lambda r: (last not in r.name.lower(), r.name.lower()))
        labels = [f"{r.name} ({r.engagements} engagements)" for r in others]
        chosen, ok = QInputDialog.getItem(
            self, "Merge a duplicate", f"Merge into {keep.name}:", labels, 0, False
        )
        if not ok:
            return
        gone = others[labels.index(chosen)]
        answer = QMessageBox.question(
            self,
            "Merge a duplicate",
            f"Move all of {gone.name}'s engagements and follow-ups to {keep.name}, and "
            f"remove {gone.name}? This cannot be undone.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.database.write() as session:
                merge_people(session, keep.id, gone.id)
        except IcsTrackerError as error:
            show_error(self, error)
            return
        self.refresh()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
