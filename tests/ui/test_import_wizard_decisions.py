"""Decisions in the import wizard: suggested areas accepted, remembered, and forgotten;
columns not imported listed, and their text kept on request.

A legacy log names one footprint its own way ("Healthier Lancs and S Cumbria"); before,
the wizard showed the closest area and left the row an error until the spreadsheet was
edited. Driven as a person would: rows clicked or reached by arrows, buttons clicked or
pressed by their Alt keys, the context menu opened with the Menu key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QTableWidget, QWidget, QWizard
from sqlalchemy import select

from icstracker.db.database import Database
from icstracker.db.models import Engagement
from icstracker.services.committee_aliases import list_aliases
from icstracker.services.committees import CommitteeView
from icstracker.ui.import_rows import AREA, OUTCOME
from icstracker.ui.import_wizard import ImportWizard
from icstracker.ui.jobs import JobRunner

LEFT = Qt.MouseButton.LeftButton
ALT = Qt.KeyboardModifier.AltModifier
STP, ICB = "E54000048", "QE1"  # Lancashire and South Cumbria until and from 1 July 2022
LOG = (
    "Date,ICS,Title,Venue\n"
    "14/05/2021,Healthier Lancs and S Cumbria,STP pharmacy board,Preston\n"
    "02/02/2022,Healthier Lancs and S Cumbria,STP workstream,\n"
    "05/09/2022,Healthier Lancs and S Cumbria,ICB introduction,Chorley\n"
    "10/10/2022,Blackpool South PCN,PCN call,\n"
    "12/10/2022,Nowhere Land,Nowhere call,\n"
)


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "old log.csv"
    path.write_text(LOG, encoding="utf-8")
    return path


def _wizard(qtbot: Any, database: Database, committee: CommitteeView) -> ImportWizard:
    wizard = ImportWizard(None, database, committee, JobRunner(run_now=True))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    return wizard


def _open(qtbot: Any, wizard: ImportWizard, path: Path) -> None:
    qtbot.keyClicks(wizard.choose.path, str(path))
    qtbot.keyClick(wizard.choose.path, Qt.Key.Key_Return)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _click_row(qtbot: Any, table: QTableWidget, row: int) -> None:
    cell = table.visualItemRect(table.item(row, AREA))
    qtbot.mouseClick(table.viewport(), LEFT, pos=cell.center())


def _menu_key(widget: QWidget) -> None:
    """What the Menu key (or Shift+F10) sends: the platform turns it into a keyboard context
    menu event for the focused widget (the offscreen platform of the tests does not)."""
    where = QPoint(0, 0)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, where, widget.mapToGlobal(where))
    QApplication.sendEvent(widget, event)


def _outcomes(wizard: ImportWizard) -> list[str]:
    rows = wizard.preview.rows
    return [rows.item(index, OUTCOME).text() for index in range(rows.rowCount())]


def _areas(wizard: ImportWizard) -> dict[int, str]:
    plan = wizard.preview.plan
    assert plan is not None
    return {r.row: r.area.area.code for r in plan.rows if r.area is not None}


def test_a_suggestion_is_accepted_for_every_row_with_its_text_by_each_rows_date(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, log: Path
) -> None:
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, log)
    preview = wizard.preview
    assert _outcomes(wizard) == ["Error", "Error", "Error", "Will add", "Error"]
    assert "closest: Lancashire and South Cumbria" in preview.rows.item(0, 4).text()
    accept = preview.decisions.accept_text
    assert preview.rows.currentRow() == 0  # the first row with a suggestion, ready to accept
    assert accept.isEnabled() and accept.text() == "&Accept suggestion for 3 row(s)"
    _click_row(qtbot, preview.rows, 3)  # a row read already: nothing to accept
    assert not accept.isEnabled() and not preview.decisions.accept_row.isEnabled()

    _click_row(qtbot, preview.rows, 1)
    assert accept.isEnabled() and accept.text() == "&Accept suggestion for 3 row(s)"
    qtbot.mouseClick(accept, LEFT)

    assert _outcomes(wizard) == ["Will add", "Will add", "Will add", "Will add", "Error"]
    assert _areas(wizard)[2] == STP and _areas(wizard)[3] == STP and _areas(wizard)[4] == ICB
    assert "your choice" in preview.rows.item(2, AREA).text()
    qtbot.mouseClick(preview.good_rows, LEFT)  # "Nowhere Land" stays a problem
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), LEFT)
    summary = wizard.result_page.summary.text()
    assert "Imported 4 engagement(s)" in summary
    assert "Remembered for Community Pharmacy Lancashire's next imports: " in summary
    with sqlite_db.session() as session:
        remembered = list_aliases(session, committee.id)
    assert [(a.text, a.area_code) for a in remembered] == [("Healthier Lancs and S Cumbria", ICB)]

    # The next import reads the name the same way, so its rows are already logged.
    again = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, again, log)
    assert _outcomes(again)[:3] == ["Already logged"] * 3
    assert "remembered name" in again.preview.rows.item(0, AREA).text()
    assert _areas(again)[2] == STP and _areas(again)[4] == ICB  # still by each row's date


def test_the_suggestion_is_accepted_from_the_keyboard(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, log: Path
) -> None:
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, log)
    rows = wizard.preview.rows
    rows.setFocus()
    qtbot.keyClick(rows, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # first row
    assert rows.currentRow() == 0
    _menu_key(rows)
    menu = rows.last_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    texts = [action.text() for action in menu.actions()]
    assert (
        texts[0]
        == "Read 'Healthier Lancs and S Cumbria' as Lancashire and South Cumbria in all 3 row(s)"
    )
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _outcomes(wizard)[:3] == ["Will add"] * 3)
    # A window manager gives the wizard back the focus the menu had; offscreen, the test does.
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)

    # Undone with the button's Alt key; the row is a problem again.
    rows.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_U, ALT)  # "&Undo choice"
    qtbot.waitUntil(lambda: _outcomes(wizard)[:3] == ["Error"] * 3)
    # and accepted again with the Accept button's Alt key
    rows.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_A, ALT)
    qtbot.waitUntil(lambda: _outcomes(wizard)[:3] == ["Will add"] * 3)


def test_a_suggestion_for_one_row_only_is_not_remembered(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, log: Path
) -> None:
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, log)
    preview = wizard.preview
    _click_row(qtbot, preview.rows, 0)
    qtbot.mouseClick(preview.decisions.accept_row, LEFT)
    assert _outcomes(wizard) == ["Will add", "Error", "Error", "Will add", "Error"]
    assert "your choice for this row" in preview.rows.item(0, AREA).text()
    qtbot.mouseClick(preview.good_rows, LEFT)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), LEFT)
    assert "Imported 2 engagement(s)" in wizard.result_page.summary.text()
    assert "Remembered" not in wizard.result_page.summary.text()
    with sqlite_db.session() as session:
        assert list_aliases(session, committee.id) == []


def test_nothing_is_remembered_when_asked_not_to(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, log: Path
) -> None:
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, log)
    preview = wizard.preview
    qtbot.mouseClick(preview.remember, LEFT)
    _click_row(qtbot, preview.rows, 0)
    qtbot.mouseClick(preview.decisions.accept_text, LEFT)
    qtbot.mouseClick(preview.good_rows, LEFT)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), LEFT)
    assert "Imported 4 engagement(s)" in wizard.result_page.summary.text()
    with sqlite_db.session() as session:
        assert list_aliases(session, committee.id) == []


def test_every_suggestion_above_a_score_is_accepted_at_once(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, log: Path
) -> None:
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, log)
    decisions = wizard.preview.decisions
    # "Nowhere Land" is offered nothing: 63% is below the 70% any suggestion needs.
    assert decisions.from_score.text() == "(1 of 1 names)"
    decisions.min_score.setFocus()
    decisions.min_score.selectAll()
    qtbot.keyClicks(decisions.min_score, "90")
    assert decisions.from_score.text() == "(0 of 1 names)"  # "Healthier Lancs…" is 87%
    assert not decisions.accept_all.isEnabled()
    decisions.min_score.selectAll()
    qtbot.keyClicks(decisions.min_score, "80")
    assert decisions.from_score.text() == "(1 of 1 names)"
    qtbot.mouseClick(decisions.accept_all, LEFT)
    outcomes = _outcomes(wizard)
    assert outcomes.count("Will add") == 4 and outcomes.count("Error") == 1
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()  # all or nothing


def test_the_columns_not_imported_are_listed_and_their_text_kept_on_request(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, log: Path
) -> None:
    wizard = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, wizard, log)
    columns = wizard.preview.columns
    assert "Not imported:</b> 'Venue' (column D): header not recognised" in (
        columns.not_imported.text()
    )
    assert columns.choices.combos["D"].currentText() == "not imported"
    assert columns.keep.isVisible() and not columns.keep.isChecked()
    qtbot.keyClick(focused(), Qt.Key.Key_K, ALT)  # "&Keep the text…"
    qtbot.waitUntil(
        lambda: wizard.preview.plan is not None and wizard.preview.options.keep_unmapped
    )
    assert columns.keep.isChecked()
    _click_row(qtbot, wizard.preview.rows, 0)
    qtbot.mouseClick(wizard.preview.decisions.accept_text, LEFT)
    qtbot.mouseClick(wizard.preview.good_rows, LEFT)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), LEFT)
    with sqlite_db.session() as session:
        summary = session.scalar(
            select(Engagement.summary).where(Engagement.title == "STP pharmacy board")
        )
    assert summary is not None and "Venue: Preston" in summary


def test_a_remembered_name_is_seen_and_removed(
    qtbot: Any, sqlite_db: Database, committee: CommitteeView, log: Path
) -> None:
    first = _wizard(qtbot, sqlite_db, committee)
    _open(qtbot, first, log)
    _click_row(qtbot, first.preview.rows, 0)
    qtbot.mouseClick(first.preview.decisions.accept_text, LEFT)
    qtbot.mouseClick(first.preview.good_rows, LEFT)
    qtbot.mouseClick(first.button(QWizard.WizardButton.CommitButton), LEFT)
    first.close()

    wizard = _wizard(qtbot, sqlite_db, committee)
    log.write_text(LOG.replace("STP pharmacy board", "STP board (renamed)"), encoding="utf-8")
    _open(qtbot, wizard, log)
    assert _outcomes(wizard)[0] == "Will add"  # read by the remembered name
    qtbot.keyClick(focused(), Qt.Key.Key_M, ALT)  # "Remembered na&mes…"
    qtbot.waitUntil(lambda: wizard.aliases_dialog is not None)
    dialog = wizard.aliases_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.table.item(0, 0).text() == "Healthier Lancs and S Cumbria"
    assert dialog.table.item(0, 1).text() == "Lancashire and South Cumbria (QE1)"
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert dialog.empty.isVisible() and not dialog.table.isVisible()
    with sqlite_db.session() as session:
        assert list_aliases(session, committee.id) == []
    assert _outcomes(wizard)[0] == "Error"  # the preview asks about it again
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
