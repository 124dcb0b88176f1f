"""Issue 14's corpus: every value of every legacy sheet lands in the right field, or its
column is listed as not imported with why. Nothing is lost without a word.

Each sheet is imported for real and what was stored is read back; ``check_every_value``
then walks every non-empty cell of the sheet and finds it in the stored engagement, by
the reading its column's field implies, or finds its column in ``plan.unmapped``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from icstracker.db.database import Database
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import EngagementView
from icstracker.services.engagements import get_engagement
from icstracker.services.imports.apply import ImportResult, run_import
from icstracker.services.imports.columns import MappedColumn
from icstracker.services.imports.plan import ImportOptions, ImportPlan, PlannedRow
from icstracker.services.imports.reading import Cell
from icstracker.services.imports.values import (
    cell_text,
    parse_cell_date,
    parse_kind,
    parse_level,
    parse_rating,
    split_actions,
    split_names,
    split_people,
)

from . import legacy_sheets as sheets
from .conftest import COMMITTEE


def _fold(values: tuple[str, ...] | list[str]) -> set[str]:
    return {" ".join(v.split()).casefold() for v in values}


def _landed(
    column: MappedColumn, cell: Cell, text: str, view: EngagementView, row: PlannedRow
) -> None:
    """Asserts one cell's value is in the stored engagement, where its field says."""
    field = column.field
    where = f"row {row.row}, column {column.letter} ({column.header!r} → {field})"
    if field == "date":
        assert view.occurred_on == parse_cell_date(cell), where
    elif field == "area":
        # The row's most specific area cell decides; an ICS beside a PCN agrees with it.
        assert row.area is not None and view.area_code == row.area.area.code, where
    elif field == "level":
        assert view.level == parse_level(text), where
    elif field == "kind":
        assert view.kind == parse_kind(text), where
    elif field == "rating":
        assert view.rating == parse_rating(text), where
    elif field == "title":
        assert view.title == " ".join(text.split()), where
    elif field in ("summary", "outcome"):
        assert text in getattr(view, field), where
    elif field in ("people", "representatives"):
        assert _fold(split_people(text)) <= _fold(getattr(view, field)), where
    elif field == "organisations":
        assert _fold(split_names(text)) <= _fold(view.organisations), where
    elif field == "topics":
        assert _fold(split_names(text, commas=True)) <= _fold(view.topics), where
    elif field == "partners":
        assert _fold(split_names(text)) <= _fold(view.partners) | {COMMITTEE.casefold()}, where
    elif field == "action":
        assert set(split_actions(text)) <= {a.description for a in view.actions}, where
    elif field == "action_due":
        assert view.actions and all(a.due_on == parse_cell_date(cell) for a in view.actions), where
    elif field == "action_owner":
        assert view.actions and all(a.owner == text for a in view.actions), where
    else:  # pragma: no cover - a new field needs a line here
        raise AssertionError(f"no check for {field}")


def check_every_value(plan: ImportPlan, views: dict[int, EngagementView]) -> None:
    """Every header is mapped or listed; every non-empty cell is stored where its field
    says, or its column is listed as not imported (and kept in the summary if asked)."""
    assert plan.table is not None
    mapped = {c.index: c for c in plan.mapping.columns}
    unmapped = {c.index: c for c in plan.unmapped}
    assert not set(mapped) & set(unmapped)
    for index, header in enumerate(plan.headers):
        if header:
            assert index in mapped or index in unmapped, f"header {header!r} unaccounted for"
    for row in plan.rows:
        if row.outcome == "blank":
            continue
        assert row.outcome == "add", (row.row, row.detail)
        view = views[row.row]
        for index, cell in enumerate(plan.table.rows[row.row - 1]):
            text = cell_text(cell)
            if not text:
                continue
            if index in unmapped:
                column = unmapped[index]
                if column.kept:
                    assert f"{column.name}: {text}" in view.summary, (row.row, column.label)
                continue
            assert index in mapped, f"row {row.row}: column {index} is neither mapped nor listed"
            _landed(mapped[index], cell, text, view, row)


def _import(
    database: Database, path: Path, options: ImportOptions
) -> tuple[ImportResult, dict[int, EngagementView]]:
    result = run_import(database, path, options)
    assert not result.rejected
    added = result.plan.with_outcome("add")
    assert len(added) == len(result.added_ids)
    with database.session() as session:
        views = {
            r.row: get_engagement(session, i) for r, i in zip(added, result.added_ids, strict=True)
        }
    check_every_value(result.plan, views)
    return result, views


def _fields(plan: ImportPlan) -> dict[str, str]:
    return {c.header: c.field for c in plan.mapping.columns}


def _not_imported(plan: ImportPlan) -> dict[str, str]:
    return {c.header or c.letter: c.reason for c in plan.unmapped}


@pytest.mark.parametrize("name", sorted(sheets.CORPUS))
def test_every_sheet_of_the_corpus_loses_nothing(
    name: str, committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    """The whole corpus, with and without the text of unplaced columns kept."""
    with committee_db.write() as session:
        create_committee(session, "Community Pharmacy Cumbria")  # for the joint sheet
    options = dataclasses.replace(options, committee=COMMITTEE, keep_unmapped=True)
    path = sheets.CORPUS[name](tmp_path)
    result, _ = _import(committee_db, path, options)
    assert result.added_ids
    assert all(c.kept for c in result.plan.unmapped if c.values)


def test_the_issue_log_maps_every_column(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    result, views = _import(committee_db, sheets.issue_log(tmp_path), options)
    plan = result.plan
    assert plan.mapping.header_row == 2
    assert _fields(plan) == dict(
        zip(
            sheets.ISSUE_HEADERS,
            ("date", "area", "level", "kind", "title", "people", "summary", "action"),
            strict=True,
        )
    )
    assert plan.unmapped == ()
    first, second, third = (views[r] for r in (3, 4, 5))
    assert (first.kind, second.kind, third.kind) == ("call", "meeting", "email")
    assert first.people == ("Dr A Example", "Jo Bloggs")
    assert [a.description for a in first.actions] == [
        "Send uptake figures",
        "Book a follow-up meeting",
    ]
    assert first.outcome == ""  # actions are follow-ups, no longer the outcome
    assert [a.description for a in second.actions] == ["Share the PCN's hypertension plan"]
    assert (first.area_code, second.area_code, third.area_code) == ("QE1", "U45809", "E06000009")


def test_merged_cells_give_each_row_its_date_and_area(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    result, views = _import(committee_db, sheets.merged_blocks(tmp_path), options)
    assert result.plan.mapping.header_row == 3
    items = [views[r] for r in (4, 5, 6)]
    assert {(v.occurred_on, v.area_code) for v in items} == {(dt.date(2025, 2, 10), "QE1")}
    assert [v.title for v in items] == [
        "Pharmacy First",
        "Hypertension case-finding",
        "Contraception",
    ]
    assert views[7].area_code == "QJK"  # "Devon" under an ICS header is the ICB


def test_columns_in_any_order_with_dated_follow_ups(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    result, views = _import(committee_db, sheets.any_order_bom(tmp_path), options)
    assert _fields(result.plan) == {
        "Subject": "title",
        "LPC rep": "representatives",
        "Follow up by": "action_due",
        "Action": "action",
        "ICS / PCN / Place": "area",
        "Date of meeting": "date",
        "Notes": "summary",
    }
    first = views[2]
    assert first.representatives == ("Sam Officer",)
    assert [(a.description, a.due_on) for a in first.actions] == [
        ("Send DMS leaflet", dt.date(2025, 9, 30))
    ]
    assert first.summary == "Café meeting"  # the BOM is not part of the first header
    assert views[3].representatives == ("Kim Chair", "Sam Officer")
    assert views[3].actions == ()


def test_follow_up_by_holding_names_is_the_owner(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    result, views = _import(committee_db, sheets.follow_up_by_names(tmp_path), options)
    column = next(c for c in result.plan.mapping.columns if c.header == "Follow up by")
    assert column.field == "action_owner"
    assert [(a.description, a.owner) for a in views[2].actions] == [("Send data", "Jo Bloggs")]
    assert views[5].actions == ()


def test_windows_1252_semicolons(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    result, views = _import(committee_db, sheets.windows_semicolons(tmp_path), options)
    assert _fields(result.plan) == {
        "Date": "date",
        "Where": "area",
        "What": "title",
        "Who": "people",
        "Org": "organisations",
        "Notes": "summary",
    }
    assert views[2].summary == "£2.5m – Pharmacy First; café"
    assert views[2].people == ("A N Other", "Jo Bloggs")
    assert (views[2].area_code, views[3].area_code) == ("QJK", "U06816")


def test_people_in_one_cell(committee_db: Database, options: ImportOptions, tmp_path: Path) -> None:
    _, views = _import(committee_db, sheets.people_in_one_cell(tmp_path), options)
    assert views[2].people == ("Bob Jones", "Dr A Patel", "Jane Smith")
    assert views[2].organisations == ("Bedfordshire, Luton and Milton Keynes ICB",)
    assert views[3].people == ("Smith, John",)


def test_columns_it_cannot_place_are_listed_and_kept_on_request(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    path = sheets.extra_columns(tmp_path)
    result, views = _import(committee_db, path, options)
    assert _fields(result.plan) == {"Date of meeting": "date", "PCN": "area", "Title": "title"}
    assert _not_imported(result.plan) == {
        "ID": "header not recognised",
        "Created by": "header not recognised",
        "Date added": "header not recognised",
        "Status": "header not recognised",
        "Cost (£)": "header not recognised",
        "Spare": "empty",
        "J": "no header",
    }
    assert [c.values for c in result.plan.unmapped] == [2, 2, 2, 2, 1, 0, 1]
    assert views[2].summary == ""
    lines = result.plan.mapping.describe_unmapped()
    assert lines[0] == "Not imported: 'ID' (column A), header not recognised."
    assert lines[-1] == "Not imported: column J (no header), no header."

    kept = dataclasses.replace(options, keep_unmapped=True)
    again = run_import(committee_db, path, kept)
    assert again.added_ids == ()  # the same rows: the summary is not part of the duplicate rule
    with committee_db.write() as session:
        other = create_committee(session, "Another LPC").id
    result, views = _import(committee_db, path, dataclasses.replace(kept, committee="Another LPC"))
    assert views[2].summary == (
        "ID: 101\nCreated by: jo\nDate added: 2025-06-01\nStatus: Open\nCost (£): 12.5\n"
        "Column J: x1"
    )
    assert views[3].summary == "ID: 102\nCreated by: sam\nDate added: 2025-06-03\nStatus: Closed"
    assert other and views[2].committee == "Another LPC"


def test_values_decide_what_an_unclear_column_holds(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    result, views = _import(committee_db, sheets.unlabelled_area_and_levels(tmp_path), options)
    columns = {c.header: (c.field, c.why) for c in result.plan.mapping.columns}
    assert columns["Covering"] == ("area", "contents")
    assert columns["Type"] == ("level", "header") or columns["Type"] == ("level", "contents")
    assert columns["Format"] == ("kind", "header")
    assert [views[r].area_code for r in (2, 3, 4, 5)] == ["U45809", "U97645", "QE1", "E06000009"]
    assert [views[r].kind for r in (2, 3, 4, 5)] == ["meeting", "call", "email", "event"]


def test_two_notes_columns_and_follow_ups_with_due_dates_and_owners(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    result, views = _import(committee_db, sheets.notes_and_follow_ups(tmp_path), options)
    assert _fields(result.plan)["Follow-up"] == "action"
    board = views[2]
    assert board.summary == "Short note\n\nLong discussion"
    assert board.outcome == "Agreed pilot"
    assert [(a.description, a.owner, a.due_on) for a in board.actions] == [
        ("Draft pilot plan", "Chief officer", dt.date(2025, 9, 1)),
        ("Circulate to PCNs", "Chief officer", dt.date(2025, 9, 1)),
    ]
    assert views[3].summary == "Only discussion" and views[3].actions == ()


def test_real_dates_serials_topics_and_ratings(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    _, views = _import(committee_db, sheets.real_dates_and_serials(tmp_path), options)
    assert views[2].occurred_on == dt.date(2025, 5, 1) and views[2].rating == "green"
    assert views[3].occurred_on == dt.date(2025, 5, 23) and views[3].rating == "amber"
    assert _fold(views[2].topics) == {"pharmacy first", "workforce"}


def test_a_column_whose_values_contradict_its_header_is_not_imported(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    result, views = _import(committee_db, sheets.levels_that_are_not(tmp_path), options)
    assert _not_imported(result.plan) == {
        "Level": "its values are not planning levels (e.g. 'High', 'Low')"
    }
    assert {views[r].level for r in (2, 3, 4)} == {"system"}  # the area's own level


def test_cells_over_several_lines(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    _, views = _import(committee_db, sheets.multiline_cells(tmp_path), options)
    assert views[2].summary == "First line\nSecond line"
    assert [a.description for a in views[2].actions] == [
        "Send minutes",
        "Book room",
        "Tell the ICB",
    ]


def test_joint_meetings_and_the_committees_own_attendees(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    with committee_db.write() as session:
        create_committee(session, "Community Pharmacy Cumbria")
    options = dataclasses.replace(options, committee=COMMITTEE)
    result, views = _import(committee_db, sheets.joint_and_reps(tmp_path), options)
    assert _fields(result.plan) == {
        "Date": "date",
        "ICB": "area",
        "Title": "title",
        "Other LPCs": "partners",
        "LPC attendees": "representatives",
        "NHS attendees": "people",
    }
    assert views[2].partners == ("Community Pharmacy Cumbria",)
    assert views[2].representatives == ("Kim Chair", "Sam Officer")
    assert views[2].people == ("Dr A Example",)


def test_kept_columns_go_under_the_notes(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    options = dataclasses.replace(options, keep_unmapped=True)
    result, views = _import(committee_db, sheets.venue_and_title_rows(tmp_path), options)
    assert [(c.label, c.kept) for c in result.plan.unmapped] == [
        ("'Venue' (column E)", True),
        ("'Duration' (column F)", True),
    ]
    assert views[4].summary == "Went well\n\nVenue: County Hall\nDuration: 1 hour"
    assert views[5].summary == "Venue: Teams"
    assert result.plan.mapping.describe_unmapped()[0] == (
        "Not imported: 'Venue' (column E), header not recognised; its 2 value(s) are kept in "
        "the summary."
    )
