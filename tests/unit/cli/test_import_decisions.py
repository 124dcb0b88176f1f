"""``icstracker import`` keeps everything and takes the person's decisions; ``alias``
lists and forgets them; a missing file is "not found"; every ``--area`` suggests."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from .cli_runner import COMMITTEE, Run

TEXT = "Healthier Lancs and S Cumbria"
HEADERS = (
    "Date of meeting",
    "ICS / PCN / Place",
    "Planning level",
    "Type of contact",
    "Subject",
    "Who attended",
    "Notes",
    "Actions agreed",
    "Venue",
)


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    """Issue 14's log: a title row, its headers and a Venue column; one text on rows of
    2021 and 2023 that names no area exactly."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Engagement log"])
    sheet.append(list(HEADERS))
    sheet.append(
        [dt.date(2021, 3, 4), TEXT, "System", "Teams call", "STP board", "Dr A Example; Jo Bloggs",
         "PF", "Send figures\nBook meeting", "Teams"]
    )  # fmt: skip
    sheet.append(
        ["12/05/2023", TEXT, "System", "Meeting", "ICB board", "Jane Smith, Bob Jones", "", "",
         "County Hall"]
    )  # fmt: skip
    sheet.append(["13/06/2024", "U45809", "Neighbourhood", "Email", "PCN email", "", "", "", ""])
    path = tmp_path / "legacy.xlsx"
    book.save(path)
    return path


def test_the_dry_run_lists_every_column_and_each_suggestion(run: Run, legacy: Path) -> None:
    code, out, err = run("import", str(legacy), "--dry-run", "--format", "csv")
    assert code == 2
    rows = {r["row"]: r for r in csv.DictReader(out.splitlines())}
    assert rows["5"]["outcome"] == "add" and rows["5"]["kind"] == "email"
    assert rows["3"]["outcome"] == "error"
    lines = err.splitlines()
    described = next(line for line in lines if line.startswith("Dry run, nothing written."))
    for header, field in zip(HEADERS[:8], ("date", "area", "level", "kind", "title"), strict=False):
        assert f"'{header}' → {field}" in described
    assert "'Who attended' → people" in described and "'Actions agreed' → action" in described
    assert "Not imported: 'Venue' (column I), header not recognised." in lines
    (suggestion,) = [line for line in lines if line.startswith("Suggestion:")]
    assert suggestion.startswith(
        f"Suggestion: '{TEXT}' (rows 3, 4) may be Lancashire and South Cumbria (E54000048, "
        "closed 30/06/2022), 8"
    )
    assert f'--alias "{TEXT}=E54000048"' in suggestion
    assert run.listed() == []


def test_accepting_suggestions_imports_remembers_and_reimports_nothing(
    run: Run, legacy: Path
) -> None:
    code, out, err = run("import", str(legacy), "--accept-suggestions", "95")
    assert code == 2 and "2 of 3 rows" in err  # 95 is more than the suggestion scores
    code, out, err = run("import", str(legacy), "--accept-suggestions", "80", "--keep-unmapped")
    assert code == 0, err
    assert out.splitlines() == [
        f"Imported 3 engagements from legacy.xlsx, sheet 'Sheet' for {COMMITTEE}; 0 rows "
        "skipped as duplicates.",
        "Not imported: 'Venue' (column I), header not recognised; its 2 value(s) are kept in "
        "the summary.",
        f"Remembered for {COMMITTEE}: '{TEXT}' (icstracker alias list shows them, alias "
        "remove forgets one).",
    ]
    listed = run.listed()
    assert [(r["date"], r["area_code"], r["kind"]) for r in listed] == [
        ("2021-03-04", "E54000048", "call"),
        ("2023-05-12", "QE1", "meeting"),
        ("2024-06-13", "U45809", "email"),
    ]
    assert listed[0]["people"] == "Dr A Example; Jo Bloggs" and listed[0]["open_actions"] == "2"
    assert listed[1]["people"] == "Bob Jones; Jane Smith"

    code, out, _ = run("alias", "list", "--format", "csv")
    assert code == 0
    (alias,) = csv.DictReader(out.splitlines())
    assert (alias["text"], alias["area_code"]) == (TEXT, "QE1")

    code, out, _ = run("import", str(legacy))
    assert code == 0 and "Imported 0 engagements" in out and "3 rows skipped as duplicates" in out
    # log add reads the committee's alias as the importer does.
    code, out, err = run(
        "log", "add", "--date", "2025-01-10", "--area", TEXT.upper(), "--kind", "call",
        "--title", "By alias",
    )  # fmt: skip
    assert code == 0, err
    assert "Lancashire and South Cumbria (system)" in out

    code, out, _ = run("alias", "remove", TEXT.lower())
    assert code == 0 and out.startswith(f"Forgot '{TEXT}' (it meant Lancashire and South")
    code, _, err = run("alias", "remove", TEXT)
    assert code == 3 and "has no alias" in err
    code, _, err = run("import", str(legacy), "--dry-run")
    assert code == 2 and "Suggestion:" in err


def test_alias_on_the_command_line_and_no_remember(run: Run, legacy: Path) -> None:
    code, out, err = run("import", str(legacy), "--alias", f"{TEXT}=QE1", "--no-remember")
    assert code == 0, err
    assert "Imported 3 engagements" in out and "Remembered" not in out
    assert [r["area_code"] for r in run.listed()] == ["E54000048", "QE1", "U45809"]
    assert run("alias", "list", "--format", "csv")[1].strip() == "text,area_code,area,created"
    code, _, err = run("import", str(legacy), "--alias", "QE1")
    assert code == 2 and "--alias 'QE1' should be TEXT=CODE" in err
    code, _, err = run("import", str(legacy), "--alias", f"{TEXT}=NOWHERE1")
    assert code == 2 and f"The area chosen for '{TEXT.lower()}' cannot be used" in err


def test_alias_add_by_hand(run: Run, legacy: Path) -> None:
    code, out, err = run("alias", "add", TEXT, "E54000048")
    assert code == 0, err
    # A code two eras share names today's area; each row still takes its own era's.
    assert out == f"'{TEXT}' now means Lancashire and South Cumbria (QE1) for {COMMITTEE}.\n"
    code, out, err = run("import", str(legacy))
    assert code == 0 and "Imported 3 engagements" in out, err
    assert [r["area_code"] for r in run.listed()] == ["E54000048", "QE1", "U45809"]
    code, _, err = run("alias", "add", "Somewhere", "Lancshire")
    assert code == 3 and "choose one of: Lancashire — Place (county council)" in err


def test_a_missing_import_file_is_not_found(run: Run, tmp_path: Path) -> None:
    code, out, err = run("import", str(tmp_path / "nowhere.xlsx"))
    assert (code, out) == (3, "")
    assert err == f"icstracker: There is no file {tmp_path / 'nowhere.xlsx'}.\n"
    code, _, err = run("import", str(tmp_path / "no-folder" / "log.csv"), "--dry-run")
    assert code == 3 and "There is no file" in err


def test_restore_points_a_full_export_to_import(run: Run, tmp_path: Path) -> None:
    export = tmp_path / "everything.xlsx"
    assert run("export-all", "--out", str(export))[0] == 0
    code, out, err = run("restore", str(export))
    assert (code, out) == (5, "")
    assert err == (
        f"icstracker: {export} is a full export made by export-all, not a backup, so restore "
        f'cannot put it back; nothing was restored. Bring it in with: icstracker import "{export}" '
        "(it adds what the database does not already hold).\n"
    )
    workbook = tmp_path / "other.xlsx"
    Workbook().save(workbook)
    code, _, err = run("restore", str(workbook))
    assert code == 5 and "not a database file but a zip file such as an Excel workbook" in err
    assert "icstracker import FILE" in err


@pytest.mark.parametrize(
    "args",
    [
        ("log", "add", "--date", "2025-01-10", "--area", "Lancshire", "--kind", "call",
         "--title", "x"),
        ("list", "--area", "Lancshire"),
        ("export", "--quarter", "2025/26-Q1", "--area", "Lancshire", "--out", "x.xlsx"),
        ("committee", "add", "Another LPC", "--area", "Lancshire"),
        ("areas", "--within", "Lancshire"),
        ("alias", "add", "Our patch", "Lancshire"),
    ],
)  # fmt: skip
def test_every_area_option_suggests_the_closest_areas(run: Run, args: tuple[str, ...]) -> None:
    code, out, err = run(*args)
    assert (code, out) == (3, "")
    assert err.startswith(
        "icstracker: No area is called or coded 'Lancshire'; choose one of: Lancashire — "
        "Place (county council), Lancashire and South Cumbria ICS · E10000017;"
    )
