"""The exported workbook read back as a reader would: every number, row and highlight.

Each file is read with python-calamine (what a viewer that never recalculates sees) and
with openpyxl (styles, tables, conditional formats, print setup).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from icstracker.db.database import Database
from icstracker.reports.workbook import ExportResult, export_report
from icstracker.services.areas import list_areas
from icstracker.services.periods import parse_period
from icstracker.services.report_data import ReportRequest

if TYPE_CHECKING:
    from tests.unit.reports.conftest import ReportLog

D = dt.date
TODAY = D(2027, 1, 10)
COMMITTEE = "Community Pharmacy Lancashire & Cheshire"
HYPERLINK = '=HYPERLINK("http://evil.example","Minutes")'
HOSTILE_TOPIC = "=cmd|' /C calc'!A0"
IN_Q3 = ("icb_oct1", "cheshire", "place_nov", "pcn_nov", "pcn_dec31")
INTERNAL_NOTE = "=Chair doubts the ICB lead's figures"
COMMITTEE_VERSION = (
    "For the committee only: with ratings, representatives, follow-ups",
    "and internal notes. Send partners the version for partners.",
)
LSC = "Lancashire and South Cumbria"
CHESHIRE = "Cheshire and Merseyside"


def export(db: Database, log: ReportLog, path: Path, period: str = "2026/27-Q3") -> ExportResult:
    request = ReportRequest(log.committee_id, parse_period(period), today=TODAY)
    return export_report(db, request, path)


def calamine_rows(path: Path, sheet: str) -> list[list[Any]]:
    """Non-blank rows, trailing empty cells removed."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    trimmed = []
    for row in rows:
        while row and row[-1] == "":
            row = row[:-1]
        if row:
            trimmed.append(row)
    return trimmed


@pytest.fixture
def q3(db: Database, report_log: ReportLog, tmp_path: Path) -> ExportResult:
    # The seeded log's own facts, restated here so the expectations read on their own.
    assert (report_log.today, report_log.committee) == (TODAY, COMMITTEE)
    assert (report_log.hyperlink, report_log.hostile_topic) == (HYPERLINK, HOSTILE_TOPIC)
    assert report_log.in_q3 == IN_Q3
    return export(db, report_log, tmp_path / "q3.xlsx")


def test_summary_numbers(q3: ExportResult) -> None:
    assert q3.engagements == 5
    assert calamine_rows(q3.path, "Summary") == [
        ["ICS engagement report"],
        [COMMITTEE],
        ["Committee", COMMITTEE],
        ["Period", "2026/27 Q3 — 1 October to 31 December 2026"],
        ["Version", COMMITTEE_VERSION[0]],
        ["", COMMITTEE_VERSION[1]],
        ["Produced", TODAY],
        ["Filters applied", "all engagements"],
        ["Engagements", 5],
        ["Engagements by planning level, compared with 2026/27 Q2"],
        ["Level", "This period", "2026/27 Q2", "Change", "Change (%)"],
        ["System", 2, 1, 1, 1.0],
        ["Place", 1, 0, 1],  # no percentage change from zero
        ["Neighbourhood", 2, 1, 1, 1.0],
        ["Total", 5, 2, 3, 1.5],
        ["Engagements by ICS and planning level"],
        ["ICS", "System", "Place", "Neighbourhood", "Total"],
        [CHESHIRE, 1, 0, 0, 1],
        [LSC, 1, 1, 2, 4],
        ["Total", 2, 1, 2, 5],
        ["ICSs as now: each engagement under today's ICB, whatever its date."],
        ["Engagements per month"],
        ["Month", "System", "Place", "Neighbourhood", "Total"],
        ["October 2026", 2, 0, 0, 2],
        ["November 2026", 0, 1, 1, 2],
        ["December 2026", 0, 0, 1, 1],
        ["Total", 2, 1, 2, 5],
        ["Follow-up actions, as they stood on 31/12/2026"],  # the end of the quarter
        ["Follow-ups", "Actions"],
        ["Raised in this period", 3],
        ["   of which done", 1],
        ["   of which open, not yet due", 1],
        ["   of which overdue", 1],
        ["Raised earlier, due in this period", 1],
        ["   of which done", 0],  # done on 5 January, after the quarter
        ["Raised earlier, due at another time and still open", 1],
        ["   of which overdue", 1],
        ["Engagements by kind"],
        ["Kind", "Engagements"],
        ["Meeting", 2],
        ["Call", 1],
        ["Email", 0],
        ["Event", 1],
        ["Written submission", 1],
        ["Other", 0],
        ["Total", 5],
        ["Engagements by topic"],
        ["Topic", "Engagements"],
        ["Pharmacy First", 2],
        [HOSTILE_TOPIC, 1],
        ["Contraception", 1],
        ["Hypertension case-finding", 1],
        ["(no topic)", 1],
        ["An engagement can have several topics, so these can add up to more than the total."],
    ]


def test_summary_charts(q3: ExportResult) -> None:
    sheet = load_workbook(q3.path)["Summary"]
    header = {sheet[f"A{r}"].value: r for r in range(1, sheet.max_row + 1)}
    charts = sheet._charts
    assert len(charts) == 2  # per month; and per ICS, since the committee covers two
    for chart, (first, last) in zip(
        charts, (("Month", "December 2026"), ("ICS", LSC)), strict=True
    ):
        top, bottom = header[first], header[last]
        assert (chart.type, chart.grouping) == ("col", "clustered")
        titles = [s.tx.strRef.f.replace("$", "") for s in chart.series]
        assert titles == [f"'Summary'!{c}{top}" for c in "BCD"]  # system, place, neighbourhood
        values = chart.series[0].val.numRef.f.replace("$", "")
        assert values == f"'Summary'!B{top + 1}:B{bottom}"


def test_engagement_rows(q3: ExportResult, report_log: ReportLog) -> None:
    ids = report_log.ids
    rows = calamine_rows(q3.path, "Engagements")
    assert rows[0] == ["Date", "Level", "ICS", "Area", "Kind", "Title", "Summary", "Outcome", "ID"]
    assert rows[1:] == [
        [
            D(2026, 10, 1),
            "System",
            LSC,
            LSC,
            "Meeting",
            "ICB primary care committee",
            "Pharmacy First uptake\nand next steps",
            "ICB to share data",
            ids["icb_oct1"],
        ],
        [
            D(2026, 10, 20),
            "System",
            CHESHIRE,
            CHESHIRE,
            "Written submission",
            "Response to the ICB's pharmacy strategy",
            "\n=2+3",  # a carriage return is written as the line feed readers see
            "\tx",
            ids["cheshire"],
        ],
        [
            D(2026, 11, 2),
            "Place",
            LSC,
            "Blackpool",
            "Call",
            HYPERLINK,
            "+1 for the pathway",
            "-2 pharmacies short",
            ids["place_nov"],
        ],
        [
            D(2026, 11, 20),
            "Neighbourhood",
            LSC,
            "Blackpool South PCN",
            "Event",
            "Bell in the title",  # the control character cannot be stored in a workbook
            "=1+1",
            "",
            ids["pcn_nov"],
        ],
        [
            D(2026, 12, 31),
            "Neighbourhood",
            LSC,
            "Blackpool South PCN",
            "Meeting",
            "PCN clinical director meeting",
            "-2 referrals",
            "#N/A",
            ids["pcn_dec31"],
        ],
    ]
    assert [row[-1] for row in rows[1:]] == [ids[key] for key in IN_Q3]


def test_engagement_details_rows(q3: ExportResult, report_log: ReportLog) -> None:
    """The detail sheet: one row per engagement, same order and IDs, the committee's
    own columns included in the committee's version."""
    ids = report_log.ids
    rows = [row + [""] * (13 - len(row)) for row in calamine_rows(q3.path, "Engagement details")]
    assert rows[0] == [
        "ID",
        "Date",
        "ICS code",
        "Area code",
        "Topics",
        "Organisations",
        "People",
        "Joint with",
        "LPC representatives",
        "Rating",
        "Open actions",
        "Not for partners",
        "Internal note",
    ]
    assert rows[1:] == [
        [
            ids["icb_oct1"],
            D(2026, 10, 1),
            "QE1",
            "QE1",
            "Pharmacy First",
            "NHS Lancashire and South Cumbria ICB",
            "Zoë Ní Bhriain",
            "",
            "Ana Núñez",
            "Green",
            1,
            "",
            INTERNAL_NOTE,
        ],
        [ids["cheshire"], D(2026, 10, 20), "QYG", "QYG", "", "", "", "", "", "", 0, "Yes", ""],
        [
            ids["place_nov"],
            D(2026, 11, 2),
            "QE1",
            "E06000009",
            "Hypertension case-finding",
            *("", "", "", "", "Amber", 1, "", ""),
        ],
        [
            ids["pcn_nov"],
            D(2026, 11, 20),
            "QE1",
            "U45809",
            HOSTILE_TOPIC,
            *("", "", "", "", "", 0, "", ""),
        ],
        [
            ids["pcn_dec31"],
            D(2026, 12, 31),
            "QE1",
            "U45809",
            "Contraception; Pharmacy First",
            "",
            "Dr Ravi Example",
            *("", "", "", 0, "", ""),
        ],
    ]


def test_engagements_sheets_are_filterable_tables(q3: ExportResult) -> None:
    workbook = load_workbook(q3.path)
    sheet = workbook["Engagements"]
    assert sheet.freeze_panes == "A2"
    table = sheet.tables["Engagements"]
    assert table.ref == "A1:I6" and table.autoFilter is not None
    assert [c.name for c in table.tableColumns][:3] == ["Date", "Level", "ICS"]
    assert sheet["A2"].is_date and sheet["A2"].number_format == "dd/mm/yyyy"
    assert isinstance(sheet["A2"].value, dt.datetime)  # a real date, not text
    assert sheet["G2"].alignment.wrap_text  # summaries wrap
    assert sheet.row_dimensions[2].height is not None  # two-line summary: taller row
    for letter in "ABCDEFGHI":
        assert (sheet.column_dimensions[letter].width or 0) >= 6
    assert sheet.print_title_rows == "$1:$1"
    details = workbook["Engagement details"]
    assert details.tables["EngagementDetails"].ref == "A1:M6"
    assert details.print_title_rows == "$1:$1" and details.freeze_panes == "A2"


def _highlighted(sheet: Worksheet, column: str) -> tuple[str, list[int]]:
    """The one highlight rule's formula and the rows it matches, evaluated on the values."""
    (formatting,) = list(sheet.conditional_formatting)
    (rule,) = formatting.rules
    (cells,) = formatting.sqref.ranges
    formula = rule.formula[0]
    assert rule.dxf.fill.bgColor.rgb.endswith("FFC7CE")
    compare = re.fullmatch(rf"\${column}{cells.min_row}=(.+)", formula)
    assert compare, formula
    wanted: Any = compare[1].strip('"') if compare[1].startswith('"') else int(compare[1])
    rows = [
        r for r in range(cells.min_row, cells.max_row + 1) if sheet[f"{column}{r}"].value == wanted
    ]
    assert (cells.min_col, cells.max_col) == (1, sheet.max_column)
    return formula, rows


def test_coverage_rows_and_highlights(
    q3: ExportResult, db: Database, report_log: ReportLog
) -> None:
    sheet = load_workbook(q3.path)["Coverage"]
    table = sheet.tables["Coverage"]
    header_row = int(re.match(r"A(\d+):", table.ref)[1])  # type: ignore[index]
    headers = [c.value for c in sheet[header_row]]
    assert headers == [
        "ICS",
        "Level",
        "Type",
        "Code",
        "Name",
        "Part of",
        "Engagements this period",
        "Including areas within",
        "Last engaged",
        "Days since",
    ]
    assert sheet.freeze_panes == f"A{header_row + 1}"
    last_row = int(table.ref.split(":")[1][1:])  # the map and its key follow the table
    by_code = {
        row[3]: row
        for row in sheet.iter_rows(min_row=header_row + 1, max_row=last_row, values_only=True)
    }
    # Every place and PCN inside the committee's two ICSs that existed in the quarter.
    with db.session() as session:
        expected = {
            a.code: a
            for ics in ("QE1", "QYG")
            for a in list_areas(session, within=ics)
            if a.level in ("place", "neighbourhood")
            and a.kind != "sub_icb"
            and a.is_current(D(2026, 12, 31))
        }
    assert set(by_code) == set(expected)
    assert by_code["U45809"][6:] == (2, 2, dt.datetime(2026, 12, 31), 0)
    assert by_code["E06000009"][:6] == (LSC, "Place", "Council", "E06000009", "Blackpool", LSC)
    # Blackpool Council: its own engagement, and with its PCNs' (U45809's two), three.
    assert by_code["E06000009"][6:] == (1, 3, dt.datetime(2026, 11, 2), 59)
    assert by_code["U82077"][6:] == (0, 0, dt.datetime(2026, 9, 30), 92)  # engaged in Q2 only
    assert "00R" not in by_code  # a sub-ICB location is a code, not a place to cover
    assert by_code["U34816"][6:] == (0, 0, None, None)  # never engaged

    formula, rows = _highlighted(sheet, "G")
    assert formula == f"$G{header_row + 1}=0"
    highlighted = {sheet[f"D{r}"].value for r in rows}
    assert highlighted == set(expected) - {"U45809", "E06000009"}

    tallies = {row[0]: row[1:6] for row in sheet.iter_rows(min_row=5, max_row=6, values_only=True)}
    for ics, name in (("QE1", LSC), ("QYG", CHESHIRE)):
        inside = [a for a in expected.values() if f"/{ics}/" in a.path]
        places = sum(1 for a in inside if a.level == "place")
        pcns = sum(1 for a in inside if a.kind == "pcn")
        engaged = (1, 1) if ics == "QE1" else (0, 0)
        assert tallies[name][:4] == (engaged[0], places, engaged[1], pcns)
        assert tallies[name][4] == pytest.approx(engaged[1] / pcns)


def test_actions_rows_and_overdue_highlight(q3: ExportResult, report_log: ReportLog) -> None:
    """Raised or due in the quarter, status as at its end; older open ones only counted."""
    ids = report_log.ids
    rows = calamine_rows(q3.path, "Actions")
    assert rows[0] == [
        "Status",
        "Due",
        "Action",
        "Owner",
        "Done on",
        "Raised",
        "Engagement date",
        "Engagement",
        "Area",
        "Engagement ID",
    ]
    assert rows[1:] == [
        [
            "Overdue",  # done on 5 January 2027: after the quarter, so not shown
            D(2026, 10, 20),
            "Report back to the ICB",
            "LPC officer",
            "",
            "Earlier",
            D(2026, 8, 15),
            "ICB workshop",
            LSC,
            ids["q2_system"],
        ],
        [
            "Overdue",
            D(2026, 11, 1),
            "Chase ICB data",
            "Ana Núñez",
            "",
            "This period",
            D(2026, 10, 1),
            "ICB primary care committee",
            LSC,
            ids["icb_oct1"],
        ],
        [
            "Open",
            D(2027, 2, 1),
            "@SUM(A1)",
            "\tx",
            "",
            "This period",
            D(2026, 11, 2),
            HYPERLINK,
            "Blackpool",
            ids["place_nov"],
        ],
        [
            "Done",
            D(2026, 10, 15),
            "Send uptake figures",
            "Zoë Ní Bhriain",
            D(2026, 10, 14),
            "This period",
            D(2026, 10, 1),
            "ICB primary care committee",
            LSC,
            ids["icb_oct1"],
        ],
        [
            "Status as it stood on 31/12/2026. Also open then, not listed: 1 follow-up raised "
            "before this period and not due in it (1 overdue)."
        ],
    ]
    assert "Book the follow-up workshop" not in repr(rows)  # due in Q2: counted, not listed
    sheet = load_workbook(q3.path)["Actions"]
    assert sheet.tables["Actions"].ref == "A1:J5"
    formula, highlighted = _highlighted(sheet, "A")
    assert formula == '$A2="Overdue"' and highlighted == [2, 3]


HOSTILE = (HYPERLINK, "+1 for the pathway", "-2 pharmacies short", "@SUM(A1)", "\tx", "=1+1")


def test_no_user_text_becomes_a_formula(q3: ExportResult) -> None:
    workbook = load_workbook(q3.path)
    seen = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if cell.value in (*HOSTILE, HOSTILE_TOPIC, "#N/A", "\n=2+3"):
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
                    seen.add(cell.value)
    assert seen == {*HOSTILE, HOSTILE_TOPIC, "#N/A", "\n=2+3"}
    with zipfile.ZipFile(q3.path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name


def test_named_fonts_properties_and_print_setup(q3: ExportResult) -> None:
    workbook = load_workbook(q3.path)
    assert workbook.properties.title == f"ICS engagement 2026/27 Q3 — {COMMITTEE}"
    assert workbook.properties.creator == COMMITTEE
    created = workbook.properties.created
    assert created is not None and abs(created - dt.datetime.now()) < dt.timedelta(days=1)
    assert workbook.sheetnames == [
        "Summary",
        "Engagements",
        "Engagement details",
        "Coverage",
        "Actions",
    ]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == "Arial", f"{sheet.title}!{cell.coordinate}"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.oddFooter.right.text == "Page &P of &N"
        assert sheet.oddHeader.center.text == "For the committee"
        assert sheet.oddHeader.left.text == f"ICS engagement 2026/27 Q3 — {COMMITTEE}".replace(
            "&", "&&"
        )
    with zipfile.ZipFile(q3.path) as archive:
        styles = archive.read("xl/styles.xml").decode()
    first_font = re.search(r"<font>.*?</font>|<font .*?</font>", styles, re.S)
    assert first_font and 'val="Arial"' in first_font[0]  # the default font is named too
    assert "Calibri" not in styles


@pytest.mark.parametrize(
    ("period", "keys"),
    [
        ("2026/27-Q3", set(IN_Q3)),  # 31 December in, 30 September and 1 January out
        ("2026/27-Q4", {"pcn_jan1"}),
        ("2025/26-Q4", {"mar31"}),  # 31 March closes the financial year
        ("2026/27-Q1", {"apr1"}),  # 1 April opens the next
        ("2026-Q4", set(IN_Q3)),  # the calendar quarter is the same three months
        ("2026-12-31..2027-01-01", {"pcn_dec31", "pcn_jan1"}),
    ],
)
def test_periods_at_their_boundaries(
    db: Database, report_log: ReportLog, tmp_path: Path, period: str, keys: set[str]
) -> None:
    result = export(db, report_log, tmp_path / "report.xlsx", period)
    ids = {row[-1] for row in calamine_rows(result.path, "Engagements")[1:]}
    assert ids == {report_log.ids[key] for key in keys}
    assert result.engagements == len(keys)
