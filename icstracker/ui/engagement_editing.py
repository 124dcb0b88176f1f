"""Logging, editing, leaving and deleting an engagement from the window, with undo.

Each opens the form (or asks nothing, for delete), checks for a likely duplicate, pushes
an undoable command and announces the write on the window's ``LogEvents``; the panes
that show the log read it again themselves. Known errors other than a form's own problem
go to a dialog; a form's problem stays in the form, next to the field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from icstracker.db.database import Database
from icstracker.errors import ConcurrencyError, IcsTrackerError, ValidationError
from icstracker.services.area_resolver import AreaResolver
from icstracker.services.areas import AreaChoice, area_choices
from icstracker.services.committees import CommitteeView, list_committees
from icstracker.services.engagement_types import EngagementInput, EngagementView
from icstracker.services.engagements import find_duplicates, get_engagement
from icstracker.services.stakeholders import register_names
from icstracker.ui.engagement_dialog import EngagementDialog
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.log_events import LogChange, LogEvents
from icstracker.ui.undo_commands import (
    AddEngagementCommand,
    DeleteEngagementCommand,
    EditEngagementCommand,
)

NOT_SAVED = "Not saved: change the title or date, or cancel."
Saver = Callable[[EngagementInput], None]


class EngagementEditing(QObject):
    """The window's engagement writes. ``committee`` is read at each use: the user may
    rename the committee or change its areas while the window is open."""

    def __init__(
        self,
        window: QWidget,
        database: Database,
        committee: Callable[[], CommitteeView],
        undo_stack: QUndoStack,
        events: LogEvents,
        status: Callable[[str, int], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.database = database
        self.committee = committee
        self.undo_stack = undo_stack
        self.events = events
        self.status = status
        # The engagement form's ~1,800 searchable areas, read when the form first opens:
        # building them took a fifth of the window's start-up.
        self.choices: list[AreaChoice] | None = None
        self._resolver: AreaResolver

    def changed(self, engagement_id: int | None) -> None:
        """An undo command's (and this module's) word that the log was written."""
        self.events.announce_write(LogChange(() if engagement_id is None else (engagement_id,)))

    def failed(self, error: BaseException) -> None:
        """An undo or redo that could not be applied: said, the stack cleared, the log
        read again (part of it may have been written)."""
        show_error(self.window, error)
        QTimer.singleShot(0, self.undo_stack.clear)
        self.events.announce_write()

    def forget_area_names(self) -> None:
        """The import wizard may have remembered or removed a committee's names for areas:
        the form's next opening reads them afresh."""
        self.choices = None

    def dialog(self, existing: EngagementView | None = None) -> EngagementDialog:
        committee_id = self.committee().id
        with self.database.session() as session:
            if self.choices is None:
                self.choices = area_choices(session)
                # The committee's own names (aliases its imports remembered) too, so the
                # form reads "Healthier Lancs" as the importer and ``log add`` do.
                self._resolver = AreaResolver(session, committee_id=committee_id)
            committees = list_committees(session)  # a few rows; another may have been added
            names = register_names(session)  # and a person or organisation since
        resolver = self._resolver
        return EngagementDialog(
            self.choices,
            names,
            committee_id,
            self.window,
            existing,
            committees,
            resolve_area=lambda text, on: resolver.match(text, on, fuzzy=False),
        )

    def confirm_not_duplicate(self, values: EngagementInput, ignore: int | None = None) -> bool:
        with self.database.session() as session:
            found = [
                i
                for i in find_duplicates(
                    session, values.area_id, values.occurred_on, values.title, values.committee_id
                )
                if i != ignore
            ]
        if not found:
            return True
        answer = QMessageBox.question(
            self.window,
            "Possible duplicate",
            "An engagement with the same area, date and title is already in the log. "
            "Save this one as well?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def new(self, area_id: int | None) -> EngagementDialog:
        dialog = self.dialog()
        if area_id is not None:
            dialog.area.set_area(area_id)

        def save(values: EngagementInput) -> None:
            if not self.confirm_not_duplicate(values):
                raise ValidationError("title", NOT_SAVED)
            command = AddEngagementCommand(self.database, values, self.changed, self.failed)
            self.undo_stack.push(command)
            self.changed(command.engagement_id)

        dialog.set_saver(self.guarded(save))
        dialog.open()
        return dialog

    def edit(self, engagement_id: int) -> EngagementDialog:
        with self.database.session() as session:
            before = get_engagement(session, engagement_id)
        dialog = self.dialog(before)

        def save(values: EngagementInput) -> None:
            if values == before.as_input():
                return
            if not self.confirm_not_duplicate(values, ignore=before.id):
                raise ValidationError("title", NOT_SAVED)
            try:
                command = EditEngagementCommand(
                    self.database, before, values, self.changed, self.failed
                )
            except ConcurrencyError as error:
                self._offer_reload(error, before.id)
                raise ValidationError("engagement", error.message) from error
            self.undo_stack.push(command)
            self.changed(before.id)

        dialog.set_saver(self.guarded(save))
        dialog.open()
        return dialog

    def _offer_reload(self, error: ConcurrencyError, engagement_id: int) -> None:
        answer = QMessageBox.warning(
            self.window,
            "Changed elsewhere",
            f"{error.message}\n\nReload it now? Your edits in this form stay open so you can "
            "copy them across.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.changed(engagement_id)

    def delete(self, engagement_id: int) -> None:
        """Deletes the engagement, or, when another committee logged it and this one only
        joined it, leaves it for them."""
        committee_id = self.committee().id
        command: EditEngagementCommand | DeleteEngagementCommand
        try:
            with self.database.session() as session:
                view = get_engagement(session, engagement_id)
            if committee_id in view.partner_committee_ids:
                # Another committee's record: leave it, rather than delete it for them.
                left = view.left_by(committee_id)
                command = EditEngagementCommand(
                    self.database, view, left, self.changed, self.failed
                )
                command.setText(f"Leave “{view.title[:40]}”")
                self.status(
                    f"Left the joint engagement; {view.committee}, who logged it, keeps it.", 8000
                )
            else:
                command = DeleteEngagementCommand(self.database, view, self.changed, self.failed)
        except IcsTrackerError as error:
            show_error(self.window, error)
            self.events.announce_write()
            return
        self.undo_stack.push(command)
        self.changed(None)

    def guarded(self, save: Saver) -> Saver:
        """Known errors other than validation go to a dialog; validation stays in the form."""

        def run(values: EngagementInput) -> None:
            try:
                save(values)
            except ValidationError:
                raise
            except IcsTrackerError as error:
                show_error(self.window, error)
                raise ValidationError("engagement", error.message) from error

        return run
