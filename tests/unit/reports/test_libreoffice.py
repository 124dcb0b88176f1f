"""The workbook opens in LibreOffice too: converted to PDF headless, if it is installed."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from icstracker.db.database import Database
from icstracker.reports.report_data import ReportRequest
from icstracker.reports.workbook import export_report
from icstracker.services.periods import parse_period

if TYPE_CHECKING:
    from tests.unit.reports.conftest import ReportLog


@pytest.mark.slow
def test_libreoffice_converts_the_workbook_to_pdf(
    db: Database, report_log: ReportLog, tmp_path: Path
) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    request = ReportRequest(
        report_log.committee_id, parse_period("2026/27-Q3"), today=dt.date(2027, 1, 10)
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
