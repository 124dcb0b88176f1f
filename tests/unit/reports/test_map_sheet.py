"""The Coverage sheet's map: a PNG drawn without Qt, the Map tab's colours, a key in cells."""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

from icstracker.db.database import Database
from icstracker.reports.map_picture import SCALE, render_maps
from icstracker.reports.workbook import export_report
from icstracker.services.hexmap import centre
from icstracker.services.map_data import CoverageMap, coverage_maps
from icstracker.services.periods import parse_period
from icstracker.services.report_data import Audience, ReportRequest, resolve_scope

if TYPE_CHECKING:
    from tests.unit.reports.conftest import ReportLog

TODAY = dt.date(2027, 1, 10)
Q3 = parse_period("2026/27-Q3")


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of an 8-bit RGB PNG whose rows are all unfiltered."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    position, data, width, height = 8, b"", 0, 0
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", png[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body)
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (depth, colour) == (8, 2)
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    raw = zlib.decompress(data)
    stride = width * 3 + 1
    rows = [raw[n * stride : (n + 1) * stride] for n in range(height)]
    assert all(row[0] == 0 for row in rows)
    return width, height, [row[1:] for row in rows]


def _maps(
    db: Database, log: ReportLog, audience: Audience = Audience.COMMITTEE
) -> list[CoverageMap]:
    request = ReportRequest(log.committee_id, Q3, today=TODAY, audience=audience)
    with db.session() as session:
        return coverage_maps(session, resolve_scope(session, request))


def test_the_picture_shows_each_hex_in_its_colour(db: Database, report_log: ReportLog) -> None:
    places, pcns = _maps(db, report_log)
    assert (places.layer_map.layer.key, pcns.layer_map.layer.key) == ("place", "neighbourhood")
    picture = render_maps([places, pcns], [0, 440])
    width, height, rows = _pixels(picture.png)
    assert (width, height) == (picture.width * SCALE, picture.height * SCALE)
    assert picture.panels[1][0] == 440
    # Where the panels put each of the committee's areas, the pixel is its fill.
    checked = 0
    for shown, (size, dx, dy), (left, across) in zip(
        (places, pcns), picture.scales, picture.panels, strict=True
    ):
        for found in shown.hexes:
            x, y = centre(*found.cell, shown.layout)
            px, py = round((dx + x * size) * SCALE), round((dy + y * size) * SCALE)
            inside = left * SCALE <= px < (left + across) * SCALE and 0 <= py < height
            assert inside or not found.mine, found.code
            if inside:
                assert "#" + rows[py][px * 3 : px * 3 + 3].hex() == found.fill, found.code
                checked += 1
    assert checked > 100  # both ICSs' places and PCNs, and grey neighbours


@pytest.mark.parametrize("audience", list(Audience))
def test_the_coverage_sheet_carries_the_map_and_its_key(
    db: Database, report_log: ReportLog, tmp_path: Path, audience: Audience
) -> None:
    request = ReportRequest(report_log.committee_id, Q3, today=TODAY, audience=audience)
    path = export_report(db, request, tmp_path / "report.xlsx").path
    with zipfile.ZipFile(path) as archive:
        media = [n for n in archive.namelist() if n.startswith("xl/media/")]
        assert len(media) == 1 and archive.read(media[0]).startswith(b"\x89PNG")
    sheet = load_workbook(path)["Coverage"]
    table_end = int(sheet.tables["Coverage"].ref.split(":")[1][1:])
    cells = [
        cell
        for row in sheet.iter_rows(min_row=table_end + 1)
        for cell in row
        if isinstance(cell.value, str)
    ]
    (heading,) = [c for c in cells if c.value == "Map: places and PCNs, engagements this period"]
    assert any(b.id == heading.row - 1 for b in sheet.row_breaks.brk)  # a page of its own
    places, pcns = _maps(db, report_log, audience)
    for shown, column in ((places, 2), (pcns, 6)):  # labels in B and F, swatches beside them
        for band, count in zip(shown.scale.bands, shown.band_counts(), strict=True):
            (label,) = [
                c for c in cells if c.value == f"{band.label} ({count:,})" and c.column == column
            ]
            swatch = sheet.cell(label.row, column - 1)
            assert swatch.fill.fgColor.rgb.endswith(band.colour[1:].upper())
