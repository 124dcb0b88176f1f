"""Accepting the closest area for a text the importer could not place: per row, for every
row with the text, or by score; each row takes the area of its own date, and the decision
is remembered so the next import of the same file adds nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from icstracker.db.database import Database
from icstracker.errors import ImportRejectedError, ValidationError
from icstracker.services.committee_aliases import list_aliases
from icstracker.services.committees import create_committee
from icstracker.services.imports.apply import run_import
from icstracker.services.imports.plan import ImportOptions, ImportPlan, preview_import, replan

from .conftest import COMMITTEE
from .legacy_sheets import write_csv

TEXT = "Healthier Lancs and S Cumbria"
STP = "E54000048"  # Lancashire and South Cumbria STP, closed 30 June 2022


@pytest.fixture
def log(tmp_path: Path) -> Path:
    """The same unplaced text on rows before and after the ICBs began, and a typo'd PCN."""
    return write_csv(
        tmp_path / "log.csv",
        [
            ("Date", "ICS / PCN / Place", "Title"),
            ("04/03/2021", TEXT, "STP pharmacy board"),
            ("12/05/2023", TEXT, "ICB pharmacy board"),
            ("13/06/2024", "healthier lancs & s cumbria", "ICB pharmacy board 2"),
            ("14/06/2024", "Blackpool South PCN", "PCN meeting"),
        ],
    )


def _areas(plan: ImportPlan) -> dict[int, tuple[str, str, str]]:
    return {
        r.row: (r.outcome, r.area.area.code if r.area else "", r.area.method if r.area else "")
        for r in plan.rows
    }


def test_the_suggestion_is_the_area_of_the_rows_date(
    committee_db: Database, options: ImportOptions, log: Path
) -> None:
    plan = preview_import(committee_db, log, options)
    assert plan.counts == {"add": 1, "duplicate": 0, "error": 3, "blank": 0}
    (suggestion,) = plan.suggestions
    assert (suggestion.text, suggestion.rows, suggestion.code) == (TEXT, (2, 3, 4), STP)
    assert 80 <= suggestion.score < 88
    by_row = {r.row: r for r in plan.rows}
    offered = {n: by_row[n].suggestion for n in (2, 3, 4)}
    assert {n: s.area.code for n, s in offered.items() if s} == {2: STP, 3: "QE1", 4: "QE1"}
    assert "(closest: Lancashire and South Cumbria (E54000048, closed 30/06/2022)" in (
        by_row[2].problems[0].reason
    )
    assert by_row[2].area_text == TEXT


def test_accepting_for_one_text_settles_every_row_and_is_remembered(
    committee_db: Database, options: ImportOptions, log: Path
) -> None:
    plan = preview_import(committee_db, log, options)
    chosen = plan.accept_suggestion(TEXT)
    assert dict(chosen.area_choices) == {TEXT: STP}
    decided = replan(committee_db, plan, chosen)
    assert _areas(decided) == {
        2: ("add", STP, "your choice"),
        3: ("add", "QE1", "your choice"),  # the STP's code, read on a 2023 date
        4: ("add", "QE1", "your choice"),  # the same text in other case and with "&"
        5: ("add", "U45809", "name"),
    }
    assert decided.decided == (TEXT,)

    result = run_import(committee_db, log, chosen)
    assert len(result.added_ids) == 4 and result.remembered == (TEXT,)
    with committee_db.session() as session:
        (alias,) = list_aliases(session, plan.committee_id)
    assert (alias.text, alias.area_code) == (TEXT, "QE1")  # the area of its latest row

    # Next time, with no decision given: the alias reads the text, each row in its era,
    # so every row is found already logged and nothing is added.
    again = run_import(committee_db, log, options)
    assert again.added_ids == () and again.duplicates == 4 and again.remembered == ()
    assert {r.row: (r.area.area.code, r.area.method) for r in again.plan.rows if r.area} == {
        2: (STP, "committee alias, area of that time"),
        3: ("QE1", "committee alias"),
        4: ("QE1", "committee alias"),
        5: ("U45809", "name"),
    }


def test_accepting_for_one_row_is_not_remembered(
    committee_db: Database, options: ImportOptions, log: Path
) -> None:
    plan = preview_import(committee_db, log, options)
    chosen = plan.accept_row_suggestion(3)
    assert dict(chosen.row_choices) == {3: "QE1"}
    assert _areas(replan(committee_db, plan, chosen))[3] == (
        "add",
        "QE1",
        "your choice for this row",
    )
    with pytest.raises(ImportRejectedError):
        run_import(committee_db, log, chosen)  # rows 2 and 4 are still undecided
    result = run_import(committee_db, log, chosen, skip_bad_rows=True)
    assert [r.row for r in result.rejected] == [2, 4] and result.remembered == ()
    with committee_db.session() as session:
        assert list_aliases(session, plan.committee_id) == []
    with pytest.raises(ValidationError, match="Row 5 has no suggested area"):
        plan.accept_row_suggestion(5)


def test_accepting_every_suggestion_above_a_score(
    committee_db: Database, options: ImportOptions, log: Path
) -> None:
    plan = preview_import(committee_db, log, options)
    assert plan.accept_suggestions(90).area_choices == {}
    assert dict(plan.accept_suggestions(80).area_choices) == {TEXT: STP}

    by_option = dataclasses.replace(options, accept_suggestions_from=80, remember_choices=False)
    decided = replan(committee_db, plan, by_option)
    assert _areas(decided)[2] == ("add", STP, "suggestion accepted")
    assert _areas(decided)[3] == ("add", "QE1", "suggestion accepted")
    result = run_import(committee_db, log, by_option)
    assert len(result.added_ids) == 4 and result.remembered == ()  # not remembered when asked
    with committee_db.session() as session:
        assert list_aliases(session, plan.committee_id) == []
    too_high = dataclasses.replace(options, accept_suggestions_from=95)
    assert replan(committee_db, plan, too_high).counts["error"] == 3


def test_an_ambiguous_text_can_be_given_its_area(
    committee_db: Database, options: ImportOptions, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "devon.csv", [("Date", "Area", "Title"), ("01/10/2025", "Devon", "Board")]
    )
    plan = preview_import(committee_db, path, options)
    (row,) = plan.rows
    assert {c.code for c in row.candidates} == {"QJK", "E10000008"} and row.suggestion is None
    chosen = replan(committee_db, plan, plan.accept_suggestion("devon", "QJK"))
    assert _areas(chosen) == {2: ("add", "QJK", "your choice")}
    with pytest.raises(ValidationError, match="No row's area 'Devon' has a suggestion"):
        plan.accept_suggestion("Devon")


def test_a_choice_naming_no_area_is_refused_at_once(
    committee_db: Database, options: ImportOptions, log: Path
) -> None:
    wrong = dataclasses.replace(options, area_choices={TEXT: "QQQ9"})
    with pytest.raises(
        ValidationError, match="The area chosen for 'healthier lancs and s"
    ) as error:
        preview_import(committee_db, log, wrong)
    assert error.value.field == "alias" and "'QQQ9'" in error.value.message
    with pytest.raises(ValidationError, match="The area chosen for row 3 cannot be used"):
        preview_import(committee_db, log, dataclasses.replace(options, row_choices={3: "QQQ9"}))
    with pytest.raises(ValidationError, match="Row 9 is not a row of the sheet"):
        preview_import(committee_db, log, dataclasses.replace(options, row_choices={9: "QE1"}))
    with pytest.raises(ValidationError, match="from 0 to 100"):
        preview_import(committee_db, log, dataclasses.replace(options, accept_suggestions_from=120))


def test_a_remembered_decision_is_the_committees_own(
    committee_db: Database, options: ImportOptions, log: Path
) -> None:
    run_import(
        committee_db, log, preview_import(committee_db, log, options).accept_suggestion(TEXT)
    )
    with committee_db.write() as session:
        create_committee(session, "Community Pharmacy Cumbria")
    other = dataclasses.replace(options, committee="Community Pharmacy Cumbria")
    assert preview_import(committee_db, log, other).counts["error"] == 3
    mine = dataclasses.replace(options, committee=COMMITTEE)
    assert preview_import(committee_db, log, mine).counts["duplicate"] == 4


def test_replan_does_not_read_the_file_again(
    committee_db: Database, options: ImportOptions, log: Path
) -> None:
    plan = preview_import(committee_db, log, options)
    log.unlink()
    decided = replan(committee_db, plan, plan.accept_suggestion(TEXT))
    assert decided.counts["add"] == 4 and decided.options.area_choices == {TEXT: STP}
    assert decided.rows[0].occurred_on == dt.date(2021, 3, 4)
