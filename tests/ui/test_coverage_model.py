"""The Coverage tab's table model on its own: rows in, cells, sort keys and tints out.

No window, no database: a model is a function of its rows (Vorta's habit), so its
formatting and ordering are tested with rows made here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from icstracker.services.coverage_data import CoverageRow
from icstracker.services.coverage_status import AMBER, GREEN, RED
from icstracker.ui.coverage_panel import CODE_ROLE, HEADERS, SORT_ROLE, TINTS, CoverageModel
from icstracker.vocabulary import AreaKind, PlanningLevel


def _row(code: str, engagements: int, last: dt.date | None, days: int | None) -> CoverageRow:
    return CoverageRow(
        system="Lancashire and South Cumbria",
        level=PlanningLevel.NEIGHBOURHOOD.label,
        kind=AreaKind.PCN.label,
        code=code,
        name=f"PCN {code}",
        parent="Blackpool",
        engagements=engagements,
        within=engagements,
        last_engaged=last,
        days_since=days,
    )


def test_cells_sort_keys_and_tints(qtmodeltester: Any) -> None:
    model = CoverageModel()
    model.set_rows(
        [
            (_row("U1", 1234, dt.date(2026, 11, 3), 5), GREEN),
            (_row("U2", 0, None, None), RED),
            (_row("U3", 0, dt.date(2026, 8, 1), 100), AMBER),
        ]
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == len(HEADERS)
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    first = [model.index(0, c).data() for c in range(len(HEADERS))]
    assert first[0] == "Green" and first[2] == "PCN" and first[5] == "1,234"
    assert first[7] == "03/11/2026" and first[8] == "5"
    never = model.index(1, 7)
    assert never.data() == "never" and model.index(1, 8).data() == ""
    assert never.data(SORT_ROLE) == dt.date.min  # never engaged sorts as the longest gap
    assert model.index(1, 8).data(SORT_ROLE) == 10**9
    assert [model.index(r, 0).data(SORT_ROLE) for r in range(3)] == [2, 0, 1]
    assert model.index(2, 0).data(CODE_ROLE) == "U3"
    assert model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole) == TINTS[RED]
    assert model.row_at(QModelIndex()) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Status"


def test_rows_replace_the_list_wholesale(qtmodeltester: Any) -> None:
    model = CoverageModel()
    model.set_rows([(_row("U1", 1, None, None), RED)])
    model.set_rows([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0
