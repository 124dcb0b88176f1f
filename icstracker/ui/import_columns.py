"""The import preview's columns: what each column of the file holds, and those not imported.

Every column of the sheet is either imported into a field or listed as not imported with
the importer's reason ("header not recognised", "a second date column"), and one box
keeps the text of those columns, appended to each row's summary under its header, so
nothing a committee wrote down is lost by importing its log.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from icstracker.services.imports.columns import FIELDS, IGNORE, column_letter
from icstracker.services.imports.plan import ImportPlan

NOT_IMPORTED = "not imported"
COLUMNS_PER_LINE = 3
LABEL_CHARS = 24  # a column's header, beyond which it is cut short (in full as a tooltip)
LINES_SHOWN = 5  # lines of column choices before they scroll
LISTED = 8  # columns not imported named on the page; the rest in the tooltip
WHY_MAPPED = {
    "header": "recognised by its header",
    "contents": "recognised by what its cells hold",
    "your choice": "your choice",
}


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
        if plan.headers != self._headers:
            self.clear()
            self._headers = plan.headers
            for index, header in enumerate(plan.headers):
                self._add_column(index, header)
            self.updateGeometry()
        mapped = {c.index: c for c in plan.mapping.columns}
        unmapped = {c.index: c for c in plan.unmapped}
        for index in range(len(plan.headers)):
            combo = self.combos[column_letter(index)]
            column = mapped.get(index)
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(column.field if column else IGNORE)))
            combo.blockSignals(False)
            if column is not None:
                why = WHY_MAPPED.get(column.why, column.why)
                combo.setToolTip(f"Imported as {column.field} ({why})")
            elif index in unmapped:
                combo.setToolTip(f"Not imported: {unmapped[index].reason}")
            else:
                combo.setToolTip("Not imported")

    def _add_column(self, index: int, header: str) -> None:
        letter = column_letter(index)
        shown = f"{letter}: {header}" if header else f"{letter}: (no header)"
        label = QLabel()
        width = label.fontMetrics().averageCharWidth() * LABEL_CHARS
        elided = label.fontMetrics().elidedText(shown, Qt.TextElideMode.ElideRight, width)
        label.setText(elided.replace("&", "&&"))  # "R&D" is a header, not an Alt key
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


class ColumnsBox(QGroupBox):
    """The choices, the columns not imported (with why), and whether to keep their text."""

    changed = Signal(str, str)  # column letter, field (or IGNORE)
    keep_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__("Columns of the file")
        self.choices = ColumnChoices()
        self.choices.changed.connect(self.changed)
        self.not_imported = QLabel()
        self.not_imported.setWordWrap(True)
        self.not_imported.setAccessibleName("Columns not imported")
        self.keep = QCheckBox(
            "&Keep the text of the columns not imported: add it to each row's summary, "
            "under the column's header"
        )
        self.keep.toggled.connect(self.keep_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choices)
        layout.addWidget(self.not_imported)
        layout.addWidget(self.keep)
        self.keep.hide()

    def clear(self) -> None:
        self.choices.clear()
        self.not_imported.clear()
        self.keep.hide()

    def show_plan(self, plan: ImportPlan) -> None:
        self.choices.show_plan(plan)
        unmapped = plan.unmapped
        if not unmapped:
            self.not_imported.setText("Every column is imported.")
            self.not_imported.setToolTip("")
        else:
            named = [f"{c.label}: {c.reason}" for c in unmapped]
            more = len(named) - LISTED
            shown = "; ".join(named[:LISTED]) + (f"; and {more} more" if more > 0 else "")
            self.not_imported.setText(f"<b>Not imported:</b> {_escape(shown)}.")
            self.not_imported.setToolTip("\n".join(named))
        with_text = any(c.values for c in unmapped)
        self.keep.setVisible(with_text)
        self.keep.blockSignals(True)
        self.keep.setChecked(plan.options.keep_unmapped)
        self.keep.blockSignals(False)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
