"""Writes a write-only sheet's rows as XML text, not one ElementTree element per cell.

Without lxml, openpyxl writes every cell of a write-only sheet by building an
``Element`` (and, for text, two more) and serialising it through ``et_xmlfile``'s
namespace-aware writer, then looks the cell's style up in the workbook's style list:
about 70% of a quarterly export (cProfile, 250,000 cells), and the same cost for the
plain write-only baseline. The row a sheet's cells make is simple markup, so it is
written here as one string per row, with the same attributes and escaping openpyxl's
``etree_write_cell`` gives each kind of cell the report writes (text, numbers, dates,
booleans, empty styled cells). Anything else in a row (a formula, a comment, a
hyperlink, rich text, ISO dates, a time zone), or an lxml-backed writer, goes the way
openpyxl writes it. ``tests/unit/reports/test_fast_rows.py`` compares the two.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import LXML
from openpyxl.cell.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.utils import datetime as excel_dates
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

_letter = functools.cache(get_column_letter)
_to_excel: Any = excel_dates.to_excel
_FAST = "_icstracker_fast_rows"


def write_rows_as_text(sheet: WriteOnlyWorksheet) -> None:
    """Makes ``sheet`` write its rows with ``_row_text`` once openpyxl has made its writer
    (a write-only sheet makes it at the first append; nothing is written before)."""
    loose: Any = sheet
    if getattr(loose, _FAST, False) or LXML:
        return
    setattr(loose, _FAST, True)
    make_writer = loose._get_writer

    def get_writer() -> None:
        make_writer()
        writer = loose._writer
        if not getattr(writer, _FAST, False):
            setattr(writer, _FAST, True)
            writer.write_row = functools.partial(_write_row, sheet, writer.write_row, {})

    loose._get_writer = get_writer


def _write_row(
    sheet: WriteOnlyWorksheet,
    slow: Callable[[Any, Iterable[Cell], int], None],
    styles: dict[bytes, int],
    xf: Any,
    row: Iterable[Cell],
    row_idx: int,
) -> None:
    write: Any = getattr(xf, "_file", None)
    cells = list(row)
    text = None if write is None else _row_text(sheet, cells, row_idx, styles)
    if text is None:
        slow(xf, cells, row_idx)
    else:
        write(text)


def _row_text(sheet: Any, cells: list[Any], row_idx: int, styles: dict[bytes, int]) -> str | None:
    """The ``<row>`` element for ``cells``, or None when one of them is a kind this does
    not write (openpyxl then writes the row)."""
    attributes = {"r": str(row_idx)}
    dimensions: Any = sheet.row_dimensions
    attributes.update(dimensions.get(row_idx, {}))
    parts = ["<row", *(f' {k}="{escape(str(v), _QUOTE)}"' for k, v in attributes.items()), ">"]
    workbook: Any = sheet.parent
    for cell in cells:
        if cell._comment is not None or cell._hyperlink is not None:
            return None
        value = cell._value
        style = cell._style
        styled = style is not None and any(style)
        if value is None and not styled:
            continue
        kind = cell.data_type
        head = f'<c r="{_letter(cell.column)}{cell.row}"'
        if styled:
            key = style.tobytes()
            number = styles.get(key)
            if number is None:
                number = styles[key] = cell.style_id
            head += f' s="{number}"'
        if kind == "s":
            if value is None or value == "":
                parts.append(f'{head} t="inlineStr" />')
                continue
            if not isinstance(value, str):
                return None  # rich text
            stripped = value.strip()
            space = ' xml:space="preserve"' if stripped and value != stripped else ""
            parts.append(f'{head} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>')
            continue
        if kind == "d":
            if workbook.iso_dates or not isinstance(value, dt.date | dt.datetime):
                return None
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                return None
            kind, value = "n", _to_excel(value, workbook.epoch)
        elif kind not in ("n", "b"):
            return None  # formulas, errors
        if value is None or value == "":
            parts.append(f'{head} t="{kind}" />')
        else:
            shown = safe_string(value)  # "" for NaN and infinity, as openpyxl writes them
            content = f"<v>{escape(shown)}</v>" if shown else "<v />"
            parts.append(f'{head} t="{kind}">{content}</c>')
    parts.append("</row>")
    return "".join(parts)


_QUOTE = {'"': "&quot;"}
