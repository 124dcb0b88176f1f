"""Clustered column charts whose every label names its font.

Chart text otherwise follows the workbook theme's font (Calibri in openpyxl's theme), so
axis labels would change typeface between Excel and LibreOffice while the cells did not.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Font,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)

from icstracker.reports.styles import FONT_NAME


def _text(size: int, *, bold: bool = False) -> CharacterProperties:
    """Character properties in hundredths of a point, as DrawingML counts them."""
    return CharacterProperties(latin=Font(typeface=FONT_NAME), sz=size * 100, b=bold)


def _rich(size: int) -> RichText:
    properties = _text(size)
    return RichText(
        p=[Paragraph(pPr=ParagraphProperties(defRPr=properties), endParaRPr=properties)]
    )


def _title(text: str, size: int) -> Title:
    properties = _text(size, bold=True)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=properties), r=[RegularTextRun(rPr=properties, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def clustered_columns(
    *,
    title: str,
    y_title: str,
    data: Reference,
    categories: Reference,
    colours: Sequence[str],
    width_cm: int = 22,
    height_cm: int = 8,
) -> BarChart:
    """Columns side by side for each category: one series per column of ``data``."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.overlap = 0
    chart.gapWidth = 60
    chart.title = _title(title, 12)
    chart.width = width_cm
    chart.height = height_cm
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    for series, colour in zip(chart.series, colours, strict=False):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.y_axis.title = _title(y_title, 9)
    chart.y_axis.number_format = "0"
    chart.y_axis.scaling.min = 0
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False  # openpyxl 3.1 hides axes unless told otherwise
        axis.txPr = _rich(9)
    if chart.legend is not None:
        chart.legend.position = "b"
        chart.legend.txPr = _rich(9)
    return chart
