"""The engagement form: log a new one or edit an existing one, keyboard first.

The form only gathers values; the service decides what is valid. Its errors come back
as ``ValidationError(field, message)`` and are shown beside the form, with focus moved
to the field to correct.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icstracker.db.models import ENGAGEMENT_KINDS
from icstracker.errors import ValidationError
from icstracker.services.areas import AreaChoice
from icstracker.services.committees import CommitteeView
from icstracker.services.dates import parse_date
from icstracker.services.engagement_types import ActionInput, EngagementInput, EngagementView
from icstracker.ui.area_picker import LEVEL_NAMES, AreaPicker

ACTION_ROWS = 5


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _partner_list(committees: Sequence[CommitteeView], owner_id: int, own_id: int) -> QListWidget:
    """The other committees, each with a tick box. A partner's own window lists it too,
    ticked, when it opens an engagement another committee logged with it."""
    partners = QListWidget()
    partners.setAccessibleName("Joint with other committees")
    partners.setToolTip(
        "Tick the other committees that took part: the engagement then counts for each of "
        "them, and once in any total across committees."
    )
    for committee in committees:
        if committee.id == owner_id:
            continue
        item = QListWidgetItem(committee.name)
        item.setData(Qt.ItemDataRole.UserRole, committee.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        joint = committee.id == own_id  # only when editing another committee's record
        item.setCheckState(Qt.CheckState.Checked if joint else Qt.CheckState.Unchecked)
        partners.addItem(item)
    rows = min(max(partners.count(), 1), 3)
    partners.setFixedHeight(rows * partners.sizeHintForRow(0) + 2 * partners.frameWidth() + 4)
    return partners


class EngagementDialog(QDialog):
    """Returns an ``EngagementInput`` from ``values()`` once accepted.

    ``save`` is the callable that actually saves (it raises ``ValidationError`` to keep the
    dialog open with the message shown); the dialog closes only when it succeeds.
    """

    def __init__(
        self,
        choices: list[AreaChoice],
        topics: list[str],
        committee_id: int,
        parent: QWidget | None = None,
        existing: EngagementView | None = None,
        committees: Sequence[CommitteeView] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit engagement" if existing else "Log an engagement")
        self.setMinimumWidth(640)
        # A partner editing a joint engagement must not take it over: the committee that
        # logged it keeps it.
        self._committee_id = existing.committee_id if existing else committee_id
        self._save = None
        form = QFormLayout()

        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setMaximumDate(QDate.currentDate().addDays(1))
        self.date.setAccessibleName("Date")
        form.addRow("&Date", self.date)

        self.area = AreaPicker(choices)
        self.level = QLabel("")
        self.level.setAccessibleName("Planning level")
        area_row = QHBoxLayout()
        area_row.addWidget(self.area, 1)
        area_row.addWidget(self.level)
        area_label = QLabel("&Area")
        area_label.setBuddy(self.area)
        form.addRow(area_label, area_row)
        self.area.area_chosen.connect(lambda _id, level: self.level.setText(LEVEL_NAMES[level]))

        self.kind = QComboBox()
        for kind in ENGAGEMENT_KINDS:
            self.kind.addItem(kind.replace("_", " ").capitalize(), kind)
        self.kind.setAccessibleName("Kind")
        form.addRow("&Kind", self.kind)

        self.title = QLineEdit()
        self.title.setAccessibleName("Title")
        self.title.setPlaceholderText("e.g. PCN clinical director meeting on Pharmacy First")
        form.addRow("&Title", self.title)

        self.organisations = QLineEdit()
        self.organisations.setPlaceholderText("Separate several with ;")
        self.organisations.setAccessibleName("Organisations")
        form.addRow("&Organisations", self.organisations)
        self.people = QLineEdit()
        self.people.setPlaceholderText("Who you met; separate several with ;")
        self.people.setAccessibleName("People")
        form.addRow("&People", self.people)
        self.representatives = QLineEdit()
        self.representatives.setPlaceholderText("Committee members who attended")
        self.representatives.setAccessibleName("Committee representatives")
        form.addRow("&Representatives", self.representatives)
        self.partners = _partner_list(committees, self._committee_id, committee_id)
        if self.partners.count():  # a database with one committee has no one to join
            form.addRow("&Joint with", self.partners)
        else:
            self.partners.hide()
        self.topics = QLineEdit()
        self.topics.setPlaceholderText("; ".join(topics[:4]) + " …")
        self.topics.setToolTip("Known topics: " + "; ".join(topics))
        self.topics.setAccessibleName("Topics")
        form.addRow("To&pics", self.topics)

        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setAccessibleName("Summary")
        self.summary.setFixedHeight(70)
        form.addRow("&Summary", self.summary)
        self.outcome = QPlainTextEdit()
        self.outcome.setTabChangesFocus(True)
        self.outcome.setAccessibleName("Outcome")
        self.outcome.setFixedHeight(50)
        form.addRow("O&utcome", self.outcome)

        self.rating = QComboBox()
        self.rating.addItem("No rating", None)
        for rating in ("green", "amber", "red"):
            self.rating.addItem(rating.capitalize(), rating)
        self.rating.setAccessibleName("Rating")
        form.addRow("Rat&ing", self.rating)

        self.actions = QTableWidget(ACTION_ROWS, 3)
        self.actions.setHorizontalHeaderLabels(["Follow-up action", "Owner", "Due (dd/mm/yyyy)"])
        self.actions.horizontalHeader().setStretchLastSection(True)
        self.actions.setColumnWidth(0, 300)
        self.actions.setAccessibleName("Follow-up actions")
        self.actions.setTabKeyNavigation(False)
        self.actions.setFixedHeight(150)
        form.addRow("&Follow-ups", self.actions)

        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: palette(highlight); font-weight: bold;")
        self.message.setAccessibleName("Problem with the form")
        self.message.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.try_save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if existing is not None:
            self._fill(existing)
        self.area.setFocus() if existing is None else self.title.setFocus()

    def set_saver(self, save) -> None:  # type: ignore[no-untyped-def]
        """``save(values)`` writes the engagement or raises a ``ValidationError``."""
        self._save = save

    def _fill(self, view: EngagementView) -> None:
        d = view.occurred_on
        self.date.setDate(QDate(d.year, d.month, d.day))
        self.area.set_area(view.area_id)
        self.kind.setCurrentIndex(max(0, self.kind.findData(view.kind)))
        self.title.setText(view.title)
        self.organisations.setText("; ".join(view.organisations))
        self.people.setText("; ".join(view.people))
        self.representatives.setText("; ".join(view.representatives))
        self.topics.setText("; ".join(view.topics))
        for row in range(self.partners.count()):
            item = self.partners.item(row)
            joint = item.data(Qt.ItemDataRole.UserRole) in view.partner_committee_ids
            item.setCheckState(Qt.CheckState.Checked if joint else Qt.CheckState.Unchecked)
        self.summary.setPlainText(view.summary)
        self.outcome.setPlainText(view.outcome)
        self.rating.setCurrentIndex(max(0, self.rating.findData(view.rating)))
        self.actions.setRowCount(max(ACTION_ROWS, len(view.actions) + 1))
        for row, action in enumerate(view.actions):
            due = action.due_on.strftime("%d/%m/%Y") if action.due_on else ""
            for column, text in enumerate((action.description, action.owner or "", due)):
                self.actions.setItem(row, column, QTableWidgetItem(text))

    def _cell(self, row: int, column: int) -> str:
        item = self.actions.item(row, column)
        return item.text().strip() if item else ""

    def values(self) -> EngagementInput:
        area_id = self.area.area_id or self.area.first_match()
        if area_id is None:
            raise ValidationError("area", "Choose the area the engagement was with.")
        actions = []
        for row in range(self.actions.rowCount()):
            description = self._cell(row, 0)
            owner, due = self._cell(row, 1), self._cell(row, 2)
            if not (description or owner or due):
                continue
            actions.append(
                ActionInput(
                    description,
                    owner or None,
                    parse_date(due, "actions") if due else None,
                )
            )
        qdate = self.date.date()
        return EngagementInput(
            committee_id=self._committee_id,
            area_id=area_id,
            occurred_on=dt.date(qdate.year(), qdate.month(), qdate.day()),
            kind=str(self.kind.currentData()),
            title=self.title.text(),
            summary=self.summary.toPlainText(),
            outcome=self.outcome.toPlainText(),
            rating=self.rating.currentData(),
            organisations=_split(self.organisations.text()),
            people=_split(self.people.text()),
            representatives=_split(self.representatives.text()),
            topics=_split(self.topics.text()),
            actions=tuple(actions),
            partner_committee_ids=tuple(
                int(item.data(Qt.ItemDataRole.UserRole))
                for item in (self.partners.item(row) for row in range(self.partners.count()))
                if item.checkState() == Qt.CheckState.Checked
            ),
        )

    def show_problem(self, error: ValidationError) -> None:
        self.message.setText(error.message)
        self.message.show()
        target = {
            "area": self.area,
            "title": self.title,
            "date": self.date,
            "kind": self.kind,
            "rating": self.rating,
            "actions": self.actions,
            "topics": self.topics,
            "partners": self.partners,
        }.get(error.field)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_save(self) -> None:
        try:
            values = self.values()
            if self._save is not None:
                self._save(values)
        except ValidationError as error:
            self.show_problem(error)
            return
        self.accept()
