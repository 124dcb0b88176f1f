"""``icstracker import``: the dry run, all-or-nothing, re-import, the bad-row report."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

from .cli_runner import COMMITTEE, Run

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "imports"


def test_dry_run_prints_the_plan_and_writes_nothing(run: Run) -> None:
    code, out, err = run(
        "import", str(FIXTURES / "lancashire_engagement_log.xlsx"), "--dry-run", "--format", "csv"
    )
    assert code == 0, err
    rows = list(csv.DictReader(out.splitlines()))
    assert [r["outcome"] for r in rows].count("add") == 10
    assert rows[0]["area"].startswith("Lancashire and South Cumbria (E54000048")
    assert "fuzzy" in {r["match"].split()[0] for r in rows}
    assert "10 to add, 1 duplicate, 0 with errors, 1 blank" in err
    assert run.count() == 0


def test_import_then_reimport_adds_nothing(run: Run) -> None:
    path = str(FIXTURES / "devon_lpc_log.csv")
    code, out, _ = run("import", path, "--committee", COMMITTEE)
    assert code == 0
    assert out.startswith("Imported 7 engagements from devon_lpc_log.csv")
    code, out, _ = run("import", path)
    assert (
        code == 0
        and out.startswith("Imported 0 engagements")
        and "7 rows skipped as duplicates" in out
    )
    assert run.count() == 7
    # Each real import first kept the database as it was.
    backups = sorted((run.database.parent / "cli-backups").glob("*before-import*"))
    assert len(backups) == 2
    counts = set()
    for backup in backups:
        with sqlite3.connect(backup) as copy:
            counts.add(copy.execute("SELECT count(*) FROM engagement").fetchone()[0])
    assert counts == {0, 7}


def test_bad_rows_are_all_listed_and_nothing_written(run: Run) -> None:
    code, out, err = run("import", str(FIXTURES / "blmk_contacts_with_errors.xlsx"))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 6
    assert lines[0].startswith(
        "icstracker: row 3, column 'Date': '02/13/2024' is not a day/month/year date"
    )
    assert lines[-1].startswith("icstracker: 5 of 10 rows of blmk_contacts_with_errors.xlsx")
    assert run.count() == 0


def test_skip_bad_rows_writes_a_report(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "blmk.xlsx"
    shutil.copy(FIXTURES / "blmk_contacts_with_errors.xlsx", path)
    code, out, _ = run("import", str(path), "--skip-bad-rows")
    assert code == 0
    default_report = tmp_path / "blmk - import errors.csv"
    assert f"5 rows not imported; they are listed in {default_report}" in out
    with default_report.open(encoding="utf-8-sig") as handle:
        assert [r["row"] for r in csv.DictReader(handle)] == ["3", "7", "8", "9", "10"]
    assert run.count() == 4
    report = tmp_path / "elsewhere.csv"
    code, out, _ = run("import", str(path), "--skip-bad-rows", "--report", str(report))
    assert code == 0 and "Imported 0 engagements" in out and report.exists()


def test_map_names_columns_the_detection_missed(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("When,Venue,Blurb\n03/11/2025,U45809,PCN meeting\n", encoding="utf-8")
    code, _, err = run("import", str(path))
    assert code == 2 and "has no column for area or title" in err
    code, out, _ = run("import", str(path), "--map", "B=area", "--map", "Blurb=title")
    assert code == 0 and "Imported 1 engagement from" in out
    code, _, err = run("import", str(path), "--map", "When")
    assert code == 2 and "should be COLUMN=FIELD" in err


def test_hostile_file_is_one_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    code, out, err = run("import", str(path))
    assert code == 2 and out == ""
    assert err == (
        "icstracker: photo.xlsx is not an Excel workbook (its contents are not .xlsx, "
        "whatever its name says); save it from Excel as .xlsx or CSV UTF-8.\n"
    )


def test_sheet_chooses_where_the_log_is(run: Run, tmp_path: Path) -> None:
    from openpyxl import Workbook

    source = tmp_path / "sheets.xlsx"
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Nothing to import here"])
    log = book.create_sheet("Engagements")
    log.append(["Date", "PCN", "Title"])
    log.append(["03/11/2026", "U45809", "PCN CD meeting"])
    book.save(source)
    code, _, err = run("import", str(source), "--sheet", "Minutes")
    assert (
        code == 2 and "has no sheet called 'Minutes'; its sheets are 'Notes', 'Engagements'" in err
    )
    code, out, err = run("import", str(source), "--sheet", "Engagements")
    assert code == 0, err
    assert out.startswith("Imported 1 engagement from sheets.xlsx")
