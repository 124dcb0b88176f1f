"""The Summary sheet: the page a committee reads, and the one its ICS partners see first.

It says whose report it is, for which dates and with which filters, then gives the
numbers a committee asks about (how much, at which level, where, compared with last
quarter, on what) and a chart of the months. The tables come first and the charts sit
under their own data, so the sheet prints one page wide at a readable size.
"""

from __future__ import annotations

from openpyxl.chart import Reference
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.pagebreak import Break

from icstracker.cells import styled
from icstracker.reports.charts import clustered_columns
from icstracker.reports.layout import Rows, header_cells, set_widths
from icstracker.reports.printing import set_up_printing
from icstracker.reports.sheet_parts import parts
from icstracker.reports.styles import LEVEL_COLOURS, Style
from icstracker.services.report_data import ReportScope, Summary, action_rows
from icstracker.text import MONTH_NAMES
from icstracker.vocabulary import LEVEL_KEYS, LEVEL_LABELS

WIDTHS = (46, 16, 16, 16, 16, 13)
CHART_WIDTH_CM = 22  # about the width of columns A to F
CHART_HEIGHT_CM = 8
CHART_ROWS = 19  # rows left empty for the charts: 8 cm of 12.75-point rows, and a gap
LEVELS = tuple(LEVEL_LABELS[level] for level in LEVEL_KEYS)
BY_LEVEL = (Style.TEXT, Style.COUNT, Style.COUNT, Style.COUNT, Style.COUNT)
TOTALS = (Style.TOTAL_LABEL, Style.TOTAL, Style.TOTAL, Style.TOTAL, Style.TOTAL)
NOT_OURS = " (outside the committee's areas)"


def write_summary(sheet: WriteOnlyWorksheet, scope: ReportScope, summary: Summary) -> None:
    set_widths(sheet, WIDTHS)
    parts(sheet).sheet_view.showGridLines = False
    set_up_printing(sheet, scope, WIDTHS)
    rows = Rows(sheet)
    _overview(rows, scope, summary)
    _levels(rows, summary)
    matrix = _matrix(rows, scope, summary)
    _page_break(rows)
    months = _months(rows, summary)
    charts = [(months, "Engagements per month, by planning level")]
    if len(summary.matrix) > 1:
        charts.append((matrix, "Engagements by ICS and planning level"))
    _charts(rows, charts)
    _page_break(rows)
    if not scope.for_partners:  # follow-ups are the committee's own work
        _actions(rows, scope, summary)
    _kinds(rows, summary)
    if not scope.for_partners:
        _page_break(rows)  # with the follow-ups above, the topics would not fit the page
    _topics(rows, summary)


def _overview(rows: Rows, scope: ReportScope, summary: Summary) -> None:
    sheet = rows.sheet
    rows.add(styled(sheet, "ICS engagement report", Style.TITLE))
    rows.add(styled(sheet, scope.committee, Style.SUBTITLE))
    rows.blank()
    for label, value, style in (
        ("Committee", scope.committee, Style.TEXT),
        ("Period", scope.period_text, Style.TEXT),
        ("Produced", scope.produced, Style.VALUE_DATE),
        ("Filters applied", scope.filters, Style.TEXT),  # runs on over the empty cells
        ("Engagements", summary.total, Style.VALUE_COUNT),
    ):
        rows.add(styled(sheet, label, Style.LABEL), styled(sheet, value, style))
        if label == "Period":
            for number, line in enumerate(scope.audience.description):
                rows.add(
                    styled(sheet, "" if number else "Version", Style.LABEL),
                    styled(sheet, line, Style.TEXT),
                )
    if summary.joint:
        rows.add(
            styled(sheet, "Of which joint with other committees", Style.LABEL),
            styled(sheet, summary.joint, Style.VALUE_COUNT),
        )
    rows.blank()


def _heading(rows: Rows, text: str, headers: tuple[str, ...]) -> int:
    """A section title and its column headers; every column after the first is a number."""
    rows.add(styled(rows.sheet, text, Style.HEADING))
    return rows.add(*header_cells(rows.sheet, headers, headers[1:]))


def _page_break(rows: Rows) -> None:
    """Starts a new printed page after the last row, so no table or chart is cut in two."""
    parts(rows.sheet).row_breaks.append(Break(id=rows.last))


def _levels(rows: Rows, summary: Summary) -> None:
    previous = summary.previous.label
    _heading(
        rows,
        f"Engagements by planning level, compared with {previous}",
        ("Level", "This period", previous, "Change", "Change (%)"),
    )
    styles = (Style.TEXT, Style.COUNT, Style.COUNT, Style.CHANGE, Style.PERCENT)
    for change in summary.levels:
        rows.values(
            styles,
            (
                LEVEL_LABELS[change.level],
                change.current,
                change.previous,
                change.change,
                change.ratio,
            ),
        )
    now = sum(c.current for c in summary.levels)
    before = sum(c.previous for c in summary.levels)
    rows.values(
        (Style.TOTAL_LABEL, Style.TOTAL, Style.TOTAL, Style.TOTAL_CHANGE, Style.TOTAL_PERCENT),
        ("Total", now, before, now - before, (now - before) / before if before else None),
    )
    rows.blank()


def _matrix(rows: Rows, scope: ReportScope, summary: Summary) -> tuple[int, int]:
    """The ICS × level table; returns its header row and last ICS row, for the chart."""
    header = _heading(rows, "Engagements by ICS and planning level", ("ICS", *LEVELS, "Total"))
    for line in summary.matrix:
        name = line.name if line.ours else line.name + NOT_OURS
        rows.values(BY_LEVEL, (name, *line.counts, line.total))
    last = rows.last
    totals = [sum(line.counts[i] for line in summary.matrix) for i in range(len(LEVEL_KEYS))]
    rows.values(TOTALS, ("Total", *totals, sum(totals)))
    rows.add(styled(rows.sheet, f"ICSs {scope.footprints.label}.", Style.NOTE))
    rows.blank()
    return header, last


def _months(rows: Rows, summary: Summary) -> tuple[int, int]:
    header = _heading(rows, "Engagements per month", ("Month", *LEVELS, "Total"))
    for month in summary.months:
        label = f"{MONTH_NAMES[month.month.month - 1]} {month.month.year}"
        rows.values(BY_LEVEL, (label, *month.counts, month.total))
    last = rows.last
    totals = [sum(m.counts[i] for m in summary.months) for i in range(len(LEVEL_KEYS))]
    rows.values(TOTALS, ("Total", *totals, sum(totals)))
    rows.blank()
    return header, last


def _charts(rows: Rows, charts: list[tuple[tuple[int, int], str]]) -> None:
    """Charts of tables' level columns, side by side in the empty rows left for them.

    ``charts`` pairs each table's header row and last data row with a title.
    """
    sheet = rows.sheet
    width = CHART_WIDTH_CM // len(charts)
    for ((header, last), title), anchor in zip(charts, ("A", "C"), strict=False):
        chart = clustered_columns(
            title=title,
            y_title="Engagements",
            data=Reference(
                sheet, min_col=2, max_col=1 + len(LEVEL_KEYS), min_row=header, max_row=last
            ),
            categories=Reference(sheet, min_col=1, min_row=header + 1, max_row=last),
            colours=LEVEL_COLOURS,
            width_cm=width,
            height_cm=CHART_HEIGHT_CM,
        )
        parts(sheet).add_chart(chart, f"{anchor}{rows.last + 1}")
    rows.blank(CHART_ROWS)


def _actions(rows: Rows, scope: ReportScope, summary: Summary) -> None:
    tally = summary.actions
    _heading(
        rows,
        f"Follow-up actions, as they stood on {scope.as_at:%d/%m/%Y}",
        ("Follow-ups", "Actions"),
    )
    for label, count in action_rows(tally):
        rows.values((Style.TEXT, Style.COUNT), (label, count))
    rows.blank()


def _kinds(rows: Rows, summary: Summary) -> None:
    _heading(rows, "Engagements by kind", ("Kind", "Engagements"))
    for kind, count in summary.kinds:
        rows.values((Style.TEXT, Style.COUNT), (kind, count))
    rows.values((Style.TOTAL_LABEL, Style.TOTAL), ("Total", sum(c for _, c in summary.kinds)))
    rows.blank()


def _topics(rows: Rows, summary: Summary) -> None:
    _heading(rows, "Engagements by topic", ("Topic", "Engagements"))
    for topic, count in summary.topics:
        rows.values((Style.TEXT, Style.COUNT), (topic, count))
    rows.values((Style.TEXT, Style.COUNT), ("(no topic)", summary.without_topic))
    rows.add(
        styled(
            rows.sheet,
            "An engagement can have several topics, so these can add up to more than the total.",
            Style.NOTE,
        )
    )
