"""``export --pdf``: the Summary as a 2-4 page PDF drawn by Qt, read back as text.

Every number on the Summary is looked for in the PDF's text (pdftotext, from poppler)
and compared with the services' ``Summary``, for both audiences; the partners' PDF must
hold none of the committee's follow-ups.
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
from icstracker.services.periods import parse_period
from icstracker.services.report_data import (
    Audience,
    ReportRequest,
    Summary,
    action_rows,
    resolve_scope,
    summarise,
)
from icstracker.text import MONTH_NAMES
from icstracker.vocabulary import LEVEL_LABELS

if TYPE_CHECKING:
    from tests.unit.reports.conftest import ReportLog

TODAY = dt.date(2027, 1, 10)
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed"
)


def _text(path: Path) -> list[str]:
    """The PDF's lines, as pdftotext lays them out, runs of spaces squeezed to one."""
    assert PDFTOTEXT is not None
    out = subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]


def _row(lines: list[str], label: str, numbers: list[int | str]) -> None:
    """A line of ``label`` and exactly these figures (numbers with thousands commas)."""
    figures = " ".join(f"{n:,}" if isinstance(n, int) else n for n in numbers)
    wanted = re.compile(rf"^{re.escape(label)} {re.escape(figures)}$")
    assert any(wanted.match(line) for line in lines), (label, figures, lines)


@needs_pdftotext
@pytest.mark.parametrize("audience", list(Audience))
def test_every_number_in_the_pdf_is_the_services(
    db: Database, report_log: ReportLog, tmp_path: Path, audience: Audience
) -> None:
    from icstracker.ui.pdf_summary import export_pdf_summary

    request = ReportRequest(
        report_log.committee_id, parse_period("2026/27-Q3"), today=TODAY, audience=audience
    )
    result = export_pdf_summary(db, request, tmp_path / "summary")
    assert result.path == tmp_path / "summary.pdf" and 2 <= result.pages <= 4
    assert result.path.read_bytes().startswith(b"%PDF")
    with db.session() as session:
        summary: Summary = summarise(session, resolve_scope(session, request))
    lines = _text(result.path)
    assert sum(1 for line in lines if re.search(r"Page \d of \d$", line)) == result.pages
    _row(lines, "Engagements", [summary.total])
    for change in summary.levels:
        percent = f"{change.ratio:+.0%}" if change.ratio else ("0%" if change.previous else "")
        changed = f"{change.change:+,}" if change.change else "0"
        figures: list[int | str] = [change.current, change.previous, changed]
        _row(lines, LEVEL_LABELS[change.level], [*figures, percent] if percent else figures)
    for line in summary.matrix:
        _row(lines, line.name, [*line.counts, line.total])
    for month in summary.months:
        label = f"{MONTH_NAMES[month.month.month - 1]} {month.month.year}"
        _row(lines, label, [*month.counts, month.total])
    for kind, count in summary.kinds:
        _row(lines, kind, [count])
    for topic, count in summary.topics:
        _row(lines, topic, [count])
    _row(lines, "(no topic)", [summary.without_topic])
    text = "\n".join(lines)
    assert report_log.committee in text and "2026/27 Q3" in text
    if audience is Audience.PARTNERS:
        assert summary.total == 4
        assert "Follow-up" not in text and "of which overdue" not in text
        assert "For partners" in text
    else:
        assert summary.total == 5
        for label, count in action_rows(summary.actions):
            _row(lines, label.strip(), [count])
        assert "For the committee" in text
