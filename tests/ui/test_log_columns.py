"""The log's columns: Title in view on a laptop, Footprint hidden where it would repeat."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from icstracker.db.database import Database
from icstracker.services.areas import resolve_area
from icstracker.services.committees import CommitteeView, update_committee
from icstracker.ui import window_geometry
from icstracker.ui.log_columns import FOOTPRINT, TITLE
from icstracker.ui.main_window import MainWindow
from icstracker.ui.settings import WindowSettings

LAPTOP = QRect(0, 0, 1366, 768)


def title_rect(window: MainWindow) -> QRect:
    """Where the Title column lies in the log's viewport coordinates."""
    table = window.table
    return QRect(table.columnViewportPosition(TITLE), 0, table.columnWidth(TITLE), 10)


def laptop_window(qtbot, database: Database, committee: CommitteeView, settings: Path):  # type: ignore[no-untyped-def]
    """The window as opened on a 1366 × 768 screen, then made to fill it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(window_geometry, "available_geometry", lambda _widget: LAPTOP)
        main = MainWindow(database, committee, WindowSettings(settings))
    qtbot.addWidget(main)
    main.period.set_key("all")
    main.show()
    main.setGeometry(LAPTOP)  # a 1366 × 768 screen, filled
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: main.table.viewport().width() > 500)
    return main


@pytest.fixture
def two_ics_committee(sqlite_db: Database, committee: CommitteeView) -> CommitteeView:
    with sqlite_db.write() as session:
        areas = [resolve_area(session, code).id for code in ("QE1", "QRL")]
        return update_committee(session, committee.id, committee.name, areas)


@pytest.mark.parametrize("ics", ["one", "two"])
def test_the_title_column_is_wholly_visible_at_1366_by_768(
    qtbot,
    sqlite_db: Database,
    committee: CommitteeView,
    two_ics_committee: CommitteeView,
    tmp_path: Path,
    ics: str,
) -> None:
    chosen = committee if ics == "one" else two_ics_committee
    main = laptop_window(qtbot, sqlite_db, chosen, tmp_path / "s.ini")
    assert main.table.isColumnHidden(FOOTPRINT) == (ics == "one")
    assert main.table.viewport().rect().contains(title_rect(main))
    assert main.table.columnWidth(TITLE) >= main.log_columns.title_wanted_width  # readable
    # On a wide screen Title takes the room the others leave: no scrolling at all.
    main.setGeometry(0, 0, 2400, 900)
    qtbot.waitUntil(lambda: main.table.viewport().width() > 1500)
    assert main.table.horizontalScrollBar().maximum() == 0


def test_footprint_hidden_for_one_ics_shown_from_the_header_menu_and_remembered(
    window: MainWindow, qtbot, sqlite_db: Database, committee: CommitteeView, settings_file: Path
) -> None:
    assert window.table.isColumnHidden(FOOTPRINT)  # Lancashire's log: every row one ICB
    window.show()
    qtbot.waitExposed(window)
    header = window.table.horizontalHeader()
    # A right-click on the header: the context-menu event the platform sends for one
    # (QTest's mouse clicks do not make it on the offscreen platform).
    at = QPoint(20, 5)
    QApplication.sendEvent(
        header.viewport(),
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, header.viewport().mapToGlobal(at)),
    )
    menu = window.log_columns.menu
    qtbot.waitUntil(menu.isVisible)
    footprint = next(a for a in menu.actions() if a.text() == "Footprint")
    assert not footprint.isChecked()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(footprint).center())
    assert not window.table.isColumnHidden(FOOTPRINT)
    assert window.table.viewport().rect().contains(title_rect(window))  # Title still in view
    window.close()

    again = MainWindow(sqlite_db, committee, WindowSettings(settings_file))
    qtbot.addWidget(again)
    assert not again.table.isColumnHidden(FOOTPRINT)


def test_the_view_menu_lists_the_same_columns(window: MainWindow) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert isinstance(view, QMenu)
    columns = next(a.menu() for a in view.actions() if a.menu() is window.log_columns.menu)
    names = [a.text() for a in columns.actions()]
    assert names == [
        "Level",
        "Footprint",
        "Area",
        "Kind",
        "Organisations",
        "People",
        "Open follow-ups",
    ]  # Date and Title are always shown
