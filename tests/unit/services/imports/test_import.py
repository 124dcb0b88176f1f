"""Importing the legacy spreadsheets in tests/data/imports/: every row accounted for."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from icstracker.db.database import Database
from icstracker.db.models import Organisation
from icstracker.errors import ImportRejectedError, OperationCancelled
from icstracker.services.committees import create_committee
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements
from icstracker.services.engagements import get_engagement
from icstracker.services.imports.apply import run_import, write_error_report
from icstracker.services.imports.plan import ImportOptions, preview_import

from .conftest import COMMITTEE

FIXTURES = Path(__file__).resolve().parents[3] / "data" / "imports"

LANCASHIRE = FIXTURES / "lancashire_engagement_log.xlsx"
DEVON = FIXTURES / "devon_lpc_log.csv"
BLMK = FIXTURES / "blmk_contacts_with_errors.xlsx"


def test_lancashire_log_every_row_accounted_for(
    committee_db: Database, options: ImportOptions, engagement_count: Callable[[Database], int]
) -> None:
    plan = preview_import(committee_db, LANCASHIRE, options)
    assert plan.mapping.header_row == 4  # under a merged title row and a note
    assert [r.row for r in plan.rows] == list(range(5, 17))
    assert plan.counts == {"add": 10, "duplicate": 1, "error": 0, "blank": 1}
    by_row = {r.row: r for r in plan.rows}
    assert by_row[9].duplicate_of == "same as row 8"
    assert by_row[12].outcome == "blank"
    codes = {r.row: r.area.area.code for r in plan.rows if r.area}
    # The 2016 STP name and the shared name mean the STP before July 2022, the ICB after.
    assert codes[5] == codes[6] == "E54000048"
    assert codes[11] == "QE1"
    assert codes[7] == "U45809" and codes[8] == "U97645" and codes[13] == "U87975"
    assert codes[14] == "U82077" and by_row[14].area is not None
    assert by_row[14].area.method == "fuzzy" and 88 <= by_row[14].area.confidence < 100
    assert by_row[7].data is not None and by_row[7].data.occurred_on == dt.date(2021, 3, 6)
    assert by_row[7].data.kind == "call" and by_row[6].data is not None
    assert by_row[6].data.kind == "event"
    assert engagement_count(committee_db) == 0  # a preview writes nothing

    result = run_import(committee_db, LANCASHIRE, options)
    assert len(result.added_ids) == 10 and not result.rejected
    assert engagement_count(committee_db) == 10
    with committee_db.session() as session:
        first = get_engagement(session, result.added_ids[3])
    assert first.title == "PCN clinical director meeting"
    assert first.people == ("Dr B Example", "Practice manager")
    assert first.organisations == ("Blackpool Central PCN",)

    again = run_import(committee_db, LANCASHIRE, options)
    assert again.added_ids == () and again.duplicates == 11
    assert engagement_count(committee_db) == 10


def test_devon_csv_in_windows_encoding_with_semicolons(
    committee_db: Database, options: ImportOptions
) -> None:
    result = run_import(committee_db, DEVON, options)
    assert result.plan.counts == {"add": 7, "duplicate": 0, "error": 0, "blank": 0}
    codes = [r.area.area.code for r in result.plan.rows if r.area]
    assert codes == ["QJK", "U06816", "E54000037", "E06000026", "U21059", "U40115", "U34388"]
    with committee_db.session() as session:
        first = get_engagement(session, result.added_ids[0])
    assert first.summary == "Discussed £2.5m – Pharmacy First funding"
    assert first.topics == ("Hypertension case-finding", "Pharmacy First")


def test_a_bad_row_means_nothing_is_written(
    committee_db: Database, options: ImportOptions, engagement_count: Callable[[Database], int]
) -> None:
    with pytest.raises(ImportRejectedError) as error:
        run_import(committee_db, BLMK, options)
    assert engagement_count(committee_db) == 0
    messages = [p.message for p in error.value.problems]
    assert [p.row for p in error.value.problems] == [3, 7, 8, 9, 10]
    assert messages[0].startswith("row 3, column 'Date': '02/13/2024' is not a day/month/year date")
    assert "row 7, column 'Area': No area is called or coded 'Leighton Buzzard" in messages[1]
    assert "12/03/2205 is in the future" in messages[2]
    assert "'Tea party' is not a kind" in messages[3]
    assert messages[4] == "row 10, column 'Title': an engagement needs a title."
    assert "5 of 10 rows" in error.value.message


def test_skip_bad_rows_imports_the_rest_and_reports(
    committee_db: Database,
    options: ImportOptions,
    tmp_path: Path,
    engagement_count: Callable[[Database], int],
) -> None:
    result = run_import(committee_db, BLMK, options, skip_bad_rows=True)
    plan = result.plan
    assert plan.counts == {"add": 4, "duplicate": 1, "error": 5, "blank": 0}
    assert sum(plan.counts.values()) == 10
    assert len(result.added_ids) == 4 and engagement_count(committee_db) == 4
    by_row = {r.row: r for r in plan.rows}
    # A row after April 2026 naming the merged ICB lands on its successor.
    assert by_row[4].area is not None and by_row[4].area.area.code == "S1Y5D"
    assert by_row[2].area is not None and by_row[2].area.area.code == "QHG"
    report = tmp_path / "errors.csv"
    write_error_report(plan, result.rejected, report)
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row,column,reason,Date,Area,Kind,Title,Notes,Topics"
    assert [line.split(",")[0] for line in lines[1:]] == ["3", "7", "8", "9", "10"]


def test_progress_and_cancel(
    committee_db: Database, options: ImportOptions, engagement_count: Callable[[Database], int]
) -> None:
    seen: list[tuple[int, int]] = []
    run_import(committee_db, DEVON, options, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (7, 7) and seen[0][1] == 7
    with pytest.raises(OperationCancelled):
        run_import(committee_db, LANCASHIRE, options, cancelled=lambda: True)
    assert engagement_count(committee_db) == 7


def test_today_decides_what_is_future(committee_db: Database) -> None:
    early = ImportOptions(today=dt.date(2025, 10, 1))
    plan = preview_import(committee_db, DEVON, early)
    assert plan.counts["error"] == 3  # 03/11/2025, 14/10/2025 and 30/01/2026


def test_a_row_the_engagement_service_refuses_rolls_back_alone(
    committee_db: Database,
    options: ImportOptions,
    tmp_path: Path,
    engagement_count: Callable[[Database], int],
) -> None:
    """A topic over 100 characters passes the plan but not ``log_engagement``."""
    path = tmp_path / "topics.csv"
    path.write_text(
        "Date,Area,Title,Topics,Organisation\n"
        f"01/02/2026,U45809,Long topic,{'x' * 150},New Organisation Ltd\n"
        "02/02/2026,U45809,Fine,Pharmacy First,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejectedError, match="row 2: A topic can be at most 100"):
        run_import(committee_db, path, options)
    assert engagement_count(committee_db) == 0
    result = run_import(committee_db, path, options, skip_bad_rows=True)
    assert [r.row for r in result.rejected] == [2] and len(result.added_ids) == 1
    assert engagement_count(committee_db) == 1
    with committee_db.session() as session:
        # The refused row's new organisation went with its savepoint.
        assert session.scalar(select(Organisation).where(Organisation.name.like("New%"))) is None


def test_a_joint_with_column_names_the_other_committees(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    """Matched by name ignoring case; the importing committee itself is skipped; a name
    the database does not hold fails its row with a sentence that says what to do."""
    with committee_db.write() as session:
        cumbria = create_committee(session, "Community Pharmacy Cumbria").id
    path = tmp_path / "joint.csv"
    path.write_text(
        "Date,Area,Title,Joint with\n"
        "01/10/2026,QE1,ICB board,community pharmacy CUMBRIA\n"
        f"02/10/2026,QE1,Both of us,{COMMITTEE}; Community Pharmacy Cumbria\n"
        "03/10/2026,QE1,Our own,\n"
        "04/10/2026,QE1,With a stranger,Nowhere LPC\n",
        encoding="utf-8",
    )
    options = dataclasses.replace(options, committee=COMMITTEE)  # there are two now
    with pytest.raises(ImportRejectedError) as refused:
        run_import(committee_db, path, options)
    (problem,) = refused.value.problems
    assert (problem.row, problem.column) == (5, "Joint with")
    assert "'Nowhere LPC' is not a committee in this database" in problem.message
    result = run_import(committee_db, path, options, skip_bad_rows=True)
    with committee_db.session() as session:
        views = {v.title: v for v in (get_engagement(session, i) for i in result.added_ids)}
        seen_by_cumbria = count_engagements(session, EngagementFilter(committee_id=cumbria))
    assert {t: v.partners for t, v in views.items()} == {
        "ICB board": ("Community Pharmacy Cumbria",),
        "Both of us": ("Community Pharmacy Cumbria",),
        "Our own": (),
    }
    assert seen_by_cumbria == 2
