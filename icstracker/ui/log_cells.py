"""The log's columns and the text of its cells, with no Qt and no database.

Shared by the log's table model (``engagement_table``) and the first look painted before
the ORM has loaded (``first_look``), so the page a user sees first is, cell for cell, the
page the full window then shows. The words come from ``vocabulary``, which loads no ORM.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from icstracker.vocabulary import EngagementKind, PlanningLevel

# (header, sort key or None when the column cannot be sorted in SQL)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("Date", "date"),
    ("Level", "level"),
    ("Footprint", "footprint"),
    ("Area", "area"),
    ("Kind", "kind"),
    ("Title", "title"),
    ("Organisations", None),
    ("People", None),
    ("Open follow-ups", None),
)


class ShownRow(Protocol):
    """What a row of the log shows (``EngagementRow``, ``first_page.FirstRow``)."""

    @property
    def occurred_on(self) -> dt.date: ...
    @property
    def level(self) -> str | None: ...
    @property
    def footprint(self) -> str | None: ...
    @property
    def area(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def organisations(self) -> str: ...
    @property
    def people(self) -> str: ...
    @property
    def open_actions(self) -> int: ...


def row_texts(row: ShownRow) -> tuple[str, ...]:
    """Every cell of ``row``, once: a paint asks each cell for several roles, and the
    models keep these instead of working a cell out again for each."""
    return (
        row.occurred_on.strftime("%d/%m/%Y"),
        PlanningLevel.label_of(row.level, otherwise=""),
        row.footprint or "",
        row.area,
        EngagementKind.label_of(row.kind),
        row.title,
        row.organisations,
        row.people,
        str(row.open_actions) if row.open_actions else "",
    )
