"""Renders the Summary sheet of a demo quarterly report to ``docs/screenshots/report-summary.png``.

Needs LibreOffice (``soffice``) and poppler (``pdftoppm``):
``apt-get install libreoffice-calc-nogui poppler-utils``, then
``.venv/bin/python scripts/report_screenshot.py``. It builds a demo database in a
temporary folder (never your own data), exports 2026/27 Q3 as the window would, prints
the workbook to PDF through LibreOffice as a committee member would, and stacks the
Summary's first two pages (the numbers, then the chart) into one picture.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "report-summary.png"


def main() -> int:
    office, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not office or not pdftoppm:
        print("Needs soffice (LibreOffice) and pdftoppm (poppler-utils).", file=sys.stderr)
        return 1
    scratch = Path(tempfile.mkdtemp(prefix="icstracker-report-shot-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(scratch / name.lower())

    from icstracker.db.setup import open_database
    from icstracker.reports.report_data import ReportRequest
    from icstracker.reports.workbook import export_report
    from icstracker.services.committees import list_committees
    from icstracker.services.demo import generate_demo
    from icstracker.services.periods import parse_period

    period = parse_period("2026/27-Q3")
    database = open_database(str(scratch / "demo.sqlite3")).database
    try:
        with database.write() as session:
            generate_demo(session, 3000, seed=7, today=dt.date(2026, 12, 31), committees=1)
        with database.session() as session:
            committee = list_committees(session)[0]
        request = ReportRequest(committee.id, period, today=dt.date(2027, 1, 8))
        workbook = export_report(database, request, scratch / "report.xlsx").path
    finally:
        database.dispose()
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={(scratch / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(scratch),
            str(workbook),
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "2",
            str(scratch / "report.pdf"),
            str(scratch / "page"),
        ],
        check=True,
    )
    pages = sorted(scratch.glob("page-*.png"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    _stack(pages, OUT)
    print(f"Summary rendered to {OUT}")
    return 0


def _stack(pages: list[Path], out: Path) -> None:
    """The pages one above the other, with a thin grey line between them."""
    from PySide6.QtGui import QColor, QImage, QPainter

    images = [QImage(str(page)) for page in pages]
    gap = 6
    width = max(image.width() for image in images)
    height = sum(image.height() for image in images) + gap * (len(images) - 1)
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#c8cdd0"))
    painter = QPainter(sheet)
    top = 0
    for image in images:
        painter.drawImage(0, top, image)
        top += image.height() + gap
    painter.end()
    sheet.save(str(out))


if __name__ == "__main__":
    raise SystemExit(main())
