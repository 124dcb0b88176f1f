"""Deciding what the importer could not: accepting its suggested area for a text.

A legacy log writes one footprint many ways ("Healthier Lancs and S Cumbria"). The
importer refuses a text that names no area but offers the closest, of the row's own date;
here the person accepts it for every row holding the text (each row still takes the area
of its own date: a 2021 row the STP, a 2023 row the ICB), for one row only, or for every
suggestion scoring at least a chosen percentage, or takes a choice back. Each decision is
a new ``ImportOptions`` from the plan (``ImportPlan.accept_suggestion`` and friends) that
the page plans again with; texts settled for every row are remembered as the committee's
names by the import, unless the person says not to.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QWidget,
)

from icstracker.services.imports.decisions import CHOSEN, CHOSEN_FOR_ROW
from icstracker.services.imports.options import ImportOptions
from icstracker.services.imports.plan import ImportPlan, PlannedRow
from icstracker.text import normalise_name
from icstracker.ui.import_rows import ImportRowsTable

DEFAULT_MIN_SCORE = 80


def without_choice(options: ImportOptions, row: PlannedRow) -> ImportOptions:
    """The options with the choice that placed ``row`` taken back."""
    if row.area is not None and row.area.method == CHOSEN_FOR_ROW:
        rows = {n: code for n, code in options.row_choices.items() if n != row.row}
        return replace(options, row_choices=rows)
    wanted = normalise_name(row.area_text)
    texts = {t: code for t, code in options.area_choices.items() if normalise_name(t) != wanted}
    return replace(options, area_choices=texts)


def _same_text(plan: ImportPlan, row: PlannedRow) -> int:
    wanted = normalise_name(row.area_text)
    return sum(1 for r in plan.rows if r.area_text and normalise_name(r.area_text) == wanted)


class DecisionBar(QWidget):
    """Buttons acting on the row selected in the table, and the accept-all control.

    The same actions are in the table's context menu (the Menu key opens it on the
    current row), so each is reachable from the keyboard.
    """

    decided = Signal(object)  # the ImportOptions to plan again with

    def __init__(self, table: ImportRowsTable) -> None:
        super().__init__()
        self.table = table
        self.plan: ImportPlan | None = None
        self.accept_text = QPushButton("&Accept suggestion")
        self.accept_text.clicked.connect(self.accept_for_text)
        self.accept_row = QPushButton("This &row only")
        self.accept_row.clicked.connect(self.accept_for_row)
        self.undo = QPushButton("&Undo choice")
        self.undo.clicked.connect(self.undo_choice)
        self.accept_all = QPushButton("Accept a&ll suggestions scoring at least")
        self.accept_all.clicked.connect(self.accept_from_score)
        self.min_score = QSpinBox()
        self.min_score.setRange(50, 99)
        self.min_score.setValue(DEFAULT_MIN_SCORE)
        self.min_score.setSuffix("%")
        self.min_score.setAccessibleName("Lowest score to accept")
        self.min_score.valueChanged.connect(lambda _value: self._count_from_score())
        self.from_score = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Selected row:"))
        for button in (self.accept_text, self.accept_row, self.undo):
            layout.addWidget(button)
        layout.addStretch(1)
        for widget in (self.accept_all, self.min_score, self.from_score):
            layout.addWidget(widget)
        table.currentCellChanged.connect(lambda *_: self._follow_selection())
        table.menu_requested.connect(self._menu)

    def show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        chosen = bool(plan.options.area_choices or plan.options.row_choices)
        self.setVisible(bool(plan.suggestions) or chosen)
        for widget in (self.accept_all, self.min_score, self.from_score):
            widget.setVisible(bool(plan.suggestions))
        self._count_from_score()
        self._follow_selection()

    def selected(self) -> PlannedRow | None:
        return self.table.planned_row(self.table.currentRow())

    def _follow_selection(self) -> None:
        row = self.selected()
        plan = self.plan
        can_accept = plan is not None and row is not None and row.suggestion is not None
        self.accept_text.setEnabled(can_accept)
        self.accept_row.setEnabled(can_accept)
        self.undo.setEnabled(plan is not None and row is not None and _is_chosen(row))
        if can_accept and row is not None and row.suggestion is not None and plan is not None:
            count = _same_text(plan, row)
            self.accept_text.setText(f"&Accept suggestion for {count:,} row(s)")
            self.accept_text.setToolTip(
                f"Read '{row.area_text}' as {row.suggestion.area.short_name} in every row "
                "that has it, each row taking the area of its own date"
            )
        else:
            self.accept_text.setText("&Accept suggestion")
            self.accept_text.setToolTip("Select a row whose area has a suggestion")

    def _count_from_score(self) -> None:
        plan = self.plan
        suggestions = plan.suggestions if plan is not None else ()
        taken = [s for s in suggestions if s.score >= self.min_score.value()]
        self.from_score.setText(f"({len(taken)} of {len(suggestions)} names)")
        self.accept_all.setEnabled(bool(taken))

    # --- the decisions ----------------------------------------------------------------

    def accept_for_text(self) -> None:
        row = self.selected()
        if self.plan is not None and row is not None and row.suggestion is not None:
            options = self.plan.accept_suggestion(row.area_text, row.suggestion.area.code)
            self.decided.emit(options)

    def accept_for_row(self) -> None:
        row = self.selected()
        if self.plan is not None and row is not None and row.suggestion is not None:
            self.decided.emit(self.plan.accept_row_suggestion(row.row))

    def choose_area(self, code: str) -> None:
        """One of the areas an ambiguous text names, for every row holding it."""
        row = self.selected()
        if self.plan is not None and row is not None:
            self.decided.emit(self.plan.accept_suggestion(row.area_text, code))

    def undo_choice(self) -> None:
        row = self.selected()
        if self.plan is not None and row is not None and _is_chosen(row):
            self.decided.emit(without_choice(self.plan.options, row))

    def accept_from_score(self) -> None:
        if self.plan is not None:
            self.decided.emit(self.plan.accept_suggestions(self.min_score.value()))

    def _menu(self, menu: QMenu) -> None:
        """The context menu of the row the table opened it on."""
        row = self.selected()
        if row is None or self.plan is None:
            return
        if row.suggestion is not None:
            area = row.suggestion.area
            count = _same_text(self.plan, row)
            menu.addAction(
                f"Read '{row.area_text}' as {area.short_name} in all {count:,} row(s)",
                self.accept_for_text,
            )
            menu.addAction(
                f"Read it as {area.short_name} in row {row.row} only", self.accept_for_row
            )
        if row.candidates:
            choose = menu.addMenu(f"Read '{row.area_text}' as")
            for candidate in row.candidates:
                action = choose.addAction(candidate.description)
                action.triggered.connect(lambda _=False, c=candidate.code: self.choose_area(c))
        if _is_chosen(row):
            menu.addAction("Undo this choice", self.undo_choice)


def _is_chosen(row: PlannedRow) -> bool:
    return row.area is not None and row.area.method in (CHOSEN, CHOSEN_FOR_ROW)
