"""Undo and redo of add, edit and delete, and of marking follow-ups done; each a service call.

Each command does its work *before* it is pushed (so an error is shown and nothing is
pushed), and remembers the row version after every step: undoing an edit is itself an
edit from that version, so it can never overwrite someone else's later change silently.
If an undo or redo fails (the row changed elsewhere), the error is shown and the history
is cleared, because it no longer describes the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from icstracker.db.database import Database
from icstracker.services.actions import set_action_done
from icstracker.services.engagement_types import EngagementInput, EngagementView
from icstracker.services.engagements import (
    delete_engagement,
    log_engagement,
    restore_engagement,
    update_engagement,
)

Changed = Callable[[int | None], None]
Failed = Callable[[BaseException], None]


def _short(title: str) -> str:
    return title if len(title) <= 40 else title[:39] + "…"


class _EngagementCommand(QUndoCommand):
    def __init__(self, database: Database, changed: Changed, failed: Failed, text: str) -> None:
        super().__init__(text)
        self.database = database
        self.changed = changed
        self.failed = failed
        self.version = 0
        self.engagement_id = 0
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self.forward)

    def undo(self) -> None:
        self._run(self.backward)

    def _run(self, step: Callable[[], EngagementView]) -> None:
        try:
            view = step()
        except Exception as error:  # noqa: BLE001 - shown to the user by the window
            self.setObsolete(True)
            self.failed(error)
            return
        self.version = view.version
        self.changed(view.id)

    def forward(self) -> EngagementView:
        raise NotImplementedError

    def backward(self) -> EngagementView:
        raise NotImplementedError


class AddEngagementCommand(_EngagementCommand):
    def __init__(
        self, database: Database, values: EngagementInput, changed: Changed, failed: Failed
    ) -> None:
        super().__init__(database, changed, failed, f"Add “{_short(values.title)}”")
        with database.write() as session:
            view = log_engagement(session, values)
        self.engagement_id, self.version = view.id, view.version

    def forward(self) -> EngagementView:
        with self.database.write() as session:
            return restore_engagement(session, self.engagement_id, expected_version=self.version)

    def backward(self) -> EngagementView:
        with self.database.write() as session:
            return delete_engagement(session, self.engagement_id, expected_version=self.version)


class EditEngagementCommand(_EngagementCommand):
    def __init__(
        self,
        database: Database,
        before: EngagementView,
        values: EngagementInput,
        changed: Changed,
        failed: Failed,
    ) -> None:
        super().__init__(database, changed, failed, f"Edit “{_short(before.title)}”")
        self.before = before.as_input()
        self.after = values
        self.engagement_id = before.id
        with database.write() as session:
            view = update_engagement(session, before.id, values, expected_version=before.version)
        self.version = view.version

    def forward(self) -> EngagementView:
        with self.database.write() as session:
            return update_engagement(
                session, self.engagement_id, self.after, expected_version=self.version
            )

    def backward(self) -> EngagementView:
        with self.database.write() as session:
            return update_engagement(
                session, self.engagement_id, self.before, expected_version=self.version
            )


class DeleteEngagementCommand(_EngagementCommand):
    def __init__(
        self, database: Database, view: EngagementView, changed: Changed, failed: Failed
    ) -> None:
        super().__init__(database, changed, failed, f"Delete “{_short(view.title)}”")
        self.engagement_id = view.id
        with database.write() as session:
            self.version = delete_engagement(
                session, view.id, expected_version=view.version
            ).version

    def forward(self) -> EngagementView:
        with self.database.write() as session:
            return delete_engagement(session, self.engagement_id, expected_version=self.version)

    def backward(self) -> EngagementView:
        with self.database.write() as session:
            return restore_engagement(session, self.engagement_id, expected_version=self.version)


class SetActionDoneCommand(QUndoCommand):
    """Marks a follow-up done (or not done); undo puts back the date it had."""

    def __init__(
        self,
        database: Database,
        action_id: int,
        description: str,
        done_on: dt.date | None,
        changed: Callable[[], None],
        failed: Failed,
    ) -> None:
        verb = "Mark done" if done_on is not None else "Mark not done"
        super().__init__(f"{verb}: “{_short(description)}”")
        self.database = database
        self.action_id = action_id
        self.done_on = done_on
        self.changed = changed
        self.failed = failed
        with database.write() as session:
            self.previous = set_action_done(session, action_id, done_on)
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._set(self.done_on)

    def undo(self) -> None:
        self._set(self.previous)

    def _set(self, value: dt.date | None) -> None:
        try:
            with self.database.write() as session:
                set_action_done(session, self.action_id, value)
        except Exception as error:  # noqa: BLE001 - shown to the user by the window
            self.setObsolete(True)
            self.failed(error)
            return
        self.changed()
