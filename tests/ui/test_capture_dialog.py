"""The capture review: proposals from a calendar and emails, ticked and unticked by
clicking, an area typed for a personal appointment, then Log; what was ticked is exactly
what is written, and capturing the same files again offers nothing to log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from icstracker.db.database import Database
from icstracker.services.committees import CommitteeView
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements
from icstracker.services.engagements import get_engagement
from icstracker.ui.capture_dialog import CaptureDialog
from icstracker.ui.capture_table import LOG
from icstracker.ui.jobs import JobRunner
from icstracker.ui.main_window import MainWindow

from ..unit.services.capture.samples import (
    ME,
    NOW,
    TEAMS,
    TODAY,
    write_calendar,
    write_eml,
    write_msg,
)

LEFT = Qt.MouseButton.LeftButton


def _files(folder: Path) -> list[Path]:
    return [
        write_calendar(folder / "Calendar.ics"),
        write_calendar(folder / "invite.ics", TEAMS),
        write_eml(folder / "reply.eml"),
        write_msg(folder / "forwarded.msg"),
    ]


def _dialog(qtbot: Any, database: Database, committee: CommitteeView, paths: list[Path]) -> Any:
    dialog = CaptureDialog(
        None, database, committee, paths, JobRunner(run_now=True), today=TODAY, now=NOW
    )
    dialog.options = dialog.options.__class__(
        committee=committee.name, today=TODAY, now=NOW, me=(ME,)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _activate(qtbot, dialog)
    dialog.read()
    return dialog


def _activate(qtbot: Any, dialog: CaptureDialog) -> None:
    """The dialog active again (a job's progress dialog, shown at once in tests, took it)."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def _focused() -> Any:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _count(database: Database) -> int:
    with database.session() as session:
        return count_engagements(session, EngagementFilter())


def _click_tick(qtbot: Any, dialog: CaptureDialog, title: str, occurrence: int = 0) -> None:
    table = dialog.table
    rows = [r for r, p in enumerate(table.proposals) if p.item.title == title]
    row = rows[occurrence]
    table.scrollToItem(table.item(row, LOG))
    rect = table.visualItemRect(table.item(row, LOG))
    # The tick box sits at the left of its cell.
    qtbot.mouseClick(table.viewport(), LEFT, pos=QPoint(rect.left() + 10, rect.center().y()))


def test_tick_untick_choose_an_area_and_log(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    before = _count(sqlite_db)
    dialog = _dialog(qtbot, sqlite_db, committee, _files(tmp_path))
    plan = dialog.plan
    assert plan is not None and len(plan.proposals) == 12 and len(plan.to_log) == 10
    assert dialog.log_button.text() == "&Log 10 engagements"
    # Untick the last Blackpool South meeting (18 November) by clicking its box.
    _click_tick(qtbot, dialog, "Blackpool South PCN clinical directors", 2)
    assert len(dialog.plan.to_log) == 9 and dialog.log_button.text() == "&Log 9 engagements"
    # The dentist's appointment looks personal; give it an area, then tick it.
    dentist = next(r for r, p in enumerate(dialog.table.proposals) if p.item.title == "Dentist")
    dialog.table.selectRow(dentist)
    assert not dialog.table.item(dentist, LOG).flags() & Qt.ItemFlag.ItemIsUserCheckable
    picker = dialog.area_picker
    assert picker is not None
    _activate(qtbot, dialog)
    qtbot.mouseClick(picker, LEFT)
    for key in "U45809":  # as typed: the suggestion list, once open, takes the keys
        qtbot.keyClicks(_focused(), key)
    # With the suggestions open, Qt gives the keys to the list (as on a real screen).
    popup = picker.completer().popup()
    qtbot.keyClick(popup if popup.isVisible() else _focused(), Qt.Key.Key_Tab)
    chosen = dialog.plan.proposal(dialog.table.proposals[dentist].source_id)
    assert chosen.area is not None and chosen.area.area.code == "U45809"
    assert chosen.status == "personal" and not chosen.log
    _click_tick(qtbot, dialog, "Dentist")
    assert len(dialog.plan.to_log) == 10
    wanted = {(p.item.title, p.item.day, p.area.area.code) for p in dialog.plan.to_log if p.area}
    qtbot.mouseClick(dialog.log_button, LEFT)
    result = dialog.captured
    assert result is not None and len(result.added_ids) == 10
    assert _count(sqlite_db) == before + 10
    with sqlite_db.session() as session:
        stored = {
            (v.title, v.occurred_on, v.area_code)
            for v in (get_engagement(session, i) for i in result.added_ids)
        }
    assert stored == wanted
    # Again: what was logged is already logged; the unticked meeting is offered again,
    # since nothing of it was stored.
    again = _dialog(qtbot, sqlite_db, committee, _files(tmp_path))
    assert again.plan is not None
    assert [(p.item.title, f"{p.item.day:%d/%m}") for p in again.plan.to_log] == [
        ("Blackpool South PCN clinical directors", "18/11")
    ]
    assert again.log_button.text() == "&Log 1 engagement"
    assert "10 already logged" in again.summary.text()


def test_a_refused_file_says_why_and_logs_nothing(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.msg"
    bad.write_bytes(b"just text")
    dialog = _dialog(qtbot, sqlite_db, committee, [bad])
    assert dialog.summary.text().startswith("Nothing was written. notes.msg is not an Outlook")
    assert not dialog.log_button.isEnabled()


def test_files_dropped_on_the_window_open_the_review(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = write_eml(tmp_path / "reply.eml")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)), QUrl.fromLocalFile(str(tmp_path / "x.txt"))])
    enter = QDragEnterEvent(
        QPoint(40, 40), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()  # the window offers to take the files
    drop = QDropEvent(
        QPointF(40, 40), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, drop)
    dialogs = window.findChildren(CaptureDialog)
    assert len(dialogs) == 1 and dialogs[0].paths == [path]
    qtbot.waitUntil(lambda: dialogs[0].plan is not None, timeout=20_000)
    assert dialogs[0].plan is not None and len(dialogs[0].plan.proposals) == 1
    qtbot.mouseClick(dialogs[0].log_button, LEFT)
    qtbot.waitUntil(lambda: dialogs[0].captured is not None, timeout=20_000)
    (added,) = dialogs[0].captured.added_ids
    assert "Captured from" in window.detail.toHtml()
    assert "Message-ID" in window.detail.toPlainText()
    assert window.selected_id() == added
