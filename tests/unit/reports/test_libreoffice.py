"""The workbook opens in LibreOffice too: converted to PDF headless, if it is installed.

Both versions are printed, and the PDF's text (pdftotext) is read page by page: every
page says whose report, which version and which page it is, and every page of the
Engagements sheets starts with the whole header row, so no column spilled onto a page of
its own (what fitting by LibreOffice's wider columns would otherwise do).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from icstracker.db.database import Database
from icstracker.reports.workbook import export_report
from icstracker.services.periods import parse_period
from icstracker.services.report_data import Audience, ReportRequest

if TYPE_CHECKING:
    from tests.unit.reports.conftest import ReportLog

HEADER_ROWS = {
    "Engagements": "Date Level ICS Area Kind Title Summary Outcome ID",
    "Engagement details": "ID Date",
}


@pytest.mark.slow
@pytest.mark.parametrize("audience", list(Audience))
def test_libreoffice_prints_each_version_readably(
    db: Database, report_log: ReportLog, tmp_path: Path, audience: Audience
) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    request = ReportRequest(
        report_log.committee_id,
        parse_period("2026/27-Q3"),
        today=dt.date(2027, 1, 10),
        audience=audience,
    )
    workbook = export_report(db, request, tmp_path / "report.xlsx").path
    result = subprocess.run(
        [
            office,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "pdf" / "report.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [" ".join(page.split()) for page in text.split("\f") if page.strip()]
    sheets = []
    for number, page in enumerate(pages, start=1):
        assert page.startswith("ICS engagement 2026/27 Q3"), page[:80]
        assert audience.label in page and f"Page {number} of {len(pages)}" in page
        header = re.search(r"(Summary|Engagement details|Engagements|Coverage|Actions) ", page)
        assert header, page[:200]
        sheets.append(header[1])
        if header[1] in HEADER_ROWS:
            assert HEADER_ROWS[header[1]] in page, page[:300]
    expected = ["Summary", "Engagements", "Engagement details", "Coverage"]
    if audience is Audience.COMMITTEE:
        expected.append("Actions")
    assert list(dict.fromkeys(sheets)) == expected
    if audience is Audience.PARTNERS:
        assert "Rating" not in text and report_log.internal_note not in text
