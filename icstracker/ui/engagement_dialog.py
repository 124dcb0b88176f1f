"""The engagement form: log a new one or edit an existing one, keyboard first.

The form only gathers values; the services decide what they mean and whether they are
valid. The area and the date are read by the same services as the command line and the
importer (``AreaResolver``, ``parse_date``) as soon as the user leaves each field, so
what is saved is what was typed or chosen, never a guess. Errors come back as
``ValidationError(field, message)`` and are shown under the form until that field
changes, with focus moved to the field to correct. A changed form is never closed
without asking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icstracker.errors import ValidationError
from icstracker.services.area_resolver import AreaMatch, AreaRefusal
from icstracker.services.areas import AreaChoice
from icstracker.services.committees import CommitteeView
from icstracker.services.dates import parse_date, uk_today
from icstracker.services.engagement_types import ActionInput, EngagementInput, EngagementView
from icstracker.services.stakeholders import RegisterNames
from icstracker.ui.area_picker import AreaPicker
from icstracker.ui.date_field import DateField
from icstracker.ui.form_problem import FormProblem
from icstracker.ui.names_edit import NamesEdit
from icstracker.ui.unsaved_changes import ask_before_discarding
from icstracker.vocabulary import EngagementKind, PlanningLevel

ACTION_ROWS = 5
# The form's reading of a typed area on a date: ``AreaResolver.match`` without fuzzy names.
ResolveArea = Callable[[str, dt.date], AreaMatch]


def _nothing_typed_resolves(text: str, _on: dt.date) -> AreaMatch:
    raise AreaRefusal(
        f"'{text}' cannot be read here; choose the area from the list.", ambiguous=False
    )


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
        names: RegisterNames,
        committee_id: int,
        parent: QWidget | None = None,
        existing: EngagementView | None = None,
        committees: Sequence[CommitteeView] = (),
        resolve_area: ResolveArea = _nothing_typed_resolves,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit engagement" if existing else "Log an engagement")
        self.setMinimumWidth(640)
        # A partner editing a joint engagement must not take it over: the committee that
        # logged it keeps it.
        self._committee_id = existing.committee_id if existing else committee_id
        self._save = None
        self._asking: QMessageBox | None = None
        form = QFormLayout()

        self.date = DateField(uk_today())
        date_label = QLabel("&Date")
        date_label.setBuddy(self.date.edit)
        form.addRow(date_label, self.date)

        self.area = AreaPicker(
            choices, lambda text: resolve_area(text, self.date.date() or uk_today())
        )
        self.level = QLabel("")
        self.level.setAccessibleName("Planning level")
        area_row = QHBoxLayout()
        area_row.addWidget(self.area, 1)
        area_row.addWidget(self.level)
        area_label = QLabel("&Area")
        area_label.setBuddy(self.area)
        form.addRow(area_label, area_row)
        self.area.area_chosen.connect(
            lambda _id, level: self.level.setText(PlanningLevel(level).label)
        )
        self.area.textEdited.connect(lambda _text: self.level.setText(""))
        self.date.date_changed.connect(lambda _date: self.area.date_changed())
        self.date.problem_changed.connect(lambda problem: self._field_problem("date", problem))
        self.area.problem_changed.connect(lambda problem: self._field_problem("area", problem))

        self.kind = QComboBox()
        for kind in EngagementKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setAccessibleName("Kind")
        form.addRow("&Kind", self.kind)

        self.title = QLineEdit()
        self.title.setAccessibleName("Title")
        self.title.setPlaceholderText("e.g. PCN clinical director meeting on Pharmacy First")
        form.addRow("&Title", self.title)

        self.organisations = NamesEdit(names.organisations)
        self.organisations.setPlaceholderText("Separate several with ;")
        self.organisations.setAccessibleName("Organisations")
        form.addRow("&Organisations", self.organisations)
        self.people = NamesEdit(names.people)
        self.people.setPlaceholderText("Who you met; separate several with ;")
        self.people.setAccessibleName("People")
        form.addRow("&People", self.people)
        self.representatives = NamesEdit(names.people)
        self.representatives.setPlaceholderText("Committee members who attended")
        self.representatives.setAccessibleName("Committee representatives")
        form.addRow("&Representatives", self.representatives)
        self.partners = _partner_list(committees, self._committee_id, committee_id)
        if self.partners.count():  # a database with one committee has no one to join
            form.addRow("&Joint with", self.partners)
        else:
            self.partners.hide()
        self.topics = NamesEdit(names.topics)
        self.topics.setPlaceholderText("; ".join(names.topics[:4]) + " …")
        self.topics.setToolTip("Known topics: " + "; ".join(names.topics))
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

        self.internal_note = QPlainTextEdit()
        self.internal_note.setTabChangesFocus(True)
        self.internal_note.setAccessibleName("Internal note (committee only)")
        self.internal_note.setPlaceholderText(
            "Only in the committee's own report, never in the version for partners"
        )
        self.internal_note.setFixedHeight(44)
        form.addRow("Inter&nal note", self.internal_note)
        self.not_for_partners = QCheckBox("Leave this engagement out of reports for partners")
        self.not_for_partners.setAccessibleName("Not for partners")
        form.addRow("", self.not_for_partners)

        self.rating = QComboBox()
        self.rating.addItem("No rating", None)
        for rating in ("green", "amber", "red"):
            self.rating.addItem(rating.capitalize(), rating)
        self.rating.setAccessibleName("Rating")
        form.addRow("Rat&ing", self.rating)

        self.follow_ups = QTableWidget(ACTION_ROWS, 3)
        self.follow_ups.setHorizontalHeaderLabels(["Follow-up action", "Owner", "Due (dd/mm/yyyy)"])
        header = self.follow_ups.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.follow_ups.setColumnWidth(1, 150)
        # The due date's column is as wide as its header at any font size or scaling.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.follow_ups.setAccessibleName("Follow-up actions")
        self.follow_ups.setTabKeyNavigation(False)
        self.follow_ups.setFixedHeight(150)
        form.addRow("&Follow-ups", self.follow_ups)

        self.problem = FormProblem()
        self.problem.candidate_chosen.connect(self._candidate_chosen)
        self.message = self.problem.message

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(self.try_save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        if existing is not None:
            self._fill(existing)
        self._clear_problem_on_change()
        self._opened_with = self._state()
        self.area.setFocus() if existing is None else self.title.setFocus()

    def set_saver(self, save) -> None:  # type: ignore[no-untyped-def]
        """``save(values)`` writes the engagement or raises a ``ValidationError``."""
        self._save = save

    def _fill(self, view: EngagementView) -> None:
        self.date.set_date(view.occurred_on)
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
        self.internal_note.setPlainText(view.internal_note)
        self.not_for_partners.setChecked(view.not_for_partners)
        self.rating.setCurrentIndex(max(0, self.rating.findData(view.rating)))
        self.follow_ups.setRowCount(max(ACTION_ROWS, len(view.actions) + 1))
        for row, action in enumerate(view.actions):
            due = action.due_on.strftime("%d/%m/%Y") if action.due_on else ""
            for column, text in enumerate((action.description, action.owner or "", due)):
                self.follow_ups.setItem(row, column, QTableWidgetItem(text))

    def _cell(self, row: int, column: int) -> str:
        item = self.follow_ups.item(row, column)
        return item.text().strip() if item else ""

    def values(self) -> EngagementInput:
        occurred_on = self.date.commit()
        if occurred_on is None:
            raise ValidationError("date", self.date.problem or "Enter the date it happened.")
        area_id = self.area.commit()
        if area_id is None:
            raise ValidationError(
                "area", self.area.problem or "Choose the area the engagement was with."
            )
        actions = []
        for row in range(self.follow_ups.rowCount()):
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
        return EngagementInput(
            committee_id=self._committee_id,
            area_id=area_id,
            occurred_on=occurred_on,
            kind=str(self.kind.currentData()),
            title=self.title.text(),
            summary=self.summary.toPlainText(),
            outcome=self.outcome.toPlainText(),
            internal_note=self.internal_note.toPlainText(),
            not_for_partners=self.not_for_partners.isChecked(),
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
        offered = self.area.candidate_labels() if error.field == "area" else None
        self.problem.show_problem(error.field, error.message, offered)
        targets: dict[str, QWidget] = {
            "area": self.area,
            "title": self.title,
            "date": self.date,
            "kind": self.kind,
            "rating": self.rating,
            "actions": self.follow_ups,
            "topics": self.topics,
            "partners": self.partners,
        }
        target = targets.get(error.field)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _field_problem(self, field: str, problem: str) -> None:
        """The area or date field has just been read: say what is wrong with it at once
        (focus stays where the user moved it), or take back a message about it."""
        if problem:
            offered = self.area.candidate_labels() if field == "area" else None
            self.problem.show_problem(field, problem, offered)
        else:
            self.problem.clear(field)

    def _candidate_chosen(self, area_id: int) -> None:
        self.area.set_area(area_id)
        self.area.setFocus()

    def _clear_problem_on_change(self) -> None:
        """A message about a field goes once that field is changed, not when the form is
        next saved; the area and date fields say so themselves once read again."""

        def when_changed(field: str) -> Callable[..., None]:
            return lambda *_: self.problem.clear(field)

        for field, signal in (
            ("title", self.title.textEdited),
            ("kind", self.kind.currentIndexChanged),
            ("rating", self.rating.currentIndexChanged),
            ("topics", self.topics.textEdited),
            ("actions", self.follow_ups.itemChanged),
            ("partners", self.partners.itemChanged),
        ):
            signal.connect(when_changed(field))

    def _state(self) -> tuple[object, ...]:
        """Everything the user can change, to tell a changed form from an untouched one."""
        return (
            self.date.edit.text(),
            self.area.text(),
            self.kind.currentIndex(),
            self.title.text(),
            self.organisations.text(),
            self.people.text(),
            self.representatives.text(),
            self.topics.text(),
            self.summary.toPlainText(),
            self.outcome.toPlainText(),
            self.internal_note.toPlainText(),
            self.not_for_partners.isChecked(),
            self.rating.currentIndex(),
            tuple(
                self._cell(row, column)
                for row in range(self.follow_ups.rowCount())
                for column in range(3)
            ),
            tuple(self.partners.item(row).checkState() for row in range(self.partners.count())),
        )

    def is_changed(self) -> bool:
        return self._state() != self._opened_with

    def reject(self) -> None:
        """Esc, Cancel or the close button: a changed form asks before it is thrown away."""
        if not self.is_changed():
            super().reject()
            return
        self._asking = ask_before_discarding(
            self, "this engagement", self.try_save, lambda: QDialog.reject(self)
        )

    def try_save(self) -> None:
        try:
            values = self.values()
            if self._save is not None:
                self._save(values)
        except ValidationError as error:
            self.show_problem(error)
            return
        self.accept()
