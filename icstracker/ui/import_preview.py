"""The import wizard's second page: the columns, every row's outcome, decisions, the choice.

Laid out for a 1366 × 768 laptop: the columns of the file in a grid across the top (each
with what it holds, or "not imported" and why), every row below with the reason a row
cannot be imported wrapped to be read in full, the decisions the importer leaves to the
person (accepting a suggested area), and under them the one choice an import with bad
rows needs (import nothing, or the good rows with a report of the others), so Import is
enabled on this page as soon as there is something it may do.

The page keeps the options the person has built up (``self.options``); every change is
planned again as a background job, from the rows already read (``replan``) once the file
has been read, so a decision on a big file does not read it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from icstracker.errors import IcsTrackerError
from icstracker.services.imports.options import ImportOptions
from icstracker.services.imports.plan import ImportPlan, preview_import, replan
from icstracker.ui.import_columns import ColumnsBox
from icstracker.ui.import_decisions import DecisionBar
from icstracker.ui.import_rows import ImportRowsTable
from icstracker.ui.jobs import run_with_progress

if TYPE_CHECKING:
    from icstracker.ui.import_wizard import ImportWizard


class PreviewPage(QWizardPage):
    """The columns as understood, each changeable, and what will happen to every row."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Check the columns and rows")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.plan: ImportPlan | None = None
        self._read: ImportPlan | None = None  # the last plan made: it holds the rows read
        self.options = ImportOptions()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("What the import will do")
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.columns = ColumnsBox()
        self.columns.changed.connect(self._remap)
        self.columns.keep_changed.connect(
            lambda keep: self._plan_again(replace(self.options, keep_unmapped=keep))
        )

        self.rows = ImportRowsTable()
        self.decisions = DecisionBar(self.rows)
        self.decisions.decided.connect(self._plan_again)
        self.only_problems = QCheckBox("Show only rows with &problems")
        self.only_problems.toggled.connect(self.rows.show_only_problems)
        self.remember = QCheckBox("Remember accepted names for nex&t time")
        self.remember.setChecked(True)
        self.remember.setToolTip(
            "A name accepted for every row that has it is kept for this committee, so its "
            "next import reads it the same way"
        )
        self.remember.toggled.connect(
            lambda on: setattr(self, "options", replace(self.options, remember_choices=on))
        )
        self.aliases = QPushButton("Remembered na&mes…")
        self.aliases.setToolTip("The names this committee's imports have remembered")
        self.aliases.clicked.connect(self.owner.show_aliases)
        rows_box = QGroupBox("Rows")
        rows_layout = QVBoxLayout(rows_box)
        rows_layout.addWidget(self.rows, 1)
        rows_layout.addWidget(self.decisions)
        below = QHBoxLayout()
        below.addWidget(self.only_problems)
        below.addStretch(1)
        below.addWidget(self.remember)
        below.addWidget(self.aliases)
        rows_layout.addLayout(below)

        self.choice_box = QGroupBox("Rows with problems")
        self.all_or_nothing = QRadioButton("Import &nothing until every row is fixed")
        self.good_rows = QRadioButton()
        self.all_or_nothing.setChecked(True)
        self.choice = QButtonGroup(self)
        choice_layout = QHBoxLayout(self.choice_box)
        for button in (self.all_or_nothing, self.good_rows):
            self.choice.addButton(button)
            choice_layout.addWidget(button)
        choice_layout.addStretch(1)
        self.good_rows.toggled.connect(self._choice_changed)
        self.choice_box.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.columns)
        layout.addWidget(rows_box, 1)
        layout.addWidget(self.choice_box)

    # --- planning ------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.options = replace(
            self.owner.import_options(), remember_choices=self.remember.isChecked()
        )
        self._read = None
        self.columns.clear()
        self.all_or_nothing.setChecked(True)
        self.refresh()

    def cleanupPage(self) -> None:  # noqa: N802 - Qt's name
        """Back to the file: this page starts again from the file's own headers."""
        self.plan = None
        self._read = None

    def refresh(self) -> None:
        """Plans again with the options as they are (after a remembered name went, say)."""
        self._plan_again(self.options)

    def _plan_again(self, options: ImportOptions) -> None:
        options = replace(options, remember_choices=self.remember.isChecked())
        self.options = options
        self.plan = None
        self.completeChanged.emit()
        database, read = self.owner.database, self._read
        work: Callable[[Callable[[int, int], None]], ImportPlan]
        if read is None:
            self.message.setText("Reading the file…")
            path = self.owner.source()

            def work(report: Callable[[int, int], None]) -> ImportPlan:
                return preview_import(database, path, options, progress=report)
        else:
            self.message.setText("Checking every row again…")

            def work(report: Callable[[int, int], None]) -> ImportPlan:
                return replan(database, read, options, progress=report)

        run_with_progress(
            self.owner.runner, self, "Checking every row…", work, self._show, self._failed
        )

    def _failed(self, error: BaseException, details: str) -> None:
        self.rows.clear_plan()
        self.choice_box.hide()
        self.decisions.hide()
        if isinstance(error, IcsTrackerError):
            self.message.setText(f"<b>This file cannot be imported.</b> {error.message}")
        else:
            self.message.setText(f"Unexpected error reading the file: {error}")
            self.owner.report_unexpected(error, details)

    def _remap(self, letter: str, field: str) -> None:
        self._plan_again(
            replace(self.options, column_map={**self.options.column_map, letter: field})
        )

    # --- showing -------------------------------------------------------------------

    def _show(self, plan: ImportPlan) -> None:
        self.plan = self._read = plan
        current = self.rows.currentRow()
        self.columns.show_plan(plan)
        counts = plan.counts
        self.good_rows.setText(
            f"Import the {counts['add']:,} &good row(s), and list the {counts['error']:,} "
            "with problems in a report beside the file"
        )
        self.choice_box.setVisible(counts["error"] > 0)
        self.rows.show_plan(plan)
        if not 0 <= current < self.rows.rowCount():  # first time: the first with a suggestion
            current = next(
                (i for i, row in enumerate(self.rows.planned) if row.suggestion is not None), -1
            )
        if current >= 0:
            self.rows.setCurrentCell(current, max(0, self.rows.currentColumn()))
        self.decisions.show_plan(plan)
        self._say_what_happens()
        self.completeChanged.emit()

    def _say_what_happens(self) -> None:
        plan = self.plan
        if plan is None:
            return
        counts = plan.counts
        if counts["add"] == 0:
            verdict = "There is nothing new to import."
        elif counts["error"] and not self.skip_bad_rows():
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
