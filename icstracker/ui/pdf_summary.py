"""The one-file PDF summary: the Summary sheet's tables and charts on 2-4 A4 pages.

For a board paper or an email, where a workbook is the wrong thing to attach. It is drawn
with Qt's own PDF writer (QTextDocument laid out on a QPdfWriter), so it needs no
LibreOffice, and its numbers are the very ``Summary`` the workbook's Summary sheet is
written from (``services.report_data.summarise``), so the two cannot disagree. It honours
the report's audience: the partners' version has no follow-up actions, like the workbook.

Qt lives here, in ``ui``, because the core never imports it; the command line imports this
module only when asked for a PDF. Like the workbook, the file goes to a temporary name
beside the destination and replaces it only once complete.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from icstracker.db.database import Database
from icstracker.output_files import reserve_beside, saved
from icstracker.reports.styles import BLUE, DARK_BLUE, FONT_NAME, LEVEL_COLOURS, PALE_GREY
from icstracker.services.periods import Period
from icstracker.services.report_data import (
    ReportRequest,
    ReportScope,
    Summary,
    action_rows,
    resolve_scope,
    summarise,
)
from icstracker.text import MONTH_NAMES
from icstracker.vocabulary import LEVEL_LABELS

PDF_EXTENSION = ".pdf"
RESOLUTION = 300  # dots per inch: the charts are drawn at this, the text is vector
MARGIN_MM = 15
BODY_POINTS = 10
SMALL_POINTS = 8.5  # header, footer and notes: the smallest text in the file
CHART_HEIGHT_MM = 75
NOT_OURS = " (outside the committee's areas)"
_APPLICATION: list[QGuiApplication] = []


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    engagements: int
    committee: str
    period: Period


def pdf_path(path: Path) -> Path:
    """The path with ``.pdf`` added if it has no such suffix."""
    if path.suffix.lower() == PDF_EXTENSION:
        return path
    return path.with_name(path.name + PDF_EXTENSION)


def ensure_gui() -> None:
    """Qt's fonts and painting need an application object; the command line has none.

    A QApplication rather than the QGuiApplication that would do: Qt allows one per
    process, and a window (or a test of one) opened later in the same process needs
    widgets. On Linux without a display (a server, CI) the offscreen platform draws the
    same PDF.
    """
    if QGuiApplication.instance() is not None:
        return
    from PySide6.QtWidgets import QApplication

    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _APPLICATION.append(QApplication(["icstracker"]))  # kept: it must outlive the PDF


def export_pdf_summary(database: Database, request: ReportRequest, path: Path) -> PdfResult:
    """Opens its own read session: safe to call from a background thread."""
    with database.session() as session:
        scope = resolve_scope(session, request)
        summary = summarise(session, scope)
    return write_pdf_summary(scope, summary, path)


def write_pdf_summary(scope: ReportScope, summary: Summary, path: Path) -> PdfResult:
    ensure_gui()
    path = pdf_path(Path(path))
    temporary = reserve_beside(path, "report")
    try:
        drawn: list[int] = []
        saved(lambda: drawn.append(_draw(scope, summary, temporary)), path, "report")
        pages = drawn[0]
        saved(lambda: os.replace(temporary, path), path, "report")
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise
    return PdfResult(path, pages, summary.total, scope.committee, scope.period)


# --- drawing ---------------------------------------------------------------------------


def _draw(scope: ReportScope, summary: Summary, path: Path) -> int:
    """Lays the HTML out page by page, with a running header and page numbers."""
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(scope.title)
    writer.setCreator("ICS Tracker")
    area = writer.pageLayout().paintRectPixels(RESOLUTION)
    band = _points_to_pixels(SMALL_POINTS * 3)  # header and footer bands
    page = QSizeF(area.width(), area.height() - 2 * band)

    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)  # points mean points on the page
    document.setDefaultFont(_font(BODY_POINTS))
    document.setDocumentMargin(0)
    document.setPageSize(page)
    for name, image in _charts(summary, int(area.width())).items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.setHtml(_html(scope, summary, int(area.width())))

    painter = QPainter()
    if not painter.begin(writer):  # Qt says nothing more; the folder is the likely cause
        raise PermissionError(f"cannot write {path}")
    try:
        count = document.pageCount()
        for number in range(count):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(0, band - number * page.height())
            document.drawContents(
                painter, QRectF(0, number * page.height(), page.width(), page.height())
            )
            painter.restore()
            _bands(painter, scope, area.width(), area.height(), band, number + 1, count)
    finally:
        painter.end()
    return count


def _points_to_pixels(points: float) -> float:
    return points * RESOLUTION / 72


def _font(points: float, *, bold: bool = False) -> QFont:
    font = QFont(FONT_NAME)
    font.setPointSizeF(points)
    font.setBold(bold)
    # No "fi"/"fl" ligatures: with them (DejaVu Sans, the fallback on Linux) a reader
    # searching or copying "case-finding" out of the PDF got "case-ﬁnding" (U+FB01).
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def _bands(
    painter: QPainter,
    scope: ReportScope,
    width: float,
    height: float,
    band: float,
    page: int,
    pages: int,
) -> None:
    """Who, what and which page, on every page, as the workbook's printed sheets have."""
    painter.setFont(_font(SMALL_POINTS))
    painter.setPen(QColor("#425563"))
    top = QRectF(0, 0, width, band * 0.6)
    bottom = QRectF(0, height - band * 0.6, width, band * 0.6)
    left, centre, right = (
        Qt.AlignmentFlag.AlignLeft,
        Qt.AlignmentFlag.AlignHCenter,
        Qt.AlignmentFlag.AlignRight,
    )
    painter.drawText(top, left | Qt.AlignmentFlag.AlignTop, scope.title)
    painter.drawText(top, right | Qt.AlignmentFlag.AlignTop, scope.audience.label)
    painter.drawText(
        bottom, left | Qt.AlignmentFlag.AlignBottom, f"Produced {scope.produced:%d/%m/%Y}"
    )
    painter.drawText(bottom, centre | Qt.AlignmentFlag.AlignBottom, scope.period_text)
    painter.drawText(bottom, right | Qt.AlignmentFlag.AlignBottom, f"Page {page} of {pages}")


def _count(value: int) -> str:
    return f"{value:,}"


def _change(value: int) -> str:
    return f"{value:+,}" if value else "0"


def _percent(ratio: float | None) -> str:
    if ratio is None:
        return ""
    return f"{ratio:+.0%}" if round(ratio * 100) else "0%"


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]], *, total: bool = True) -> str:
    """A table in the workbook's look: dark blue header, figures right-aligned, a total."""
    cell = "padding: 2px 6px;"
    head = "".join(
        f'<th align="{"left" if i == 0 else "right"}" style="{cell}" bgcolor="#{DARK_BLUE}">'
        f'<font color="#ffffff">{escape(h)}</font></th>'
        for i, h in enumerate(headers)
    )
    body = []
    for number, row in enumerate(rows):
        last = total and number == len(rows) - 1
        shade = f' bgcolor="#{PALE_GREY}"' if number % 2 and not last else ""
        cells = "".join(
            f'<td align="{"left" if i == 0 else "right"}" style="{cell}">'
            f"{'<b>' if last else ''}{escape(value)}{'</b>' if last else ''}</td>"
            for i, value in enumerate(row)
        )
        body.append(f"<tr{shade}>{cells}</tr>")
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" '
        f'style="border-collapse: collapse; margin-bottom: 10px;"><tr>{head}</tr>'
        + "".join(body)
        + "</table>"
    )


def _indented(label: str) -> str:
    """HTML collapses the Summary's leading spaces; no-break spaces keep "of which" in."""
    stripped = label.lstrip(" ")
    return "\u00a0" * 2 * (len(label) - len(stripped)) + stripped


def _heading(text: str) -> str:
    style = f"color: #{DARK_BLUE}; margin-top: 12px; margin-bottom: 4px;"
    return f'<h3 style="{style}">{escape(text)}</h3>'


def _html(scope: ReportScope, summary: Summary, width: int) -> str:
    levels = tuple(LEVEL_LABELS[k] for k in LEVEL_LABELS)
    parts = [
        f'<h1 style="color: #{DARK_BLUE}; margin-bottom: 0;">ICS engagement report</h1>',
        f'<p style="color: #{BLUE}; font-size: 13pt; margin-top: 2px;">'
        f"{escape(scope.committee)}</p>",
    ]
    overview = [
        ("Committee", scope.committee),
        ("Period", scope.period_text),
        ("Version", " ".join(scope.audience.description)),
        ("Produced", f"{scope.produced:%d/%m/%Y}"),
        ("Filters applied", scope.filters),
        ("Engagements", _count(summary.total)),
    ]
    if summary.joint:
        overview.append(("Of which joint with other committees", _count(summary.joint)))
    parts.append('<table cellspacing="0" cellpadding="2" style="margin-bottom: 8px;">')
    for label, value in overview:
        parts.append(
            f'<tr><td width="30%"><b>{escape(label)}</b></td><td>{escape(value)}</td></tr>'
        )
    parts.append("</table>")

    previous = summary.previous.label
    parts.append(_heading(f"Engagements by planning level, compared with {previous}"))
    now = sum(c.current for c in summary.levels)
    before = sum(c.previous for c in summary.levels)
    rows: list[tuple[str, ...]] = [
        (
            LEVEL_LABELS[c.level],
            _count(c.current),
            _count(c.previous),
            _change(c.change),
            _percent(c.ratio),
        )
        for c in summary.levels
    ]
    rows.append(
        (
            "Total",
            _count(now),
            _count(before),
            _change(now - before),
            _percent((now - before) / before if before else None),
        )
    )
    parts.append(_table(("Level", "This period", previous, "Change", "Change (%)"), rows))

    parts.append(_heading("Engagements by ICS and planning level"))
    rows = [
        (
            line.name if line.ours else line.name + NOT_OURS,
            *map(_count, line.counts),
            _count(line.total),
        )
        for line in summary.matrix
    ]
    totals = [sum(line.counts[i] for line in summary.matrix) for i in range(len(levels))]
    rows.append(("Total", *map(_count, totals), _count(sum(totals))))
    parts.append(_table(("ICS", *levels, "Total"), rows))
    parts.append(
        f'<p style="font-size: 8pt; color: #425563; margin-top: 0;">'
        f"ICSs {escape(scope.footprints.label)}.</p>"
    )

    parts.append('<div style="page-break-before: always;"></div>')
    parts.append(_heading("Engagements per month"))
    rows = [
        (
            f"{MONTH_NAMES[m.month.month - 1]} {m.month.year}",
            *map(_count, m.counts),
            _count(m.total),
        )
        for m in summary.months
    ]
    totals = [sum(m.counts[i] for m in summary.months) for i in range(len(levels))]
    rows.append(("Total", *map(_count, totals), _count(sum(totals))))
    parts.append(_table(("Month", *levels, "Total"), rows))
    chart_height = int(_points_to_pixels(CHART_HEIGHT_MM / 25.4 * 72))
    # Qt sizes a document's images in pixels of a 96 dpi screen, then scales them to the
    # page's resolution; the charts are drawn at the page's, so they are given in those.
    shrink = 96 / RESOLUTION
    for name in _chart_names(summary):
        parts.append(
            f'<p align="center"><img src="{name}" width="{int(width * shrink)}" '
            f'height="{int(chart_height * shrink)}"></p>'
        )

    parts.append('<div style="page-break-before: always;"></div>')
    if not scope.for_partners:
        parts.append(_heading(f"Follow-up actions, as they stood on {scope.as_at:%d/%m/%Y}"))
        parts.append(
            _table(
                ("Follow-ups", "Actions"),
                [(_indented(label), _count(n)) for label, n in action_rows(summary.actions)],
                total=False,
            )
        )
    parts.append(_heading("Engagements by kind"))
    rows = [(kind, _count(n)) for kind, n in summary.kinds]
    rows.append(("Total", _count(sum(n for _, n in summary.kinds))))
    parts.append(_table(("Kind", "Engagements"), rows))
    parts.append(_heading("Engagements by topic"))
    rows = [(topic, _count(n)) for topic, n in summary.topics]
    rows.append(("(no topic)", _count(summary.without_topic)))
    parts.append(_table(("Topic", "Engagements"), rows, total=False))
    parts.append(
        f'<p style="font-size: {SMALL_POINTS}pt; color: #425563;"><i>An engagement can have '
        "several topics, so these can add up to more than the total.</i></p>"
    )
    return "".join(parts)


# --- charts ----------------------------------------------------------------------------


def _chart_names(summary: Summary) -> list[str]:
    names = ["chart://months"]
    if len(summary.matrix) > 1:
        names.append("chart://systems")
    return names


def _charts(summary: Summary, width: int) -> dict[str, QImage]:
    height = int(_points_to_pixels(CHART_HEIGHT_MM / 25.4 * 72))
    months = [
        (f"{MONTH_NAMES[m.month.month - 1][:3]} {m.month.year}", m.counts) for m in summary.months
    ]
    charts = {
        "chart://months": _bar_chart(
            "Engagements per month, by planning level", months, width, height
        )
    }
    if len(summary.matrix) > 1:
        systems = [(line.name, line.counts) for line in summary.matrix]
        charts["chart://systems"] = _bar_chart(
            "Engagements by ICS and planning level", systems, width, height
        )
    return charts


def _bar_chart(
    title: str, groups: list[tuple[str, tuple[int, ...]]], width: int, height: int
) -> QImage:
    """Clustered columns, one colour a level, like the workbook's charts."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(int(RESOLUTION / 0.0254))
    image.setDotsPerMeterY(int(RESOLUTION / 0.0254))
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        text = _points_to_pixels(9)
        painter.setFont(_font(11, bold=True))
        painter.setPen(QColor(f"#{DARK_BLUE}"))
        painter.drawText(QRectF(0, 0, width, text * 2), Qt.AlignmentFlag.AlignCenter, title)
        painter.setFont(_font(9))
        left, top = text * 3, text * 2.5
        bottom = height - text * 4.5
        plot_width = width - left - text
        highest = max([max(counts, default=0) for _, counts in groups] + [1])
        step = _nice_step(highest)
        ceiling = step * -(-highest // step)
        painter.setPen(QColor("#c8cdd0"))
        for tick in range(0, ceiling + 1, step):
            y = bottom - (bottom - top) * tick / ceiling
            painter.setPen(QColor("#c8cdd0"))
            painter.drawLine(int(left), int(y), int(left + plot_width), int(y))
            painter.setPen(QColor("#425563"))
            painter.drawText(
                QRectF(0, y - text, left - text * 0.4, text * 2),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{tick:,}",
            )
        slot = plot_width / max(1, len(groups))
        bar = slot * 0.8 / max(1, len(LEVEL_COLOURS))
        for number, (label, counts) in enumerate(groups):
            x = left + slot * number + slot * 0.1
            for level, (count, colour) in enumerate(zip(counts, LEVEL_COLOURS, strict=False)):
                bar_height = (bottom - top) * count / ceiling
                painter.fillRect(
                    QRectF(x + bar * level, bottom - bar_height, bar * 0.95, bar_height),
                    QColor(f"#{colour}"),
                )
            painter.setPen(QColor("#231f20"))
            painter.drawText(
                QRectF(left + slot * number, bottom + text * 0.3, slot, text * 2),
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                label,
            )
        key_y = height - text * 1.6
        x = left
        for name, colour in zip(LEVEL_LABELS.values(), LEVEL_COLOURS, strict=False):
            painter.fillRect(QRectF(x, key_y, text, text), QColor(f"#{colour}"))
            painter.setPen(QColor("#231f20"))
            painter.drawText(
                QRectF(x + text * 1.4, key_y - text * 0.3, text * 12, text * 1.6),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            x += text * 12
    finally:
        painter.end()
    return image


def _nice_step(highest: int) -> int:
    """A round gridline step giving at most about six lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if highest / step <= 6:
            return step
    return int(10 ** len(str(highest // 6)))
