"""Issue 13 in the window: a Slough meeting of May 2026 is Thames Valley's, and a closed
ICB still holds the 2024 Harlow meeting, in the tree's counts and in the log alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from icstracker.db.database import Database
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import log_engagement
from icstracker.ui.main_window import MainWindow
from icstracker.ui.settings import WindowSettings

from .test_pane_counts import click_row, status_count, tree_count

MEETINGS = [
    ("E06000039", dt.date(2026, 5, 12), "Slough place board"),
    ("E07000073", dt.date(2024, 9, 10), "Harlow health forum"),
]


@pytest.fixture
def southern(qtbot: Any, sqlite_db: Database, tmp_path: Path) -> Iterator[MainWindow]:
    with sqlite_db.write() as session:
        committee = create_committee(
            session,
            "Southern LPCs",
            tuple(resolve_area(session, code).id for code in ("S0E4D", "D7T5G")),
        )
        for code, day, title in MEETINGS:
            log_engagement(
                session,
                EngagementInput(
                    committee.id, resolve_area(session, code).id, day, "meeting", title
                ),
                today=dt.date(2026, 12, 2),
            )
    main = MainWindow(sqlite_db, committee, WindowSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(main)
    main.period.set_key("all")
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


def _titles(window: MainWindow) -> list[str]:
    model = window.table_model
    return [model.row_data(row).title for row in range(model.rowCount())]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("code", "titles"),
    [
        ("S0E4D", ["Slough place board"]),  # Thames Valley, since April 2026
        ("QNQ", []),  # Frimley had closed by May 2026
        ("D7T5G", ["Harlow health forum"]),  # Essex, where Harlow counts today
        ("QM7", ["Harlow health forum"]),  # Hertfordshire and West Essex, its ICB in 2024
    ],
)
def test_clicking_a_footprint_shows_what_was_inside_it_and_the_tree_agrees(
    southern: MainWindow, qtbot: Any, code: str, titles: list[str]
) -> None:
    item = southern.tree_model.item_for(code)
    assert item is not None
    parent = item.parent()
    while parent is not None:
        southern.tree.expand(parent.index())
        parent = parent.parent()
    click_row(qtbot, southern.tree, item.index())
    qtbot.waitUntil(lambda: _titles(southern) == titles)
    assert status_count(southern) == len(titles) == tree_count(southern, code)
