"""The window as an LPC officer uses it: log, find, edit, undo, delete."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from icstracker.db.database import Database
from icstracker.db.models import Engagement
from icstracker.services.areas import resolve_area
from icstracker.services.committees import CommitteeView
from icstracker.services.dates import uk_today
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import get_engagement, log_engagement, update_engagement
from icstracker.services.periods import nhs_quarter_containing
from icstracker.ui.main_window import MainWindow
from icstracker.ui.navigator import ID_ROLE
from icstracker.ui.settings import WindowSettings


def titles(window: MainWindow) -> list[str]:
    model = window.table_model
    return [model.row_data(row).title for row in range(model.rowCount())]  # type: ignore[union-attr]


def select_title(window: MainWindow, title: str) -> None:
    row = titles(window).index(title)
    window.table.selectRow(row)


def test_models_pass_the_model_tester(window: MainWindow, qtmodeltester) -> None:
    qtmodeltester.check(window.table_model)
    qtmodeltester.check(window.tree_model)


def test_opens_with_the_log_and_a_status_line(window: MainWindow) -> None:
    assert titles(window)[0] == "ICB primary care committee"
    assert len(titles(window)) == 5
    assert window.status.text() == "5 engagements shown · All dates · Community Pharmacy Lancashire"


def test_level_buttons_filter(window: MainWindow) -> None:
    window.levels.button(1).click()
    assert titles(window) == ["ICB primary care committee"]
    window.levels.button(2).click()
    assert titles(window) == ["Blackpool place board call"]
    window.levels.button(3).click()
    assert titles(window) == [
        "PCN clinical director meeting",
        "Email to the PCN manager",
        "Old PCN meeting",
    ]
    window.levels.button(0).click()
    assert len(titles(window)) == 5


def test_choosing_a_footprint_shows_everything_inside_it(window: MainWindow, qtbot) -> None:
    item = window.tree_model.item_for("U45809")
    assert item is not None
    window.tree.setCurrentIndex(item.index())
    assert titles(window) == ["PCN clinical director meeting", "Old PCN meeting"]
    assert "Blackpool South PCN" in window.status.text()
    counts = window.tree_model
    lsc = counts.item_for("QE1")
    assert lsc is not None
    count_cell = counts.itemFromIndex(lsc.index().siblingAtColumn(1))
    assert count_cell.text() == "5"


def test_a_footprint_cut_short_in_a_narrow_tree_is_named_whole_in_its_tooltip(
    window: MainWindow,
) -> None:
    item = window.tree_model.item_for("QE1")
    assert item is not None
    assert item.toolTip() == item.text() == "Lancashire and South Cumbria"


def test_period_and_search(window: MainWindow, qtbot) -> None:
    window.period.set_key(nhs_quarter_containing(dt.date.today() - dt.timedelta(days=400)).key)
    assert titles(window) == ["Old PCN meeting"]
    window.period.set_key("all")
    qtbot.keyClicks(window.search, "blood pressure")
    qtbot.waitUntil(lambda: titles(window) == ["Blackpool place board call"], timeout=3000)
    window.clear.click()
    assert len(titles(window)) == 5 and window.search.text() == ""


def test_add_through_the_form_then_undo_and_redo(
    window: MainWindow, sqlite_db: Database, qtbot
) -> None:
    dialog = window.new_engagement()
    with sqlite_db.session() as session:
        dialog.area.set_area(resolve_area(session, "U82077").id)
    assert dialog.level.text() == "Neighbourhood"
    dialog.title.setText("Pharmacy First follow-up with the CD")
    dialog.people.setText("Dr New Person; Practice Manager")
    dialog.topics.setText("Pharmacy First")
    dialog.follow_ups.setItem(0, 0, _item("Send the referral figures"))
    dialog.try_save()
    assert not dialog.isVisible()
    assert titles(window)[0] == "Pharmacy First follow-up with the CD"
    with sqlite_db.session() as session:
        saved = session.scalars(
            select(Engagement).where(Engagement.title == "Pharmacy First follow-up with the CD")
        ).one()
        view = get_engagement(session, saved.id)
    assert view.people == ("Dr New Person", "Practice Manager")
    assert view.actions[0].description == "Send the referral figures"
    assert window.undo_action.text() == "&Undo Add “Pharmacy First follow-up with the CD”"
    window.undo_action.trigger()
    assert "Pharmacy First follow-up with the CD" not in titles(window)
    window.redo_action.trigger()
    assert "Pharmacy First follow-up with the CD" in titles(window)


def _item(text: str):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableWidgetItem

    return QTableWidgetItem(text)


def test_validation_messages_appear_in_the_form(window: MainWindow, sqlite_db: Database) -> None:
    dialog = window.new_engagement()
    dialog.try_save()
    assert dialog.message.text() == "Choose the area the engagement was with."
    with sqlite_db.session() as session:
        dialog.area.set_area(resolve_area(session, "QE1").id)
    dialog.try_save()
    assert dialog.message.text() == "An engagement needs a title."
    assert dialog.isVisible()
    dialog.title.setText("Meeting")
    dialog.follow_ups.setItem(0, 0, _item("Chase"))
    dialog.follow_ups.setItem(0, 2, _item("31/02/2026"))
    dialog.try_save()
    assert dialog.message.text() == "'31/02/2026' is not a date that exists."
    dialog.reject()


def test_duplicate_warning(window: MainWindow, sqlite_db: Database, answers: list[str]) -> None:
    dialog = window.new_engagement()
    with sqlite_db.session() as session:
        dialog.area.set_area(resolve_area(session, "QE1").id)
    dialog.date.set_date(uk_today() - dt.timedelta(days=3))
    dialog.title.setText("ICB primary care committee")
    dialog.try_save()
    assert any("same area, date and title" in text for text in answers)


def test_edit_then_undo(window: MainWindow) -> None:
    select_title(window, "Blackpool place board call")
    dialog = window.edit_selected()
    assert dialog is not None and dialog.title.text() == "Blackpool place board call"
    dialog.title.setText("Blackpool place board (renamed)")
    dialog.try_save()
    assert "Blackpool place board (renamed)" in titles(window)
    assert window.undo_action.text() == "&Undo Edit “Blackpool place board call”"
    window.undo_action.trigger()
    assert "Blackpool place board call" in titles(window)
    assert "Blackpool place board (renamed)" not in titles(window)


def test_an_edit_in_the_window_keeps_the_internal_note_and_flag(
    window: MainWindow, sqlite_db: Database
) -> None:
    """The form does not show them yet: saving it must not clear what ``log add`` set."""
    select_title(window, "Blackpool place board call")
    engagement_id = window.selected_id()
    assert engagement_id is not None
    with sqlite_db.write() as session:
        view = get_engagement(session, engagement_id)
        marked = dataclasses.replace(
            view.as_input(), internal_note="Chair doubts the figures", not_for_partners=True
        )
        update_engagement(session, engagement_id, marked, expected_version=view.version)
    dialog = window.edit_selected()
    assert dialog is not None
    dialog.title.setText("Blackpool place board (renamed)")
    dialog.try_save()
    with sqlite_db.session() as session:
        kept = get_engagement(session, engagement_id)
    assert kept.title == "Blackpool place board (renamed)"
    assert (kept.internal_note, kept.not_for_partners) == ("Chair doubts the figures", True)


def test_delete_then_undo(window: MainWindow, sqlite_db: Database) -> None:
    select_title(window, "Email to the PCN manager")
    window.delete_action.trigger()
    assert "Email to the PCN manager" not in titles(window)
    with sqlite_db.session() as session:
        deleted = session.scalars(
            select(Engagement).where(Engagement.title == "Email to the PCN manager")
        ).one()
        assert deleted.deleted_at is not None
    window.undo_action.trigger()
    assert "Email to the PCN manager" in titles(window)


def test_a_change_made_elsewhere_is_never_overwritten(
    window: MainWindow, sqlite_db: Database, answers: list[str]
) -> None:
    select_title(window, "ICB primary care committee")
    dialog = window.edit_selected()
    assert dialog is not None
    engagement_id = window.selected_id()
    assert engagement_id is not None
    with sqlite_db.write() as session:  # another window saves first
        view = get_engagement(session, engagement_id)
        other = view.as_input()
        update_engagement(
            session,
            engagement_id,
            type(other)(**{**other.__dict__, "outcome": "Agreed elsewhere"}),
            expected_version=view.version,
        )
    dialog.title.setText("My competing edit")
    dialog.try_save()
    assert dialog.isVisible()
    assert "changed elsewhere" in dialog.message.text()
    assert any("changed elsewhere" in text for text in answers)
    with sqlite_db.session() as session:
        kept = get_engagement(session, engagement_id)
    assert (kept.title, kept.outcome) == ("ICB primary care committee", "Agreed elsewhere")


def test_settings_are_restored_on_reopen(
    window: MainWindow, sqlite_db: Database, committee: CommitteeView, settings_file: Path, qtbot
) -> None:
    window.levels.button(3).click()
    window.kind.setCurrentIndex(window.kind.findData("meeting"))
    item = window.tree_model.item_for("E06000009")  # Blackpool Council, which holds its PCNs
    assert item is not None
    window.tree.setCurrentIndex(item.index())
    window.table.setColumnWidth(5, 420)
    window.close()
    again = MainWindow(sqlite_db, committee, WindowSettings(settings_file))
    qtbot.addWidget(again)
    assert again.levels.checkedId() == 3
    assert again.kind.currentData() == "meeting"
    assert again.tree.currentIndex().data(ID_ROLE) == item.data(ID_ROLE)
    assert again.period.key() == "all"
    assert again.table.columnWidth(5) == 420
    assert titles(again) == ["PCN clinical director meeting", "Old PCN meeting"]


def test_detail_pane_shows_the_engagement_safely(window: MainWindow, sqlite_db: Database) -> None:
    select_title(window, "PCN clinical director meeting")
    engagement_id = window.selected_id()
    assert engagement_id is not None
    with sqlite_db.write() as session:
        view = get_engagement(session, engagement_id)
        data = view.as_input()
        update_engagement(
            session,
            engagement_id,
            type(data)(
                **{
                    **data.__dict__,
                    "summary": "<b>not bold</b> & <script>",
                    "actions": (ActionInput("Chase", "LPC", dt.date.today()),),
                }
            ),
            expected_version=view.version,
        )
    window.apply_filters()
    select_title(window, "PCN clinical director meeting")
    html = window.detail.toHtml()
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert "Chase" in window.detail.toPlainText()


def test_keyboard_shortcuts(window: MainWindow, qtbot) -> None:
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in [s.toString() for s in window.redo_action.shortcuts()]
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    select_title(window, "Old PCN meeting")
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert "Old PCN meeting" not in titles(window)


def test_committee_settings_can_be_changed_later(window: MainWindow) -> None:
    dialog = window.edit_committee()
    assert dialog.name.text() == "Community Pharmacy Lancashire"
    dialog.name.setText("Community Pharmacy Lancashire and South Cumbria")
    dialog.accept()
    assert window.committee.name == "Community Pharmacy Lancashire and South Cumbria"
    assert window.committee.area_codes == ("QE1",)
    assert window.windowTitle().endswith("Community Pharmacy Lancashire and South Cumbria")


def test_choosing_a_level_or_footprint_does_not_query_the_tree_counts_again(
    window: MainWindow, sqlite_db: Database, monkeypatch
) -> None:
    """The tree keeps its counts per area and level, so a click on a level or a footprint
    re-sums them (the level's counts do follow it) rather than recounting a national log;
    a change to the data, or to the period or text, recounts."""
    import icstracker.ui.main_window as main_window

    counted: list[object] = []
    real = main_window.area_counts

    def counting(session, criteria):  # type: ignore[no-untyped-def]
        counted.append(criteria)
        return real(session, criteria)

    monkeypatch.setattr(main_window, "area_counts", counting)
    lsc = window.tree_model.item_for("QE1")
    assert lsc is not None
    lsc_cell = window.tree_model.itemFromIndex(lsc.index().siblingAtColumn(1))
    assert lsc_cell.text() == "5"
    window.levels.button(3).click()  # Neighbourhood
    assert lsc_cell.text() == "3"  # re-summed for the level, without a query
    item = window.tree_model.item_for("U45809")
    assert item is not None
    window.tree.setCurrentIndex(item.index())
    assert counted == []
    assert titles(window) == ["PCN clinical director meeting", "Old PCN meeting"]
    with sqlite_db.write() as session:  # written elsewhere: another user, the command line
        pcn = resolve_area(session, "U45809").id
        data = EngagementInput(
            window.committee.id, pcn, dt.date.today(), "call", "Logged by someone else"
        )
        log_engagement(session, data)
    item = window.tree_model.item_for("U45809")
    assert item is not None
    window.tree.setCurrentIndex(window.tree_model.index(0, 0))
    window.tree.setCurrentIndex(item.index())
    assert len(counted) == 1  # the newest change moved, so the tree was counted again
    cell = window.tree_model.itemFromIndex(item.index().siblingAtColumn(1))
    assert cell.text() == "3" and len(titles(window)) == 3
    counted.clear()
    window.search.setText("referral")
    window.apply_filters(data_changed=False)
    assert len(counted) == 1
    select_title(window, "PCN clinical director meeting")
    window.delete_selected()
    assert len(counted) == 2
    lsc = window.tree_model.item_for("QE1")
    assert lsc is not None
    cell = window.tree_model.itemFromIndex(lsc.index().siblingAtColumn(1))
    assert cell.text() == ""  # the only match for "referral" is gone


def test_footprints_over_a_year_old_say_how_to_update(
    sqlite_db: Database,
    committee: CommitteeView,
    settings_file: Path,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import icstracker.ui.main_window as main_window
    from icstracker.services.footprints_age import footprints_age

    fresh = MainWindow(sqlite_db, committee, WindowSettings(settings_file))
    qtbot.addWidget(fresh)
    assert fresh.footprints_notice.isHidden()  # August 2026's files, read in 2026
    later = dt.date(2027, 9, 1)
    monkeypatch.setattr(main_window, "footprints_age", lambda s: footprints_age(s, today=later))
    old = MainWindow(sqlite_db, committee, WindowSettings(settings_file))
    qtbot.addWidget(old)
    old.show()
    qtbot.waitExposed(old)
    assert old.footprints_notice.isVisible()
    text = old.footprints_notice.text()
    assert "Footprints are from August 2026, over a year old" in text
    assert "icstracker reference update FILE" in text
