"""The coverage map on the Coverage sheet: the places and PCNs as hexes, with its key.

The same map as the window's Map tab (``map_data``), coloured by engagements in the
period, zoomed to the committee's areas, for either audience (the partners' version
counts only what partners may see, like every other number in it). It starts a printed
page of its own below the list; its captions and key are cells, in the report's font.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol, cast

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.drawing.image import Image
from openpyxl.styles import PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.pagebreak import Break

from icstracker.cells import styled
from icstracker.reports.layout import Rows
from icstracker.reports.map_picture import render_maps
from icstracker.reports.printing import PIXELS_PER_UNIT
from icstracker.reports.sheet_parts import parts
from icstracker.reports.styles import Style
from icstracker.services.map_colours import NOT_OPEN, OUTSIDE
from icstracker.services.map_data import CoverageMap

ROW_POINTS = 15  # openpyxl writes defaultRowHeight="15"; LibreOffice and Excel keep it
CAPTION_COLUMNS = (1, 5)  # A and E: above each panel
KEY_COLUMNS = ((1, 2), (5, 6))  # swatch and label, under each panel


class _Images(Protocol):
    def add_image(self, img: Image, anchor: str | None = None) -> None: ...


class PngImage(Image):
    """An openpyxl image from PNG bytes already made: openpyxl's own reads the picture
    with Pillow, which the app does not need for anything else."""

    def __init__(self, png: bytes, width: int, height: int) -> None:
        self.ref = png
        self.png = png
        self.width = width
        self.height = height
        self.format = "png"

    def _data(self) -> bytes:
        return self.png


def write_map(
    sheet: WriteOnlyWorksheet, rows: Rows, maps: Sequence[CoverageMap], widths: Sequence[float]
) -> None:
    """Appends the map below what ``rows`` has written, on a new printed page; ``widths``
    are the sheet's columns, so each panel starts under its caption."""
    if not maps:
        return
    edges = [0.0]
    for width in widths:
        edges.append(edges[-1] + PIXELS_PER_UNIT * width + 5)
    picture = render_maps(maps, [round(edges[column - 1]) for column in CAPTION_COLUMNS])
    rows.blank()
    parts(sheet).row_breaks.append(Break(id=rows.last))
    rows.add(styled(sheet, "Map: places and PCNs, engagements this period", Style.HEADING))
    rows.add(
        styled(
            sheet,
            "One equal hex for each council and PCN (Open Innovations hex maps, MIT licence); "
            "the committee's ICSs outlined. Each place counts its PCNs' engagements too.",
            Style.NOTE,
        )
    )
    rows.add(*_captions(sheet, maps))
    image = PngImage(picture.png, picture.width, picture.height)
    cast(_Images, sheet).add_image(image, f"A{rows.last + 1}")
    rows.blank(math.ceil(picture.height * 0.75 / ROW_POINTS) + 1)
    _write_key(sheet, rows, maps)


def _captions(sheet: WriteOnlyWorksheet, maps: Sequence[CoverageMap]) -> list[Cell | None]:
    cells: list[Cell | None] = [None] * max(CAPTION_COLUMNS)
    for column, shown in zip(CAPTION_COLUMNS, maps, strict=False):
        cells[column - 1] = styled(sheet, shown.layer_map.layer.label, Style.LABEL)
    return cells


def _write_key(sheet: WriteOnlyWorksheet, rows: Rows, maps: Sequence[CoverageMap]) -> None:
    keys = [_key_lines(shown) for shown in maps]
    for number in range(max(len(k) for k in keys)):
        cells: list[Cell | None] = [None] * max(c for _, c in KEY_COLUMNS)
        for (swatch, label), lines in zip(KEY_COLUMNS, keys, strict=False):
            if number < len(lines):
                text, colour = lines[number]
                if colour:
                    cells[swatch - 1] = _swatch(sheet, colour)
                    cells[label - 1] = styled(sheet, text, Style.TEXT)
                else:
                    cells[swatch - 1] = styled(
                        sheet, text, Style.LABEL if not number else Style.NOTE
                    )
        rows.add(*cells)
    for note in _notes(maps):
        rows.add(styled(sheet, note, Style.NOTE))


def _key_lines(shown: CoverageMap) -> list[tuple[str, str]]:
    noun = shown.layer_map.layer.label
    lines = [(f"{noun}: {shown.scale.title.lower()}", "")]
    for band, count in zip(shown.scale.bands, shown.band_counts(), strict=True):
        lines.append((f"{band.label} ({count:,})", band.colour))
    if any(h.mine and not h.figures.open_in_period for h in shown.hexes):
        lines.append(("Not open in the period", NOT_OPEN))
    lines.append(("Outside the committee's areas", OUTSIDE))
    return lines


def _notes(maps: Sequence[CoverageMap]) -> list[str]:
    notes = []
    for shown in maps:
        layer = shown.layer_map.layer
        beside = sorted({h.area.name for h in shown.placed_beside if h.mine})
        if beside:
            notes.append(
                f"Not on the {layer.drawn_from} map, drawn beside their neighbours with a "
                f"dashed edge: {', '.join(beside)}."
            )
        missing = [f"{a.name} ({a.code})" for a in shown.not_on_map if a.code in shown.mine]
        if missing:
            notes.append(f"{layer.label} not on the map: {', '.join(missing)}.")
    return notes


def _swatch(sheet: WriteOnlyWorksheet, colour: str) -> Cell:
    cell = WriteOnlyCell(sheet)
    cell.style = Style.TEXT
    cell.fill = PatternFill("solid", fgColor=colour.lstrip("#").upper())
    return cell
