"""The Stakeholders tab: details and judgements, the grid, and merging duplicates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog

from icstracker.db.database import Database
from icstracker.services.areas import resolve_area
from icstracker.services.committees import CommitteeView
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import log_engagement
from icstracker.ui.main_window import MainWindow


def _people(database: Database, committee: CommitteeView) -> None:
    with database.write() as session:
        for day, people in ((2, ("Dr Priya Shah",)), (3, ("Dr. Priya Shah", "Sam Lee"))):
            log_engagement(
                session,
                EngagementInput(
                    committee_id=committee.id,
                    area_id=resolve_area(session, "QE1").id,
                    occurred_on=dt.date.today() - dt.timedelta(days=day),
                    kind="meeting",
                    title=f"Meeting {day}",
                    people=people,
                ),
            )


def _select(window: MainWindow, name: str) -> None:
    panel = window.stakeholders_panel
    row = next(i for i, r in enumerate(panel.model.rows) if r.name == name)
    panel.table.selectRow(row)


def test_edit_judge_and_see_the_grid(
    window: MainWindow, committee: CommitteeView, qtmodeltester: Any
) -> None:
    _people(window.database, committee)
    panel = window.stakeholders_panel
    panel.refresh()
    qtmodeltester.check(panel.model)
    assert not panel.grid_hint.isHidden()  # an empty grid says how to fill it
    assert "Edit…" in panel.grid_hint.text()
    _select(window, "Sam Lee")
    dialog = panel.edit_selected()
    assert dialog is not None
    dialog.role.setText("PCN clinical director")
    dialog.interest.setValue(4)
    dialog.influence.setValue(5)
    dialog.accept()
    sam = next(r for r in panel.model.rows if r.name == "Sam Lee")
    assert (sam.role, sam.interest, sam.influence) == ("PCN clinical director", 4, 5)
    assert panel.grid.item(0, 3).text() == "Sam Lee"  # influence 5 (top row), interest 4
    assert panel.grid_hint.isHidden()


def test_merge_a_duplicate(
    window: MainWindow,
    committee: CommitteeView,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
) -> None:
    _people(window.database, committee)
    panel = window.stakeholders_panel
    panel.refresh()
    _select(window, "Dr Priya Shah")
    monkeypatch.setattr(
        QInputDialog, "getItem", lambda *args: ("Dr. Priya Shah (1 engagements)", True)
    )
    panel.merge_into_selected()
    assert "cannot be undone" in answers[-1]
    rows = {r.name: r for r in panel.model.rows}
    assert "Dr. Priya Shah" not in rows and rows["Dr Priya Shah"].engagements == 2
    _select(window, "Dr Priya Shah")
    assert "2 engagement(s)" in panel.engagements.toPlainText()


def test_contacts_follow_the_footprint_chosen_in_the_window(
    window: MainWindow, committee: CommitteeView
) -> None:
    _people(window.database, committee)  # met at the ICB itself
    with window.database.write() as session:
        log_engagement(
            session,
            EngagementInput(
                committee_id=committee.id,
                area_id=resolve_area(session, "U45809").id,
                occurred_on=dt.date.today() - dt.timedelta(days=1),
                kind="meeting",
                title="PCN meeting",
                people=("Dr PCN Director",),
            ),
        )
    panel = window.stakeholders_panel
    window.show()
    window.tabs.setCurrentWidget(panel)
    window.apply_filters()
    everyone = {"Dr PCN Director", "Dr Priya Shah", "Dr. Priya Shah", "Sam Lee"}
    assert {r.name for r in panel.model.rows} == everyone
    item = window.tree_model.item_for("U45809")
    assert item is not None
    window.tree.setCurrentIndex(item.index())  # "who are our contacts at this PCN?"
    assert [(r.name, r.engagements) for r in panel.model.rows] == [("Dr PCN Director", 1)]
    panel.only_met.setChecked(False)  # the whole register, to tidy it
    assert {r.name for r in panel.model.rows} == everyone
