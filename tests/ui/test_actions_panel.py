"""The Follow-ups tab: overdue first, one-click done, undo, and the reminder on start."""

from __future__ import annotations

import datetime as dt
from typing import Any

from icstracker.db.database import Database
from icstracker.services.areas import resolve_area
from icstracker.services.committees import CommitteeView
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import log_engagement
from icstracker.ui.main_window import MainWindow
from icstracker.ui.settings import WindowSettings

TODAY = dt.date.today()


def _with_actions(database: Database, committee: CommitteeView) -> int:
    with database.write() as session:
        return log_engagement(
            session,
            EngagementInput(
                committee_id=committee.id,
                area_id=resolve_area(session, "QE1").id,
                occurred_on=TODAY - dt.timedelta(days=20),
                kind="meeting",
                title="ICB medicines optimisation group",
                actions=(
                    ActionInput("Send the audit", "LPC", TODAY - dt.timedelta(days=1)),
                    ActionInput("Book the next meeting", "ICB", TODAY + dt.timedelta(days=3)),
                    ActionInput("Share minutes", "LPC", TODAY - dt.timedelta(days=5), TODAY),
                ),
            ),
        ).id


def test_overdue_reminder_mark_done_and_undo(
    qtbot: Any,
    sqlite_db: Database,
    committee: CommitteeView,
    settings_file: Any,
    qtmodeltester: Any,
) -> None:
    engagement_id = _with_actions(sqlite_db, committee)
    window = MainWindow(sqlite_db, committee, WindowSettings(settings_file))
    qtbot.addWidget(window)
    window.show()
    panel = window.actions_panel
    qtmodeltester.check(panel.model)
    assert not window.reminder.isHidden()
    assert "1 follow-up is overdue" in window.reminder.text()
    window.show_overdue()
    assert window.tabs.currentWidget() is panel
    assert [item.description for item in panel.model.items] == ["Send the audit"]
    panel.table.selectRow(0)
    panel.toggle_done()
    assert panel.model.items == []
    assert window.reminder.isHidden()
    assert window.undo_stack.undoText() == "Mark done: “Send the audit”"
    window.undo_stack.undo()
    assert [item.description for item in panel.model.items] == ["Send the audit"]
    assert not window.reminder.isHidden()
    panel.view.setCurrentIndex(4)  # all, done ones included
    assert [i.status for i in panel.model.items] == ["overdue", "due this week", "done"]
    panel.table.doubleClicked.emit(panel.model.index(2, 0))
    assert window.tabs.currentWidget() is window.table
    assert window.selected_id() == engagement_id
    window.close()
