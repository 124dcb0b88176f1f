"""Legacy engagement logs as LPCs keep them, written by the tests (issue 14's corpus).

Each builder writes one file into a folder and returns its path. They differ the ways real
logs differ: header wording, composite headers, title rows, merged cells, column order,
people in one cell, action columns, unlabelled columns, and CSV as Excel saves it (UTF-8
with a BOM, Windows-1252, semicolons, CRLF line breaks inside quoted cells).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook

Row = Sequence[object]

# The headers of the legacy log in issue 14, in its order.
ISSUE_HEADERS = (
    "Date of meeting",
    "ICS / PCN / Place",
    "Planning level",
    "Type of contact",
    "Subject",
    "Who attended",
    "Notes",
    "Actions agreed",
)


def write_xlsx(path: Path, rows: Sequence[Row], merges: Sequence[str] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Log"
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def write_csv(
    path: Path, rows: Sequence[Row], *, encoding: str = "utf-8-sig", delimiter: str = ","
) -> Path:
    """As Excel saves a CSV: CRLF line ends, double quotes only when a cell needs them."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def issue_log(folder: Path) -> Path:
    """The log of issue 14: a title row, then its eight headers."""
    return write_xlsx(
        folder / "issue_log.xlsx",
        [
            ("Community Pharmacy Lancashire and South Cumbria - engagement log",),
            ISSUE_HEADERS,
            (
                dt.date(2024, 3, 4),
                "Lancashire and South Cumbria",
                "System",
                "Teams call",
                "ICB pharmacy lead catch-up",
                "Dr A Example; Jo Bloggs",
                "Pharmacy First uptake discussed",
                "Send uptake figures\nBook a follow-up meeting",
            ),
            (
                "12/06/2024",
                "Blackpool South PCN",
                "Neighbourhood",
                "Face to face",
                "PCN clinical director meeting",
                "Dr B Example",
                "",
                "- Share the PCN's hypertension plan",
            ),
            (
                "01/07/2024",
                "Blackpool",
                "Place",
                "Email",
                "Place board paper",
                "",
                "Sent comments on the draft",
                "",
            ),
        ],
        merges=("A1:H1",),
    )


def merged_blocks(folder: Path) -> Path:
    """Two title rows, then a meeting's agenda items under one merged date and ICS."""
    return write_xlsx(
        folder / "merged_blocks.xlsx",
        [
            ("LPC engagement record",),
            ("Kept by the office; one row per agenda item",),
            ("Date", "ICS", "Item", "Discussion"),
            (dt.date(2025, 2, 10), "QE1", "Pharmacy First", "Numbers up"),
            (None, None, "Hypertension case-finding", "Slow start"),
            (None, None, "Contraception", "New PGD"),
            (dt.date(2025, 3, 3), "Devon", "Devon board", "ICB level"),
        ],
        merges=("A1:D1", "A2:D2", "A4:A6", "B4:B6"),
    )


def any_order_bom(folder: Path) -> Path:
    """UTF-8 with a BOM, columns in an unusual order, a dated "Follow up by", an LPC rep."""
    return write_csv(
        folder / "any_order.csv",
        [
            (
                "Subject",
                "LPC rep",
                "Follow up by",
                "Action",
                "ICS / PCN / Place",
                "Date of meeting",
                "Notes",
            ),
            (
                "PCN CD meeting",
                "Sam Officer",
                "30/09/2025",
                "Send DMS leaflet",
                "U45809",
                "01/09/2025",
                "Café meeting",
            ),
            ("ICB board", "Sam Officer; Kim Chair", "", "", "QE1", "02/09/2025", ""),
            ("Place call", "", "15/10/2025", "Chase reply", "Blackpool", "03/09/2025", "Short"),
        ],
    )


def follow_up_by_names(folder: Path) -> Path:
    """ "Follow up by" holding people, "Next steps" holding the actions."""
    return write_xlsx(
        folder / "follow_up_names.xlsx",
        [
            ("Meeting date", "PCN", "Meeting", "Next steps", "Follow up by"),
            ("05/05/2025", "Blackpool Central PCN", "CD meeting", "Send data", "Jo Bloggs"),
            ("06/05/2025", "Blackpool North PCN", "CD meeting 2", "Call back", "Sam Patel"),
            ("07/05/2025", "Torentum PCN", "CD meeting 3", "Write up", "Kim Chair"),
            ("08/05/2025", "Blackpool South PCN", "CD meeting 4", "", ""),
        ],
    )


def windows_semicolons(folder: Path) -> Path:
    """Windows-1252, semicolon-separated, as Excel's plain "CSV" writes it in Europe."""
    return write_csv(
        folder / "windows.csv",
        [
            ("Date", "Where", "What", "Who", "Org", "Notes"),
            (
                "3 Nov 2025",
                "NHS Devon ICB",
                "ICB contract update",
                "Jo Bloggs; A N Other",
                "NHS Devon",
                "£2.5m – Pharmacy First; café",
            ),
            ("14/10/2025", "Exeter City PCN", "Exeter City PCN CD call", "", "", ""),
        ],
        encoding="cp1252",
        delimiter=";",
    )


def people_in_one_cell(folder: Path) -> Path:
    """People comma-separated in one quoted cell; a surname-first name; a comma in an
    organisation's name."""
    return write_csv(
        folder / "people.csv",
        [
            ("Date", "Area", "Title", "Attendees", "Organisation(s)"),
            (
                "10/01/2025",
                "QE1",
                "ICB pharmacy board",
                "Jane Smith, Bob Jones, Dr A Patel",
                "Bedfordshire, Luton and Milton Keynes ICB",
            ),
            ("11/01/2025", "QE1", "One person", "Smith, John", ""),
        ],
    )


def extra_columns(folder: Path) -> Path:
    """A log exported from another system: record-keeping columns, an empty column, and a
    column with values but no header."""
    return write_xlsx(
        folder / "extra_columns.xlsx",
        [
            (
                "ID",
                "Created by",
                "Date added",
                "Date of meeting",
                "PCN",
                "Title",
                "Status",
                "Cost (£)",
                "Spare",
                None,
            ),
            (101, "jo", "2025-06-01", "02/06/2025", "U45809", "CD call", "Open", 12.5, None, "x1"),
            (102, "sam", "2025-06-03", "03/06/2025", "U97645", "CD mtg", "Closed", None, None, ""),
        ],
    )


def unlabelled_area_and_levels(folder: Path) -> Path:
    """A column headed "Covering" holding PCN names is the area; "Type" holding "ICB" and
    "PCN" is the planning level; "Format" holds the kind."""
    return write_xlsx(
        folder / "covering.xlsx",
        [
            ("Date", "Covering", "Type", "Format", "Title"),
            ("01/04/2025", "Blackpool South", "PCN", "Meeting", "One"),
            ("02/04/2025", "Blackpool Central PCN", "PCN", "Phone", "Two"),
            ("03/04/2025", "Lancashire and South Cumbria", "ICB", "Email", "Three"),
            ("04/04/2025", "Blackpool", "Place", "Webinar", "Four"),
        ],
    )


def notes_and_follow_ups(folder: Path) -> Path:
    """Two notes columns, an outcome, and follow-ups with their own due date and owner."""
    return write_xlsx(
        folder / "follow_ups.xlsx",
        [
            (
                "Date",
                "Area",
                "Title",
                "Notes",
                "Discussion",
                "Outcome",
                "Follow-up",
                "Due",
                "Owner",
            ),
            (
                "01/08/2025",
                "QE1",
                "Board",
                "Short note",
                "Long discussion",
                "Agreed pilot",
                "Draft pilot plan; Circulate to PCNs",
                "01/09/2025",
                "Chief officer",
            ),
            ("02/08/2025", "QE1", "Board 2", "", "Only discussion", "", "", "", ""),
        ],
    )


def real_dates_and_serials(folder: Path) -> Path:
    """Real date cells and an Excel serial under "When"; topics comma-separated; a RAG."""
    return write_xlsx(
        folder / "serials.xlsx",
        [
            ("When", "Footprint", "Title", "Topics", "RAG"),
            (dt.datetime(2025, 5, 1, 10, 30), "QE1", "Dated", "Pharmacy First, Workforce", "G"),
            (45800, "QE1", "Serial", "Digital/IT", "amber"),
        ],
    )


def levels_that_are_not(folder: Path) -> Path:
    """A "Level" column holding priorities, not planning levels: not imported, with why."""
    return write_csv(
        folder / "priority.csv",
        [
            ("Date", "Area", "Type", "Title", "Level"),
            ("01/02/2025", "QE1", "Meeting", "One", "High"),
            ("02/02/2025", "QE1", "Call", "Two", "Low"),
            ("03/02/2025", "QE1", "Email", "Three", "Medium"),
        ],
    )


def multiline_cells(folder: Path) -> Path:
    """UTF-8 with a BOM, CRLF rows, notes and bulleted actions over several lines (Excel
    breaks a line inside a cell with a line feed alone)."""
    return write_csv(
        folder / "multiline.csv",
        [
            ("Date", "PCN", "Subject", "Notes", "Actions"),
            (
                "01/03/2025",
                "U45809",
                "CD meeting",
                "First line\nSecond line",
                "• Send minutes\n• Book room\n2) Tell the ICB",
            ),
        ],
    )


def joint_and_reps(folder: Path) -> Path:
    """Other LPCs at a joint meeting, and the committee's own attendees."""
    return write_xlsx(
        folder / "joint.xlsx",
        [
            ("Date", "ICB", "Title", "Other LPCs", "LPC attendees", "NHS attendees"),
            (
                "05/09/2025",
                "QE1",
                "Joint ICB meeting",
                "Community Pharmacy Cumbria",
                "Sam Officer; Kim Chair",
                "Dr A Example",
            ),
        ],
    )


def venue_and_title_rows(folder: Path) -> Path:
    """Columns the importer cannot place ("Venue", "Duration"): kept in the summary on
    request, under their headers."""
    return write_xlsx(
        folder / "venue.xlsx",
        [
            ("Engagement log 2025",),
            (None,),
            ("Date", "Area", "Title", "Notes", "Venue", "Duration"),
            ("02/10/2025", "QE1", "Board", "Went well", "County Hall", "1 hour"),
            ("03/10/2025", "QE1", "Call", "", "Teams", ""),
        ],
    )


CORPUS: dict[str, Callable[[Path], Path]] = {
    "issue_log": issue_log,
    "merged_blocks": merged_blocks,
    "any_order_bom": any_order_bom,
    "follow_up_by_names": follow_up_by_names,
    "windows_semicolons": windows_semicolons,
    "people_in_one_cell": people_in_one_cell,
    "extra_columns": extra_columns,
    "unlabelled_area_and_levels": unlabelled_area_and_levels,
    "notes_and_follow_ups": notes_and_follow_ups,
    "real_dates_and_serials": real_dates_and_serials,
    "levels_that_are_not": levels_that_are_not,
    "multiline_cells": multiline_cells,
    "joint_and_reps": joint_and_reps,
    "venue_and_title_rows": venue_and_title_rows,
}
