"""Columns recognised by the words of their headers and confirmed by their values."""

from __future__ import annotations

import datetime as dt

import pytest

from icstracker.services.imports.columns import detect_columns
from icstracker.services.imports.contents import looks_like_names, profile_column
from icstracker.services.imports.headers import (
    AREA_ANY,
    AREA_CODE,
    AREA_PCN,
    AREA_PLACE,
    AREA_SYSTEM,
    guess_header,
)
from icstracker.services.imports.reading import fill_merged_down
from icstracker.services.imports.values import split_actions, split_people

AREAS = {"blackpool south", "blackpool central pcn", "qe1", "lancashire and south cumbria"}


def _is_area(text: str) -> bool:
    return text.lower() in AREAS


@pytest.mark.parametrize(
    ("header", "field", "rank"),
    [
        ("Date of meeting", "date", 0),
        ("Meeting date", "date", 0),
        ("ICS / PCN / Place", "area", AREA_ANY),
        ("ICS/STP", "area", AREA_SYSTEM),
        ("PCN name", "area", AREA_PCN),
        ("Local authority", "area", AREA_PLACE),
        ("ODS code", "area", AREA_CODE),
        ("Planning level", "level", 0),
        ("Type of contact", "kind", 0),
        ("Format of meeting", "kind", 0),
        ("Subject", "title", 0),
        ("Agenda item", "title", 0),
        ("Who attended", "people", 0),
        ("Attendees (NHS)", "people", 0),
        ("LPC rep", "representatives", 0),
        ("LPC attendees", "representatives", 0),
        ("Meeting notes", "summary", 0),
        ("Actions agreed", "action", 0),
        ("Follow-up", "action", 0),
        ("Follow up date", "action_due", 0),
        ("Action owner", "action_owner", 0),
        ("Other LPCs", "partners", 0),
        ("Organisation(s) met", "organisations", 0),
        ("RAG status", "rating", 0),
    ],
)
def test_a_header_is_read_by_its_words(header: str, field: str, rank: int) -> None:
    best = guess_header(header)[0]
    assert (best.field, best.rank) == (field, rank)
    assert best.score >= 0.5


@pytest.mark.parametrize(
    "header",
    ["Venue", "Cost (£)", "ID", "Date added", "Created by", "Organisation type", "Status", ""],
)
def test_headers_that_say_nothing_usable(header: str) -> None:
    assert all(g.score < 0.5 for g in guess_header(header))


def test_follow_up_by_is_settled_by_its_values() -> None:
    guesses = guess_header("Follow up by")
    assert {g.field for g in guesses} == {"action_due", "action_owner"}
    header = ["Date", "Area", "Title", "Action", "Follow up by"]
    dated = [header] + [["01/02/2025", "QE1", "t", "a", f"0{d}/03/2025"] for d in range(1, 5)]
    named = [header] + [["01/02/2025", "QE1", "t", "a", n] for n in ("Jo Bloggs", "Sam Patel")]
    named.append(["01/02/2025", "QE1", "t", "a", "Dr A Example; Kim Chair"])
    assert detect_columns(dated).for_field("action_due")[0].header == "Follow up by"
    assert detect_columns(named).for_field("action_owner")[0].header == "Follow up by"


def test_values_stand_in_for_a_header_that_says_nothing() -> None:
    rows = [
        ["Date", "Covering", "Title", "With", "Kind of thing", "Blank"],
        ["01/02/2025", "Blackpool South", "One", "Jo Bloggs; Sam Patel", "Meeting", ""],
        ["02/02/2025", "QE1", "Two", "Kim Chair, Ann Lee", "Call", ""],
        ["03/02/2025", "Blackpool Central PCN", "Three", "Dr A Example", "Email", ""],
    ]
    mapping = detect_columns(rows, is_area=_is_area)
    found = {c.header: (c.field, c.why) for c in mapping.columns}
    assert found["Covering"] == ("area", "contents")
    assert found["Kind of thing"] == ("kind", "header")
    assert found["With"] == ("organisations", "header")  # the header decides when it can
    assert [(c.header, c.reason) for c in mapping.unmapped] == [("Blank", "empty")]
    # Without the area reading nothing is taken for an area by its values.
    with pytest.raises(Exception, match="no column for area"):
        detect_columns(rows)


def test_values_that_contradict_a_typed_header() -> None:
    rows = [["Date", "Area", "Title", "Type", "Level"]]
    rows += [["01/02/2025", "QE1", "t", k, p] for k, p in (("ICB", "High"), ("PCN", "Low"))]
    rows += [["01/02/2025", "QE1", "t", "Place", "High"]]
    mapping = detect_columns(rows)
    fields = {c.header: (c.field, c.why) for c in mapping.columns}
    assert fields["Type"] == ("level", "contents")  # it holds planning levels, not kinds
    assert [(c.header, c.reason) for c in mapping.unmapped] == [
        ("Level", "its values are not planning levels (e.g. 'High', 'Low')")
    ]


def test_a_second_column_for_a_single_field_is_listed_with_the_one_used() -> None:
    rows = [
        ["Date of meeting", "Area", "Title", "Date", "Type", "Method"],
        ["01/02/2025", "QE1", "t", "02/02/2025", "Meeting", "Call"],
    ]
    mapping = detect_columns(rows)
    assert [(c.header, c.reason) for c in mapping.unmapped] == [
        ("Date", "a second date column; 'Date of meeting' is used"),
        ("Method", "a second kind column; 'Type' is used"),
    ]


def test_follow_up_columns_need_a_column_of_actions() -> None:
    rows = [["Date", "Area", "Title", "Due", "Owner"], ["01/02/2025", "QE1", "t", "", "Jo"]]
    mapping = detect_columns(rows)
    assert [(c.header, c.reason, c.values) for c in mapping.unmapped] == [
        ("Due", "a follow-up due date needs a column of actions to belong to", 0),
        ("Owner", "a follow-up owner needs a column of actions to belong to", 1),
    ]


def test_the_persons_choice_wins() -> None:
    rows = [
        ["Date", "Area", "Title", "Notes", "Venue", "PCN"],
        ["01/02/2025", "QE1", "t", "n", "v", "U45809"],
    ]
    overrides = {"Notes": "outcome", "E": "summary", "Area": "ignore"}
    mapping = detect_columns(rows, overrides, is_area=_is_area)
    assert {c.header: c.field for c in mapping.columns if c.why == "your choice"} == {
        "Notes": "outcome",
        "Venue": "summary",
    }
    assert [(c.header, c.reason) for c in mapping.unmapped] == [
        ("Area", "you chose not to import it")
    ]


def test_the_header_row_is_found_by_words_under_title_rows() -> None:
    rows = [
        ["Community Pharmacy Somewhere - NHS engagement log for the ICS and its PCNs", None],
        ["Who to ask: the LPC office", None],
        ["Date of meeting", "ICS / PCN / Place", "Subject", "Who attended"],
        ["01/02/2025", "QE1", "t", "Jo Bloggs"],
    ]
    assert detect_columns(rows).header_row == 3


def test_names_and_lists_of_names() -> None:
    assert looks_like_names("Dr A Example; Jo Bloggs") == 2
    assert looks_like_names("Jane Smith, Bob Jones and Ann Lee") == 3
    assert looks_like_names("Jo Bloggs") == 1
    for not_names in ("Blackpool South PCN", "ICB pharmacy board", "Teams", "12 May", ""):
        assert looks_like_names(not_names) == 0
    profile = profile_column([dt.date(2025, 1, 1), "02/01/2025", "Jo Bloggs", None], _is_area)
    assert profile.values == 3 and profile.share("date") == pytest.approx(2 / 3)
    assert profile.share("names") == pytest.approx(1 / 3)


def test_people_and_actions_in_one_cell() -> None:
    assert split_people("Jane Smith, Bob Jones; Dr A Patel") == (
        "Jane Smith",
        "Bob Jones",
        "Dr A Patel",
    )
    assert split_people("Smith, John") == ("Smith, John",)
    assert split_actions("- Send minutes\n• Book room; 2) Tell the ICB\n\na) Chase") == (
        "Send minutes",
        "Book room",
        "Tell the ICB",
        "Chase",
    )
    assert split_actions("Review - and reply") == ("Review - and reply",)


def test_merged_blocks_are_filled_down_their_first_column() -> None:
    rows: list[list[object]] = [
        ["Title", "", ""],
        ["d1", "QE1", "a"],
        ["", "", "b"],
        ["", "x", "c"],
    ]
    fill_merged_down(rows, [((0, 0), (0, 2)), ((1, 0), (3, 0)), ((1, 1), (2, 2))])  # type: ignore[arg-type]
    assert rows == [["Title", "", ""], ["d1", "QE1", "a"], ["d1", "QE1", "b"], ["d1", "x", "c"]]
