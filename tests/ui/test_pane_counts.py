"""One meaning for every number: one demo log, one filter, every pane's count agrees.

A user sets the filter the way they would (a click on the previous period, a level
button, a footprint in the tree, words typed in the search), then every pane is read:
the status bar, the table, the tree, Coverage, Charts, Stakeholders and Follow-ups. Each
number must equal the service's count of the same filter, or say plainly that it counts
something else ("all time", "in the four quarters charted", "all dates").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtWidgets import QAbstractItemView, QTabWidget, QWidget

from icstracker.db.database import Database
from icstracker.services.actions import STATUSES, action_counts, list_actions
from icstracker.services.areas import resolve_area
from icstracker.services.committees import CommitteeView, list_committees
from icstracker.services.demo import generate_demo
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements, engagement_ids
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import log_engagement
from icstracker.services.periods import label_with_months, nhs_quarter_containing
from icstracker.services.stakeholders import person_engagements
from icstracker.ui.charts_panel import integer_axis
from icstracker.ui.main_window import MainWindow
from icstracker.ui.navigator import ALL_CODE
from icstracker.ui.settings import WindowSettings

TODAY = dt.date.today()
MONTHS = re.compile(r"\d{4}/\d{2} Q\d \([A-Z][a-z]{2}–[A-Z][a-z]{2} \d{4}\)")


@pytest.fixture
def demo_window(
    qtbot: Any, sqlite_db: Database, tmp_path: Path, answers: list[str]
) -> Iterator[MainWindow]:
    """A two-committee demo log of 1,500 engagements over three years, the first shown."""
    with sqlite_db.write() as session:
        generate_demo(session, 1500, committees=2)
        committee = list_committees(session)[0]
    main = MainWindow(sqlite_db, committee, WindowSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


def click_tab(qtbot: Any, tabs: QTabWidget, page: QWidget) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(page)).center())
    assert tabs.currentWidget() is page


def click_row(
    qtbot: Any, view: QAbstractItemView, index: QModelIndex, *, double: bool = False
) -> None:
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    # A double-click is a click then a double-click event, as a mouse sends them: the view
    # acts on a double-click only where the press before it landed.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def tree_count(window: MainWindow, code: str) -> int:
    item = window.tree_model.item_for(code)
    assert item is not None
    text = window.tree_model.itemFromIndex(item.index().siblingAtColumn(1)).text()
    return int(text.replace(",", "") or 0)


def status_count(window: MainWindow) -> int:
    found = re.match(r"([\d,]+) engagements? shown", window.status.text())
    assert found, window.status.text()
    return int(found[1].replace(",", ""))


def service_count(window: MainWindow, criteria: EngagementFilter) -> int:
    with window.database.session() as session:
        return count_engagements(session, criteria)


def test_every_pane_counts_the_same_filter(demo_window: MainWindow, qtbot: Any) -> None:
    window = demo_window
    committee = window.committee
    # The filter, as a user sets it: last quarter, neighbourhood, the committee's ICB, a word.
    qtbot.mouseClick(window.period.previous, Qt.MouseButton.LeftButton)
    period = window.period.period
    assert period is not None and period == nhs_quarter_containing(TODAY).previous()
    qtbot.mouseClick(window.levels.button(3), Qt.MouseButton.LeftButton)  # Neighbourhood
    icb = committee.area_codes[0]
    item = window.tree_model.item_for(icb)
    assert item is not None
    click_row(qtbot, window.tree, item.index())
    assert window.current_filter().area_id is not None
    qtbot.keyClicks(window.search, "pcn")
    # The search applies after a pause in typing; the tree is recounted with it.
    qtbot.waitUntil(lambda: window._counted is not None and window._counted[0].text == "pcn")

    criteria = window.current_filter()
    expected = service_count(window, criteria)
    assert 10 < expected < 1500, "the filter narrows a demo log to a readable number"
    # The log: the status bar and the table.
    assert status_count(window) == expected
    assert window.table_model.rowCount() == expected
    assert label_with_months(period) in window.status.text()
    assert "Neighbourhood level" in window.status.text()
    # The tree: the chosen footprint's count is the log's; the total is every footprint's,
    # with the same period, level and search, and the header says so.
    assert tree_count(window, icb) == expected
    everywhere = service_count(window, dataclasses.replace(criteria, area_id=None))
    assert tree_count(window, ALL_CODE) == everywhere >= expected
    header = str(window.tree_model.headerData(0, Qt.Orientation.Horizontal))
    assert label_with_months(period) in header and "neighbourhood level" in header
    assert "filtered by search" in header

    # Coverage: the same count, named.
    click_tab(qtbot, window.tabs, window.coverage_panel)
    assert window.coverage_panel.total == expected
    summary = window.coverage_panel.summary.text()
    assert f"Engagements in the filtered log, {label_with_months(period)}: {expected:,}" in summary

    # Charts: the period's total is the log's; the four quarters' is labelled as such.
    click_tab(qtbot, window.tabs, window.charts_panel)
    charts = window.charts_panel
    assert charts.period_total == expected
    assert charts.chart_total >= expected
    title = charts.monthly.chart().title()
    assert f"{expected:,} in {label_with_months(period)}" in title
    assert f"{charts.chart_total:,} in the four quarters charted" in title

    # Stakeholders: met in the same engagements; each count is of those, the person's
    # own list below is all time, and says so.
    click_tab(qtbot, window.tabs, window.stakeholders_panel)
    people = window.stakeholders_panel
    assert f"People met in the {expected:,} engagements the log shows" in people.scope.text()
    assert people.model.headerData(3, Qt.Orientation.Horizontal) == "In filtered log"
    assert people.model.rows
    with window.database.session() as session:
        shown = set(engagement_ids(session, criteria))
        for row in people.model.rows:
            met = {i for i, *_ in person_engagements(session, row.id)}
            assert row.engagements == len(met & shown)
    busiest = max(people.model.rows, key=lambda r: r.engagements)
    click_row(qtbot, people.table, people.model.index(people.model.rows.index(busiest), 0))
    with window.database.session() as session:
        all_time = len(person_engagements(session, busiest.id))
    below = people.engagements.toPlainText()
    assert f"{all_time} engagement(s), all time; {busiest.engagements:,} in the filtered log" in (
        below
    )

    # Follow-ups: of the engagements shown, by engagement date, and it says so.
    click_tab(qtbot, window.tabs, window.actions_panel)
    actions = window.actions_panel
    qtbot.keyClicks(actions.view, "All")
    assert actions.view.currentText() == "All"
    with window.database.session() as session:
        everything = list_actions(
            session,
            committee.id,
            today=TODAY,
            statuses=STATUSES,
        )
        overdue = action_counts(session, committee.id, today=TODAY).overdue
    expected_actions = [a.id for a in everything if a.engagement_id in shown]
    assert expected_actions, "a quarter of demo engagements has follow-ups"
    assert [a.id for a in actions.model.items] == expected_actions
    assert actions.model.rowCount() == len(expected_actions)
    assert (
        f"Follow-ups of the engagements the log shows ({label_with_months(period)}, "
        "by engagement date)" in actions.summary.text()
    )
    # The reminder counts every overdue follow-up, and says it is not the filtered log.
    if overdue:
        assert f"{overdue:,} follow-up" in window.reminder.text()
        assert "all dates, every footprint" in window.reminder.text()
    qtbot.mouseClick(actions.only_filtered, Qt.MouseButton.LeftButton)
    assert not actions.only_filtered.isChecked()
    assert actions.model.rowCount() == len(everything)
    assert actions.summary.text().startswith("All follow-ups, all dates, every footprint")


def test_a_level_click_recounts_the_tree(window: MainWindow, qtbot: Any) -> None:
    assert tree_count(window, "QE1") == 5
    qtbot.mouseClick(window.levels.button(3), Qt.MouseButton.LeftButton)  # Neighbourhood
    assert tree_count(window, "QE1") == 3 == window.table_model.rowCount()
    assert tree_count(window, ALL_CODE) == 3
    header = str(window.tree_model.headerData(0, Qt.Orientation.Horizontal))
    assert header == "Footprint\nall dates\nneighbourhood level"
    qtbot.mouseClick(window.levels.button(0), Qt.MouseButton.LeftButton)
    assert tree_count(window, "QE1") == 5


def test_period_labels_say_their_months(window: MainWindow, qtbot: Any) -> None:
    window.show()
    qtbot.keyClicks(window.period.mode, "NHS")
    quarter = nhs_quarter_containing(TODAY)
    assert window.period.label.text() == label_with_months(quarter)
    assert MONTHS.fullmatch(window.period.label.text())
    assert label_with_months(quarter) in window.status.text()
    qtbot.mouseClick(window.period.previous, Qt.MouseButton.LeftButton)
    assert MONTHS.fullmatch(window.period.label.text())
    assert window.period.label.text() == label_with_months(quarter.previous())


@pytest.mark.parametrize("top", [0, 1, 2, 3, 5, 8, 9, 13, 17, 41, 99, 101, 1234, 98765])
def test_count_axes_step_in_whole_numbers(top: int) -> None:
    maximum, ticks = integer_axis(top)
    step = maximum / (ticks - 1)
    assert maximum >= top and step == int(step) >= 1 and 2 <= ticks <= 9


def test_the_chart_axis_reads_whole_numbers(window: MainWindow, qtbot: Any) -> None:
    """Five engagements: the tallest bar is 1 or 2, where Qt's default read "0, 0, 0, 1"."""
    window.show()
    click_tab(qtbot, window.tabs, window.charts_panel)
    (axis,) = window.charts_panel.monthly.chart().axes(Qt.Orientation.Vertical)
    assert isinstance(axis, QValueAxis)
    assert axis.labelFormat() == "%d" and axis.min() == 0
    step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
    assert step == int(step) >= 1
    assert "all dates" in window.charts_panel.monthly.chart().title()


def _old_follow_up(database: Database, committee: CommitteeView) -> int:
    with database.write() as session:
        return log_engagement(
            session,
            EngagementInput(
                committee_id=committee.id,
                area_id=resolve_area(session, "U45809").id,
                occurred_on=TODAY - dt.timedelta(days=300),
                kind="meeting",
                title="PCN pathway review",
                actions=(ActionInput("Send the pathway", "LPC", TODAY - dt.timedelta(days=2)),),
            ),
        ).id


def test_a_follow_up_shows_its_engagement_and_back_restores_the_filters(
    window: MainWindow, qtbot: Any
) -> None:
    engagement_id = _old_follow_up(window.database, window.committee)
    window.show()
    # The user's filters: this NHS quarter, system level, within the ICB, "icb" typed.
    qtbot.keyClicks(window.period.mode, "NHS")
    qtbot.mouseClick(window.levels.button(1), Qt.MouseButton.LeftButton)  # System
    item = window.tree_model.item_for("QE1")
    assert item is not None
    click_row(qtbot, window.tree, item.index())
    qtbot.keyClicks(window.search, "icb")
    qtbot.waitUntil(lambda: window.table_model.rowCount() == 1)
    mine = window.current_filter()
    state = window._filter_state()
    # The reminder's "show them" lists every overdue follow-up, the old one included.
    window.show_overdue()
    panel = window.actions_panel
    assert [i.engagement_id for i in panel.model.items] == [engagement_id]
    click_row(qtbot, panel.table, panel.model.index(0, 2), double=True)

    assert window.tabs.currentWidget() is window.table
    assert window.selected_id() == engagement_id
    assert "PCN pathway review" in window.detail.toPlainText()
    # Only what hid it was widened: the period moved to its quarter, the level, text went.
    widened = window.current_filter()
    old_quarter = nhs_quarter_containing(TODAY - dt.timedelta(days=300))
    assert (widened.date_from, widened.date_to) == (old_quarter.start, old_quarter.end)
    assert widened.level is None and widened.text == ""
    assert widened.area_id == mine.area_id  # the ICB holds the PCN: kept
    assert "filters widened" in window.status.text()
    back = window._back
    assert back is not None and back.isVisible()

    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert window.current_filter() == mine
    assert window._filter_state() == state
    assert window.search.text() == "icb" and window.levels.checkedId() == 1
    assert window.tree.currentIndex().data() == item.text()
    assert window.table_model.rowCount() == 1
    assert not back.isVisible() and "filters widened" not in window.status.text()


def test_an_engagement_already_shown_keeps_every_filter(window: MainWindow, qtbot: Any) -> None:
    engagement_id = _old_follow_up(window.database, window.committee)
    window.show()
    window.apply_filters()
    before = window.current_filter()
    click_tab(qtbot, window.tabs, window.stakeholders_panel)
    window.stakeholders_panel.engagements.anchorClicked.emit(QUrl(f"#{engagement_id}"))
    assert window.current_filter() == before
    assert window.selected_id() == engagement_id
    assert window._back is None or not window._back.isVisible()
