"""The import wizard's second page: what each column holds, every row's outcome, and the choice.

Laid out for a 1366 × 768 laptop: the columns of the file down the left (each with what it
holds, or "not imported"), every row on the right with the reason a row cannot be
imported wrapped to be read in full, and under them the one choice an import with bad
rows needs (import nothing, or the good rows with a report of the others), so Import is
enabled on this page as soon as there is something it may do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from icstracker.errors import IcsTrackerError
from icstracker.services.imports.columns import FIELDS, IGNORE, column_letter
from icstracker.services.imports.plan import ImportPlan, preview_import
from icstracker.ui.import_rows import ImportRowsTable
from icstracker.ui.jobs import run_with_progress

if TYPE_CHECKING:
    from icstracker.ui.import_wizard import ImportWizard

NOT_IMPORTED = "not imported"
COLUMNS_PER_LINE = 3
LABEL_CHARS = 24  # a column's header, beyond which it is cut short (in full as a tooltip)
LINES_SHOWN = 5  # lines of column choices before they scroll


class ColumnChoices(QScrollArea):
    """Every column of the file, its letter and header, and what it holds: a grid across
    the page, so a file's nine or fifteen columns show at once above the rows.

    Combo boxes in a grid rather than in a table's cells, so Tab walks from one choice to
    the next and each is named for a screen reader. Built again only for another file:
    changing a choice re-plans, and the choices stay where they are, focus included.
    """

    changed = Signal(str, str)  # column letter, field (or IGNORE)

    def __init__(self, per_line: int = COLUMNS_PER_LINE) -> None:
        super().__init__()
        self.per_line = per_line
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the choices themselves
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Columns and what they hold")
        self.combos: dict[str, QComboBox] = {}
        self.headers: dict[str, str] = {}
        self._headers: tuple[str, ...] | None = None
        self._line_height = QComboBox().sizeHint().height()
        self._build_grid()

    def _build_grid(self) -> None:
        holder = QWidget()
        self.grid = QGridLayout(holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        for place in range(self.per_line):  # label, choice, and a gap to the next
            self.grid.setColumnStretch(place * 3 + 2, 1)
            self.grid.setColumnMinimumWidth(place * 3 + 2, 12)
        self.setWidget(holder)

    def clear(self) -> None:
        self.combos, self.headers = {}, {}
        self._headers = None
        self._build_grid()  # the old holder and its choices go with it

    def show_plan(self, plan: ImportPlan) -> None:
        mapped = {c.index: c.field for c in plan.mapping.columns}
        if plan.headers != self._headers:
            self.clear()
            self._headers = plan.headers
            for index, header in enumerate(plan.headers):
                self._add_column(index, header)
            self.updateGeometry()
        for index in range(len(plan.headers)):
            combo = self.combos[column_letter(index)]
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(mapped.get(index, IGNORE))))
            combo.blockSignals(False)

    def _add_column(self, index: int, header: str) -> None:
        letter = column_letter(index)
        shown = f"{letter}: {header}" if header else f"{letter}: (no header)"
        label = QLabel()
        width = label.fontMetrics().averageCharWidth() * LABEL_CHARS
        label.setText(label.fontMetrics().elidedText(shown, Qt.TextElideMode.ElideRight, width))
        label.setToolTip(shown)
        label.setMinimumWidth(min(width, label.sizeHint().width()))
        combo = QComboBox()
        combo.setAccessibleName(f"What column {letter} ({header}) holds")
        combo.addItem(NOT_IMPORTED, IGNORE)
        for field in FIELDS:
            combo.addItem(field, field)
        combo.activated.connect(
            lambda _index, letter=letter, combo=combo: self.changed.emit(
                letter, combo.currentData()
            )
        )
        label.setBuddy(combo)
        line, place = divmod(index, self.per_line)
        self.grid.addWidget(label, line, place * 3)
        self.grid.addWidget(combo, line, place * 3 + 1)
        self.combos[letter], self.headers[letter] = combo, shown

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Tall enough for every line of choices up to ``LINES_SHOWN``; more scroll."""
        hint = super().sizeHint()
        lines = -(-len(self.combos) // self.per_line) if self.combos else 1
        shown = min(lines, LINES_SHOWN)
        return QSize(hint.width(), shown * self._line_height + (shown - 1) * 4 + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def not_imported(self) -> list[str]:
        """The columns nothing is taken from, as "D: Notes"."""
        return [
            self.headers[letter]
            for letter, combo in self.combos.items()
            if combo.currentData() == IGNORE
        ]


class PreviewPage(QWizardPage):
    """The columns as understood, each changeable, and what will happen to every row."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Check the columns and rows")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.plan: ImportPlan | None = None
        self.overrides: dict[str, str] = {}
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("What the import will do")

        self.columns = ColumnChoices()
        self.columns.changed.connect(self._remap)
        self.not_imported = QLabel()
        self.not_imported.setWordWrap(True)
        self.not_imported.setAccessibleName("Columns not imported")
        columns_box = QGroupBox("Columns of the file")
        columns_layout = QVBoxLayout(columns_box)
        columns_layout.addWidget(self.columns)
        columns_layout.addWidget(self.not_imported)

        self.rows = ImportRowsTable()
        self.only_problems = QCheckBox("Show only rows with &problems")
        self.only_problems.toggled.connect(self.rows.show_only_problems)
        rows_box = QGroupBox("Rows")
        rows_layout = QVBoxLayout(rows_box)
        rows_layout.addWidget(self.rows, 1)
        rows_layout.addWidget(self.only_problems)

        self.choice_box = QGroupBox("Rows with problems")
        self.all_or_nothing = QRadioButton()
        self.good_rows = QRadioButton()
        self.all_or_nothing.setChecked(True)
        self.choice = QButtonGroup(self)
        choice_layout = QVBoxLayout(self.choice_box)
        for button in (self.all_or_nothing, self.good_rows):
            self.choice.addButton(button)
            choice_layout.addWidget(button)
        self.good_rows.toggled.connect(self._choice_changed)
        self.choice_box.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(columns_box)
        layout.addWidget(rows_box, 1)
        layout.addWidget(self.choice_box)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    # --- planning ------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.overrides = {}
        self.columns.clear()
        self.all_or_nothing.setChecked(True)
        self.refresh()

    def cleanupPage(self) -> None:  # noqa: N802 - Qt's name
        """Back to the file: this page starts again from the file's own headers."""
        self.plan = None

    def refresh(self) -> None:
        self.plan = None
        self.completeChanged.emit()
        self.message.setText("Reading the file…")
        path, options = self.owner.source(), self.owner.import_options(self.overrides)
        database = self.owner.database
        run_with_progress(
            self.owner.runner,
            self,
            "Checking every row…",
            lambda report: preview_import(database, path, options, progress=report),
            self._show,
            self._failed,
        )

    def _failed(self, error: BaseException, details: str) -> None:
        self.rows.clear_plan()
        self.choice_box.hide()
        if isinstance(error, IcsTrackerError):
            self.message.setText(f"<b>This file cannot be imported.</b> {error.message}")
        else:
            self.message.setText(f"Unexpected error reading the file: {error}")
            self.owner.report_unexpected(error, details)

    def _remap(self, letter: str, field: str) -> None:
        self.overrides[letter] = field
        self.refresh()

    # --- showing -------------------------------------------------------------------

    def _show(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.columns.show_plan(plan)
        skipped = self.columns.not_imported()
        self.not_imported.setText(
            "<b>Not imported:</b> " + ", ".join(skipped) if skipped else "Every column is imported."
        )
        counts = plan.counts
        self.all_or_nothing.setText(
            "Import &nothing until every row is fixed (correct the file, then import it again)"
        )
        self.good_rows.setText(
            f"Import the {counts['add']:,} &good row(s) now, and list the {counts['error']:,} "
            "with problems in a report file beside the spreadsheet"
        )
        self.choice_box.setVisible(counts["error"] > 0)
        self.rows.show_plan(plan)
        self._say_what_happens()
        self.completeChanged.emit()

    def _say_what_happens(self) -> None:
        plan = self.plan
        if plan is None:
            return
        counts = plan.counts
        if counts["add"] == 0:
            verdict = "There is nothing new to import."
        elif counts["error"] and not self.owner.skip_bad_rows():
            verdict = (
                "Nothing will be imported unless every row is fixed, or you choose below to "
                "import the good rows."
            )
        else:
            verdict = f"{counts['add']:,} engagement(s) will be added."
        read_from = f"Read from {plan.read_from}. " if plan.read_from else ""
        self.message.setText(
            f"{read_from}{counts['add']:,} to add, {counts['duplicate']:,} already logged, "
            f"{counts['error']:,} with errors, {counts['blank']:,} blank. {verdict}"
        )

    # --- choosing ------------------------------------------------------------------

    def _choice_changed(self) -> None:
        self._say_what_happens()
        self.completeChanged.emit()

    def skip_bad_rows(self) -> bool:
        return self.good_rows.isChecked()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        if self.plan is None:
            return False
        counts = self.plan.counts
        return counts["add"] > 0 and (counts["error"] == 0 or self.skip_bad_rows())
