"""What the person chose for an import: the committee, the columns, and their decisions.

One frozen value carries every choice from the wizard or the command line to the plan, so
the preview a person approved and the import that writes it are made from the same
choices (``apply`` plans again inside its transaction from these options).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from icstracker.services.area_resolver import FUZZY_THRESHOLD
from icstracker.services.imports.reading import MAX_ROWS


@dataclass(frozen=True)
class ImportOptions:
    """What the person chose: the committee, column overrides, decisions and how strict to be.

    ``area_choices`` maps an area cell's text to an area code for every row holding that
    text (compared as ``normalise_name`` compares); ``row_choices`` maps one row (numbered
    as the sheet numbers it) to an area code. Either way each row takes the footprint of its
    own date. ``accept_suggestions_from`` accepts every closest-area suggestion scoring at
    least that much. ``remember_choices``: a real import saves each text settled by a
    choice or an accepted suggestion as the committee's alias. ``keep_unmapped`` appends
    the text of the columns not imported to each row's summary, under their headers.
    """

    committee: str | None = None
    column_map: Mapping[str, str] = field(default_factory=dict)
    sheet: str | None = None  # a workbook's first sheet unless named
    default_kind: str = "other"
    fuzzy_threshold: float = FUZZY_THRESHOLD
    max_rows: int = MAX_ROWS
    today: dt.date | None = None
    keep_unmapped: bool = False
    area_choices: Mapping[str, str] = field(default_factory=dict)
    row_choices: Mapping[int, str] = field(default_factory=dict)
    accept_suggestions_from: float | None = None
    remember_choices: bool = True
