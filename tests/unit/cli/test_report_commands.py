"""``icstracker export``: exit codes, the one line it prints, and the file it writes."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from icstracker.db.backup import backup_sqlite

from .cli_runner import Run

COMMITTEE = "Community Pharmacy Lancashire & Zoë"
# (date, area, kind, title, topics): both sides of the 2026/27 Q1/Q2 and Q2/Q3 boundaries
LOG = (
    ("2026-06-30", "QE1", "meeting", "End of Q1", "Workforce"),
    ("2026-07-01", "U45809", "meeting", '=HYPERLINK("http://x")', "Pharmacy First"),
    ("2026-09-30", "E06000009", "call", "Blackpool place call", "Pharmacy First"),
    ("2026-10-01", "QE1", "email", "Start of Q3", "Workforce"),
)


@pytest.fixture
def run(sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    runner = Run(backup_sqlite(sqlite_template, tmp_path / "cli.sqlite3"), capsys)
    assert runner("committee", "add", COMMITTEE, "--area", "QE1")[0] == 0
    for day, area, kind, title, topics in LOG:
        code, _, err = runner(
            *("log", "add", "--date", day, "--area", area, "--kind", kind),
            *("--title", title, "--topics", topics),
        )
        assert code == 0, err
    yield runner


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def _column(path: Path, header: str, sheet: str = "Engagements") -> list[Any]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def _titles(path: Path) -> list[Any]:
    return _column(path, "Title")


def test_export_a_quarter(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "q2.xlsx"
    code, stdout, err = run("export", "--quarter", "2026/27-Q2", "--out", str(out))
    assert code == 0, err
    assert _one_line(stdout) == (
        f"Wrote 2 engagements (2026/27 Q2, {COMMITTEE}, for the committee) to {out}"
    )
    assert _titles(out) == ['=HYPERLINK("http://x")', "Blackpool place call"]


def test_export_a_date_range_with_filters(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "range.xlsx"
    code, stdout, err = run(
        *("export", "--from", "30/09/2026", "--to", "2026-10-01", "--level", "place"),
        *("--area", "QE1", "--topic", "pharmacy first", "--out", str(out)),
    )
    assert code == 0, err
    assert "Wrote 1 engagement (30 September 2026 to 1 October 2026" in _one_line(stdout)
    assert _titles(out) == ["Blackpool place call"]
    summary = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Summary").to_python()
    filters = next(row[1] for row in summary if row[0] == "Filters applied")
    assert filters == "level place; within Lancashire and South Cumbria (QE1); topic pharmacy first"


def test_log_add_internal_note_and_export_for_partners(run: Run, tmp_path: Path) -> None:
    """What ``log add`` marks internal reaches the committee's report and not the partners'."""
    for title, extra in (
        ("Contract dispute call", ("--not-for-partners",)),
        ("ICB board", ("--internal-note", "Chair doubts the ICB lead", "--rating", "red")),
    ):
        code, _, err = run(
            *("log", "add", "--date", "2026-08-03", "--area", "QE1", "--kind", "meeting"),
            *("--title", title, *extra),
        )
        assert code == 0, err
    committee, partners = tmp_path / "committee.xlsx", tmp_path / "partners.xlsx"
    assert run("export", "--quarter", "2026/27-Q2", "--out", str(committee))[0] == 0
    code, stdout, err = run(
        "export", "--quarter", "2026/27-Q2", "--for", "partners", "--out", str(partners)
    )
    assert code == 0, err
    assert "Wrote 3 engagements (2026/27 Q2, " in stdout and "for partners)" in stdout
    assert sorted(_titles(committee)) == sorted(
        ['=HYPERLINK("http://x")', "Blackpool place call", "Contract dispute call", "ICB board"]
    )
    notes = dict(
        zip(
            _column(committee, "ID", "Engagement details"),
            _column(committee, "Internal note", "Engagement details"),
            strict=True,
        )
    )
    assert sorted(notes.values()) == ["", "", "", "Chair doubts the ICB lead"]
    assert sorted(_titles(partners)) == sorted(
        ['=HYPERLINK("http://x")', "Blackpool place call", "ICB board"]
    )
    workbook = CalamineWorkbook.from_path(str(partners))
    assert workbook.sheet_names == ["Summary", "Engagements", "Engagement details", "Coverage"]
    text = repr([workbook.get_sheet_by_name(n).to_python() for n in workbook.sheet_names])
    assert "Chair doubts" not in text and "Red" not in text and "Rating" not in text
    with pytest.raises(SystemExit):
        run("export", "--quarter", "2026/27-Q2", "--for", "everyone")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler)")
def test_export_pdf_writes_the_summary_beside_the_workbook_name(run: Run, tmp_path: Path) -> None:
    """``--pdf`` takes the workbook's name with ``.pdf``; its figures are the workbook's."""
    code, stdout, err = run(
        "export", "--quarter", "2026/27-Q2", "--pdf", "--for", "partners", "--out", str(tmp_path)
    )
    assert code == 0, err
    pdf = tmp_path / f"ICS engagement 2026-27 Q2 - {COMMITTEE}.pdf"
    assert pdf.exists() and not list(tmp_path.glob("*.xlsx"))
    assert re.fullmatch(
        rf"Wrote a [234]-page summary of 2 engagements \(2026/27 Q2, {re.escape(COMMITTEE)}, "
        rf"for partners\) to {re.escape(str(pdf))}",
        _one_line(stdout),
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    squeezed = [" ".join(line.split()) for line in text.splitlines()]
    assert "Engagements 2" in squeezed and "July 2026 0 0 1 1" in squeezed
    assert "September 2026 0 1 0 1" in squeezed
    out = tmp_path / "board paper.xlsx"
    assert run("export", "--quarter", "2026/27-Q2", "--pdf", "--out", str(out))[0] == 0
    assert (tmp_path / "board paper.pdf").exists()


def test_a_pdf_from_the_command_line_alone_is_refused_before_the_database_is_opened(
    run: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cli.main`` without the front door's Qt parts cannot draw a PDF: one sentence, and
    the database is not opened (no upgrade, no daily backup) for a command that cannot run."""
    from icstracker import cli
    from icstracker.cli import report_commands

    opened: list[str] = []
    monkeypatch.setattr(report_commands, "open_database", lambda url: opened.append(url))
    args = ["--database", str(run.database), "export", "--quarter", "2026/27-Q2", "--pdf"]
    assert cli.main([*args, "--out", str(tmp_path)]) == 1
    assert "need the installed icstracker command" in capsys.readouterr().err
    assert opened == [] and not list(tmp_path.glob("*.pdf"))


def test_default_file_name_in_the_current_folder_or_a_given_one(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = f"ICS engagement 2026-27 Q2 - {COMMITTEE}.xlsx"
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert run("export", "--quarter", "2026/27-Q2")[0] == 0
    assert (here / name).exists()
    folder = tmp_path / "reports"
    folder.mkdir()
    assert run("export", "--quarter", "2026/27-Q2", "--out", str(folder))[0] == 0
    assert (folder / name).exists()
    # A filtered report says so in its name, as the window's does: never the quarter's.
    assert (
        run("export", "--quarter", "2026/27-Q2", "--level", "place", "--area", "E06000009")[0] == 0
    )
    assert (here / f"ICS engagement 2026-27 Q2 - place, Blackpool - {COMMITTEE}.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("--quarter", "2026/27-Q5"), 2, "'2026/27-Q5' is not a period"),
        (("--quarter", "2026/27-Q2", "--committee", "Nobody"), 3, "no committee called 'Nobody'"),
        (("--quarter", "2026/27-Q2", "--out", "{tmp}/missing/r.xlsx"), 6, "does not exist"),
        (("--quarter", "2026/27-Q2", "--area", "Atlantis"), 3, "No area is called"),
        ((), 2, "Say which period to report"),
        (("--from", "2026-07-01"), 2, "Give both --from and --to"),
        (("--quarter", "2026/27-Q2", "--from", "2026-07-01"), 2, "not both"),
    ],
)
def test_mistakes_get_one_sentence_and_write_nothing(
    run: Run, tmp_path: Path, args: tuple[str, ...], status: int, message: str
) -> None:
    before = set(tmp_path.rglob("*"))
    code, stdout, err = run("export", *(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert code == status and stdout == ""
    assert message in _one_line(err) and "Traceback" not in err
    assert {p for p in tmp_path.rglob("*") if p.suffix in (".xlsx", ".part")} <= before
