"""The Coverage tab: the same numbers as the report's Coverage sheet, RAG by thresholds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from icstracker.services.coverage_data import coverage
from icstracker.services.coverage_status import Thresholds
from icstracker.services.report_data import ReportRequest, resolve_scope, whole_log_period
from icstracker.ui.coverage_panel import CODE_ROLE
from icstracker.ui.main_window import MainWindow
from icstracker.ui.settings import WindowSettings


def _rows(window: MainWindow) -> dict[str, tuple[str, str, str]]:
    table = window.coverage_panel.table
    model = table.model()
    found = {}
    for row in range(model.rowCount()):
        code = model.index(row, 0).data(CODE_ROLE)
        found[code] = tuple(model.index(row, c).data() for c in (0, 5, 8))
    return found


def test_coverage_tab_matches_the_report_service(
    window: MainWindow, qtbot: Any, qtmodeltester: Any
) -> None:
    window.show()
    window.tabs.setCurrentWidget(window.coverage_panel)
    panel = window.coverage_panel
    qtmodeltester.check(panel.model)
    rows = _rows(window)
    # Blackpool council, 5 days ago; Fylde Coast-area PCN U45809 7 days ago (and 400).
    assert rows["E06000009"] == ("Green", "1", "5")
    assert rows["U45809"] == ("Green", "2", "7")
    never = [code for code, (status, _, days) in rows.items() if days == ""]
    assert never and all(rows[code][0] == "Red" for code in never)
    with window.database.session() as session:
        today = dt.date.today()
        period = whole_log_period(session, window.committee.id, today)
        scope = resolve_scope(session, ReportRequest(window.committee.id, period, today=today))
        expected = coverage(session, scope)
    assert len(rows) == len(expected.rows)
    tally = expected.tallies[0]
    assert f"PCNs engaged {tally.pcns_engaged} of {tally.pcns}" in panel.summary.text()
    panel.gaps.setChecked(True)
    assert panel.table.model().rowCount() == sum(1 for r in expected.rows if r.engagements == 0)


def test_thresholds_change_the_status_and_are_remembered(
    window: MainWindow, settings_file: Any, qtbot: Any
) -> None:
    window.show()
    window.tabs.setCurrentWidget(window.coverage_panel)
    panel = window.coverage_panel
    panel.amber.setValue(2)
    panel.red.setValue(6)
    panel._thresholds_changed()
    rows = _rows(window)
    assert rows["E06000009"][0] == "Amber" and rows["U45809"][0] == "Red"
    window.close()
    assert WindowSettings(settings_file).coverage_thresholds == Thresholds(2, 6)


def test_thresholds_typed_into_their_row_change_the_status(
    window: MainWindow, settings_file: Any, qtbot: Any
) -> None:
    """As a user sets them: click into "Amber after", type, Tab to "red after", type, Tab."""
    window.show()
    window.activateWindow()  # the keys go to the active window's focus
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.tabs.setCurrentWidget(window.coverage_panel)
    panel = window.coverage_panel
    qtbot.mouseClick(panel.amber.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(panel.amber, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.amber, "2")
    qtbot.keyClick(panel.amber, Qt.Key.Key_Tab)
    assert panel.red.hasFocus()
    qtbot.keyClick(panel.red, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.red, "6")
    qtbot.keyClick(panel.red, Qt.Key.Key_Tab)
    assert (panel.amber.value(), panel.red.value()) == (2, 6)
    rows = _rows(window)
    assert rows["E06000009"][0] == "Amber" and rows["U45809"][0] == "Red"
    window.close()
    assert WindowSettings(settings_file).coverage_thresholds == Thresholds(2, 6)


def test_double_click_shows_the_area_in_the_log(window: MainWindow, qtbot: Any) -> None:
    window.show()
    window.tabs.setCurrentWidget(window.coverage_panel)
    window.show_area("U45809")
    assert window.tabs.currentWidget() is window.table
    titles = {window.table_model.index(r, 5).data() for r in range(window.table_model.rowCount())}
    assert titles == {"PCN clinical director meeting", "Old PCN meeting"}
