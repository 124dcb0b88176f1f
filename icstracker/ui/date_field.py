"""A date typed as dd/mm/yyyy (or picked from a calendar) that is exactly what was typed.

``QDateEdit`` edits a date section by section and fixes up each keystroke against its
range: with a maximum of tomorrow, typing "12/11/2026" gave 02/11/2026. This field is
plain text read by ``services.dates`` on leaving it, the reader the command line and the
importer use, and checked by the same rule as the service (not in the future, not
before 2000). A refusal marks the field and says why; nothing is clamped or shifted.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from icstracker.errors import ValidationError
from icstracker.services.dates import check_engagement_date, parse_date, uk_today
from icstracker.ui.form_problem import mark_field

SHOWN = "%d/%m/%Y"


class DateField(QWidget):
    """``date_changed(date)`` when a new valid date is entered; ``problem_changed(text)``
    with the reason (or "") when the field becomes invalid (or valid again)."""

    date_changed = Signal(object)
    problem_changed = Signal(str)

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date: dt.date | None = None
        self.problem = ""
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("dd/mm/yyyy")
        self.edit.setAccessibleName("Date")
        self.edit.setToolTip("Day first: 12/11/2026, or 'today', 'yesterday', 12 Nov 2026")
        self.edit.setMaxLength(40)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setAccessibleName("Choose the date")
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setAccessibleName("Open the calendar")
        self.button.setToolTip("Pick the date from a calendar")
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        menu.aboutToShow.connect(self._before_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        layout.addStretch(1)
        # Tab reaches the composite, whose proxy takes the focus (the edit's own place in
        # the dialog's focus chain is lost when the field is moved into the form).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self.commit)
        self._menu = menu
        if value is not None:
            self.set_date(value)

    def date(self) -> dt.date | None:
        """The date entered, or None while the field is empty or invalid."""
        return self._date

    def set_date(self, value: dt.date) -> None:
        self.edit.setText(value.strftime(SHOWN))
        self._accept(value)

    def commit(self) -> dt.date | None:
        """Reads the text: the exact date, or an invalid field saying why."""
        text = self.edit.text().strip()
        if self._date is not None and text == self._date.strftime(SHOWN):
            return self._date
        try:
            value = parse_date(text)
            check_engagement_date(value, uk_today())
        except ValidationError as error:
            self._date = None
            self._set_problem(error.message)
            return None
        self.edit.setText(value.strftime(SHOWN))
        self._accept(value)
        return value

    def _accept(self, value: dt.date) -> None:
        changed = value != self._date
        self._date = value
        self._set_problem("")
        if changed:
            self.date_changed.emit(value)

    def _before_calendar(self) -> None:
        self.calendar.setMaximumDate(_qdate(uk_today()))
        shown = self._date or uk_today()
        self.calendar.setSelectedDate(_qdate(shown))

    def _picked(self, picked: QDate) -> None:
        self._menu.hide()
        self.set_date(dt.date(picked.year(), picked.month(), picked.day()))
        self.edit.setFocus()

    def _set_problem(self, problem: str) -> None:
        changed = problem != self.problem
        self.problem = problem
        mark_field(self.edit, problem)
        if changed:
            self.problem_changed.emit(problem)


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)
