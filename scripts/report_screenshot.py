"""Renders both versions of a demo quarterly report through LibreOffice into ``docs/screenshots``.

Needs LibreOffice (``soffice``), poppler (``pdftoppm``, ``pdftotext``) and Liberation Sans
(Arial's metrics; without it LibreOffice draws the wider DejaVu Sans and wraps differently):
``apt-get install libreoffice-calc-nogui poppler-utils fonts-liberation2``, then
``.venv/bin/python scripts/report_screenshot.py [--pages DIR]``. It builds a 5,000-engagement
demo database in a temporary folder (never your own data), exports 2026/27 Q2 for the
committee and for partners as the window would, prints each workbook to PDF through
LibreOffice as a reader would, and writes:

- ``report-summary.png``: the partners' Summary, its first two pages stacked;
- ``report-partners-pages.png`` and ``report-committee-pages.png``: the first page of each
  sheet of that version, side by side, to check print size and row heights at a glance;
- ``report-pdf-summary.png``: the first page of the one-file PDF summary (``export --pdf``).

``--pages DIR`` also keeps every page of both PDFs as PNGs (60 dpi) in DIR, to look through.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ENGAGEMENTS = 5000
PERIOD = "2026/27-Q2"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="keep every rendered page here")
    args = parser.parse_args(argv)
    office, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not office or not pdftoppm:
        print("Needs soffice (LibreOffice) and pdftoppm (poppler-utils).", file=sys.stderr)
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="icstracker-report-shot-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(scratch / name.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from icstracker.db.setup import open_database
    from icstracker.reports.workbook import export_report
    from icstracker.services.committees import list_committees
    from icstracker.services.demo import generate_demo
    from icstracker.services.periods import parse_period
    from icstracker.services.report_data import Audience, ReportRequest

    period = parse_period(PERIOD)
    today = dt.date(2026, 12, 2)
    database = open_database(str(scratch / "demo.sqlite3")).database
    workbooks: dict[Audience, Path] = {}
    try:
        with database.write() as session:
            generate_demo(session, ENGAGEMENTS, seed=7, today=today, committees=1)
        with database.session() as session:
            committee = list_committees(session)[0]
        for audience in Audience:
            request = ReportRequest(committee.id, period, today=today, audience=audience)
            path = scratch / f"report-{audience}.xlsx"
            workbooks[audience] = export_report(database, request, path).path
        pdf_summary = _pdf_summary(database, committee.id, period, today, scratch)
    finally:
        database.dispose()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for audience, workbook in workbooks.items():
        subprocess.run(
            [
                office,
                f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
                *("--headless", "--convert-to", "pdf", "--outdir", str(scratch), str(workbook)),
            ],
            check=True,
            capture_output=True,
        )
        pages = _pages(pdftoppm, workbook.with_suffix(".pdf"), scratch / str(audience), 60)
        if args.pages:
            args.pages.mkdir(parents=True, exist_ok=True)
            for page in pages:
                shutil.copy(page, args.pages / f"{audience}-{page.name}")
        firsts = _first_pages(workbook.with_suffix(".pdf"), pages)
        _side_by_side(firsts, SHOTS / f"report-{audience}-pages.png")
        print(f"{audience}: {len(pages)} pages; first page of each sheet in report-{audience}")
        if audience is Audience.PARTNERS:
            big = _pages(pdftoppm, workbook.with_suffix(".pdf"), scratch / "big", 80, last=2)
            _stack(big, SHOTS / "report-summary.png")
    pdf_pages = _pages(pdftoppm, pdf_summary, scratch / "pdf", 60)
    if args.pages:
        for page in pdf_pages:
            shutil.copy(page, args.pages / f"pdf-{page.name}")
    _side_by_side(pdf_pages, SHOTS / "report-pdf-summary.png")
    print(f"PDF summary: {len(pdf_pages)} pages, in report-pdf-summary.png")
    return 0


def _pdf_summary(  # type: ignore[no-untyped-def]
    database, committee_id, period, today, scratch
) -> Path:
    """The one-file PDF summary (``export --pdf``), for partners."""
    from icstracker.services.report_data import Audience, ReportRequest
    from icstracker.ui.pdf_summary import export_pdf_summary

    request = ReportRequest(committee_id, period, today=today, audience=Audience.PARTNERS)
    return export_pdf_summary(database, request, scratch / "summary.pdf").path


def _pages(
    pdftoppm: str, pdf: Path, prefix: Path, dpi: int, *, last: int | None = None
) -> list[Path]:
    command = [pdftoppm, "-png", "-r", str(dpi)]
    if last:
        command += ["-f", "1", "-l", str(last)]
    subprocess.run([*command, str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def _first_pages(pdf: Path, pages: list[Path]) -> list[Path]:
    """The first page of each sheet: where the sheet name in the header changes."""
    import re

    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        return pages[:1]
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    firsts, seen = [], set()
    for number, page in enumerate(text.split("\f")[: len(pages)]):
        head = page.strip().splitlines()[0] if page.strip() else ""
        found = re.search(r"(Summary|Engagement details|Engagements|Coverage|Actions)\s*$", head)
        name = found[1] if found else ""
        if name not in seen:
            seen.add(name)
            firsts.append(pages[number])
    return firsts


def _side_by_side(pages: list[Path], out: Path) -> None:
    _combine(pages, out, across=True)


def _stack(pages: list[Path], out: Path) -> None:
    _combine(pages, out, across=False)


def _combine(pages: list[Path], out: Path, *, across: bool) -> None:
    """The pages in a row or a column, with a thin grey line between them."""
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    _app = QGuiApplication.instance() or QGuiApplication([])
    images = [QImage(str(page)) for page in pages]
    gap = 6
    if across:
        width = sum(i.width() for i in images) + gap * (len(images) - 1)
        height = max(i.height() for i in images)
    else:
        width = max(i.width() for i in images)
        height = sum(i.height() for i in images) + gap * (len(images) - 1)
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#c8cdd0"))
    painter = QPainter(sheet)
    offset = 0
    for image in images:
        if across:
            painter.drawImage(offset, 0, image)
            offset += image.width() + gap
        else:
            painter.drawImage(0, offset, image)
            offset += image.height() + gap
    painter.end()
    sheet.save(str(out))


if __name__ == "__main__":
    raise SystemExit(main())
