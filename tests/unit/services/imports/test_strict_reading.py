"""Files that used to import *wrongly* without a word: each is now read exactly or refused.

Every file is built here, so each case says how it was made. Where a file is refused, every
table of the database is counted before and after, to show nothing at all was written.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from icstracker.cli import main
from icstracker.cli.output import write_rows
from icstracker.db.database import Database
from icstracker.db.models import Engagement
from icstracker.errors import ImportFileError, ImportRejectedError
from icstracker.services.imports.apply import run_import
from icstracker.services.imports.plan import ImportOptions, preview_import
from icstracker.services.imports.reading import list_sheets, read_table

from .conftest import TODAY, table_counts

HEADER = "Date,Area,Title,Notes\n"
OPTS = ImportOptions(today=TODAY)


def _notes(database: Database) -> list[tuple[str, str]]:
    with database.session() as session:
        rows = session.execute(select(Engagement.title, Engagement.summary).order_by(Engagement.id))
        return [(title, summary) for title, summary in rows]


def test_apostrophes_used_as_quotes_are_text(committee_db: Database, tmp_path: Path) -> None:
    """csv.Sniffer took the apostrophes for the quote character: "LPC's" then opened a
    quote that swallowed the next row into a note, and 3 of 4 rows were stored."""
    path = tmp_path / "apostrophes.csv"
    path.write_text(
        HEADER + "01/02/2026,QE1,'Pharmacy First',launch\n"
        "02/02/2026,QE1,'LPC's view',on 'hypertension'\n"
        "03/02/2026,QE1,'Hypertension',talk\n"
        "04/02/2026,QE1,Other,'done'\n"
    )
    result = run_import(committee_db, path, ImportOptions(today=TODAY))
    assert len(result.added_ids) == 4
    assert _notes(committee_db) == [
        ("'Pharmacy First'", "launch"),
        ("'LPC's view'", "on 'hypertension'"),
        ("'Hypertension'", "talk"),
        ("Other", "'done'"),
    ]


def test_a_quoted_note_over_several_lines_is_one_cell(
    committee_db: Database, tmp_path: Path
) -> None:
    """The checks for swallowed rows must not refuse what Excel writes for a long note."""
    path = tmp_path / "multiline.csv"
    path.write_text(
        HEADER + '01/02/2026,QE1,Board,"Agreed:\n1. funding, next year\n2. review on 3/4"\n'
        '02/02/2026,QE1,Call,"Actions:\n12/03/2026, follow-up call\nJo, Sam, Ali, Kim, Pat"\n'
    )
    run_import(committee_db, path, ImportOptions(today=TODAY))
    assert _notes(committee_db) == [
        ("Board", "Agreed:\n1. funding, next year\n2. review on 3/4"),
        ("Call", "Actions:\n12/03/2026, follow-up call\nJo, Sam, Ali, Kim, Pat"),
    ]


def test_a_wide_csv_keeps_every_named_column(committee_db: Database, tmp_path: Path) -> None:
    """206 columns: the reader cut every row at 200, dropping Notes without a word."""
    spare = [f"Spare {n}" for n in range(202)]
    path = tmp_path / "wide.csv"
    path.write_text(
        ",".join(["Date", "Area", "Title", *spare, "Notes"])
        + "\n"
        + ",".join(["01/02/2026", "QE1", "Wide", *[""] * len(spare), "kept"])
        + "\n"
    )
    assert len(read_table(path).rows[0]) == 206
    run_import(committee_db, path, ImportOptions(today=TODAY))
    assert _notes(committee_db) == [("Wide", "kept")]


def _url(database: Database) -> str:
    """What ``--database`` takes for this test database, on either backend."""
    if database.path is not None:
        return str(database.path)
    return database.url.render_as_string(hide_password=False)


def _hidden_template_workbook(path: Path) -> None:
    """A hidden template sheet first, the visible log second."""
    book = Workbook()
    template = book.active
    assert template is not None
    template.title = "Template"
    template.append(["Date", "Area", "Title"])
    template.append(["01/01/2026", "QE1", "Example row, not a meeting"])
    template.sheet_state = "hidden"
    log = book.create_sheet("Log")
    log.append(["Date", "Area", "Title"])
    log.append(["01/02/2026", "QE1", "Real meeting"])
    log.append(["02/02/2026", "QE1", "Another"])
    book.active = 1
    book.save(path)


def test_the_visible_sheet_is_read_and_named(
    committee_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "templated.xlsx"
    _hidden_template_workbook(path)
    assert list_sheets(path) == ["Log", "Template"]  # the picker starts on the visible one
    plan = preview_import(committee_db, path, ImportOptions(today=TODAY))
    assert plan.sheet == "Log" and plan.read_from == "sheet 'Log'"
    assert [r.data.title for r in plan.rows if r.data] == ["Real meeting", "Another"]
    hidden = preview_import(committee_db, path, ImportOptions(today=TODAY, sheet="Template"))
    assert [r.data.title for r in hidden.rows if r.data] == ["Example row, not a meeting"]
    # The command line names the sheet in the dry run and in the import's summary.
    command = ["--database", _url(committee_db), "import", str(path), "--dry-run"]
    assert main(command) == 0
    _, err = capsys.readouterr()
    assert "templated.xlsx, sheet 'Log': 2 rows under the header" in err


def test_import_summary_names_the_sheet(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from icstracker.services.committees import create_committee

    with sqlite_db.write() as session:
        create_committee(session, "Test LPC")
    path = tmp_path / "templated.xlsx"
    _hidden_template_workbook(path)
    code = main(["--database", str(sqlite_db.path), "import", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("Imported 2 engagements from templated.xlsx, sheet 'Log' for Test LPC")


def test_a_column_proven_month_first_refuses_its_ambiguous_dates(
    committee_db: Database, tmp_path: Path
) -> None:
    """With --skip-bad-rows, 02/13/2026 was refused but 02/03/2026 beside it was stored
    as 2 March: half the column swapped, silently."""
    path = tmp_path / "us_dates.csv"
    path.write_text(
        HEADER + "02/13/2026,QE1,US only,\n"
        "02/03/2026,QE1,Either way,\n"
        "03/03/2026,QE1,Same both ways,\n"
        "2026-02-05,QE1,ISO,\n"
    )
    result = run_import(committee_db, path, ImportOptions(today=TODAY), skip_bad_rows=True)
    assert sorted(t for t, _ in _notes(committee_db)) == ["ISO", "Same both ways"]
    problems = {r.row: r.detail for r in result.rejected}
    assert set(problems) == {2, 3}
    assert "'02/03/2026' reads as day/month or month/day" in problems[3]
    assert "'02/13/2026' (row 2)" in problems[3]


def test_a_british_column_with_one_slip_is_not_month_first(
    committee_db: Database, tmp_path: Path
) -> None:
    """18/07/2024 proves the column day first: 02/13/2024 is a slip, refused alone."""
    path = tmp_path / "slip.csv"
    path.write_text(HEADER + "18/07/2024,QE1,A,\n02/13/2024,QE1,B,\n02/03/2024,QE1,C,\n")
    plan = preview_import(committee_db, path, ImportOptions(today=TODAY))
    assert [r.outcome for r in plan.rows] == ["add", "error", "add"]
    assert plan.rows[2].data is not None
    assert plan.rows[2].data.occurred_on == dt.date(2024, 3, 2)


def test_ambiguous_dates_stay_day_first_without_proof(
    committee_db: Database, tmp_path: Path
) -> None:
    """No month/day date in the column: 02/03/2026 is 2 March, as a British log means."""
    path = tmp_path / "uk_dates.csv"
    path.write_text(HEADER + "02/03/2026,QE1,A,\n13/02/2026,QE1,B,\n")
    plan = preview_import(committee_db, path, ImportOptions(today=TODAY))
    assert [r.data.occurred_on for r in plan.rows if r.data] == [
        dt.date(2026, 3, 2),
        dt.date(2026, 2, 13),
    ]


def _refused_within(seconds: float, call: Callable[[], object]) -> BaseException | None:
    """Runs ``call`` in a daemon thread; fails the test if it is still blocked afterwards."""
    outcome: list[BaseException | None] = []

    def target() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "reading the file blocked"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_special_files_are_refused_before_opening(
    committee_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A named pipe blocked the import forever; /dev/zero ran it out of memory."""
    before = table_counts(committee_db)
    pipe = tmp_path / "log.csv"
    os.mkfifo(pipe)
    specials = [pipe, *(p for p in (Path("/dev/zero"),) if p.exists())]
    for path in specials:
        error = _refused_within(
            10, lambda path=path: run_import(committee_db, path, ImportOptions(today=TODAY))
        )
        assert isinstance(error, ImportFileError), error
        assert "not a saved file, so it was not opened" in error.message
        for reader in (list_sheets, read_table):
            error = _refused_within(10, lambda path=path, reader=reader: reader(path))
            assert isinstance(error, ImportFileError), error
    # The command line looks for an export-all workbook first: that must not open it either.
    command = ["--database", _url(committee_db), "import", str(pipe)]
    code = _refused_within(10, lambda: sys.exit(main(command)))
    assert isinstance(code, SystemExit) and code.code == 2
    assert "is a named pipe, not a saved file" in capsys.readouterr().err
    assert table_counts(committee_db) == before


def test_a_refused_file_leaves_every_table_as_it_was(
    committee_db: Database, tmp_path: Path
) -> None:
    """The corpus test counts engagements; this counts every table for the new refusals."""
    run_import(committee_db, _write(tmp_path / "good.csv", HEADER + "01/02/2026,QE1,A,\n"), OPTS)
    before = table_counts(committee_db)
    refused = {
        "cut.csv": HEADER + '05/02/2026,QE1,Cut,"a note still being\n',
        "ragged.csv": HEADER + "05/02/2026,QE1,X,,oops\n06/02/2026,QE1,Y,\n07/02/2026,QE1,Z,\n",
        "bell.csv": HEADER + "05/02/2026,QE1,Bell,ring\x07\n" + "06/02/2026,QE1,Fine,\n" * 9,
    }
    for name, text in refused.items():
        with pytest.raises((ImportFileError, ImportRejectedError)):
            run_import(committee_db, _write(tmp_path / name, text), OPTS)
        assert table_counts(committee_db) == before, name


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_listing_never_writes_control_characters_raw() -> None:
    """A title stored with ESC [ 2 J cleared the screen of whoever ran ``list``."""
    rows = [("Clear\x1b[2J screen", "bell\x07", "csi\x9b1m", "nul\x00")]
    for fmt in ("table", "csv", "json"):
        out = io.StringIO()
        write_rows(("a", "b", "c", "d"), rows, fmt, out)
        text = out.getvalue()
        assert not any(c in text for c in "\x1b\x07\x9b\x00"), (fmt, text)
    out = io.StringIO()
    write_rows(("a",), [("Clear\x1b[2J",)], "table", out)
    assert "Clear?[2J" in out.getvalue()


def test_refused_workbooks_name_their_sheets(tmp_path: Path) -> None:
    path = tmp_path / "templated.xlsx"
    _hidden_template_workbook(path)
    with pytest.raises(ImportFileError, match="no sheet called 'Nope'; its sheets are 'Log'"):
        read_table(path, sheet="Nope")
    assert zipfile.is_zipfile(path)
