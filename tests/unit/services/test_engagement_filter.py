"""The rows each filter leaves, and the counts by level and footprint, on a known log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from icstracker.db.database import Database
from icstracker.errors import ValidationError
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_filter import EngagementFilter, excluded_by
from icstracker.services.engagement_queries import (
    area_counts,
    count_engagements,
    counts_by_level,
    engagement_ids,
    engagement_rows,
    footprint_counts,
    list_engagements,
    roll_up,
)
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import delete_engagement, log_engagement
from icstracker.services.periods import parse_period

TODAY = dt.date(2026, 11, 20)


@dataclass(frozen=True)
class Log:
    ids: dict[str, int]
    lpc: int
    other: int
    area: dict[str, int]


# (key, committee, area code, date, kind, title, topics, people, summary)
ENTRIES = [
    (
        "icb",
        "lpc",
        "QE1",
        "2026-10-05",
        "meeting",
        "ICB primary care committee",
        ("Pharmacy First",),
        ("Jane Example",),
        "Pharmacy First uptake",
    ),
    (
        "place",
        "lpc",
        "E06000009",
        "2026-11-02",
        "call",
        "Blackpool place board call",
        ("Hypertension case-finding",),
        (),
        "Blood pressure checks in pharmacies",
    ),
    (
        "pcn_q3_end",
        "lpc",
        "U45809",
        "2025-12-31",
        "meeting",
        "PCN clinical director meeting",
        ("Pharmacy First",),
        ("Dr Ravi Example",),
        "Referral pathway",
    ),
    (
        "pcn_q4_start",
        "lpc",
        "U45809",
        "2026-01-01",
        "email",
        "Email to PCN manager",
        ("Contraception",),
        (),
        "50% of practices signed up",
    ),
    (
        "year_end",
        "lpc",
        "U82077",
        "2026-03-31",
        "event",
        "PCN time-out",
        ("Workforce",),
        (),
        "Training plans",
    ),
    (
        "year_start",
        "lpc",
        "U82077",
        "2026-04-01",
        "meeting",
        "PCN board",
        ("Workforce",),
        (),
        "New year priorities",
    ),
    (
        "merged_icb",
        "other",
        "QHG",
        "2025-06-10",
        "meeting",
        "BLMK ICB pharmacy meeting",
        ("Commissioning",),
        (),
        "Commissioning intentions",
    ),
    (
        "stp",
        "lpc",
        "E54000048",
        "2019-05-01",
        "written_submission",
        "Response to the STP plan",
        (),
        (),
        "Written response",
    ),
    ("deleted", "lpc", "QE1", "2026-10-06", "call", "Logged by mistake", (), (), ""),
]


@pytest.fixture
def log(db: Database) -> Log:
    ids: dict[str, int] = {}
    with db.write() as session:
        lpc = create_committee(session, "Community Pharmacy Lancashire and South Cumbria").id
        other = create_committee(session, "Community Pharmacy Beds and Herts").id
        # E54000048 names the STP in 2019 and the ICB today: resolve it as of 2019.
        area = {
            code: resolve_area(
                session, code, on=dt.date(2019, 5, 1) if code == "E54000048" else None
            ).id
            for code in (
                "QE1",
                "E06000009",
                "U45809",
                "U82077",
                "QHG",
                "E54000048",
                "S1Y5D",
                "E10000014",
            )
        }
        for key, who, code, day, kind, title, topics, people, summary in ENTRIES:
            view = log_engagement(
                session,
                EngagementInput(
                    committee_id=lpc if who == "lpc" else other,
                    area_id=area[code],
                    occurred_on=dt.date.fromisoformat(day),
                    kind=kind,
                    title=title,
                    summary=summary,
                    topics=topics,
                    people=people,
                    organisations=("NHS Lancashire and South Cumbria ICB",)
                    if code == "QE1"
                    else (),
                    actions=(ActionInput("Chase"),) if key == "icb" else (),
                ),
                today=TODAY,
            )
            ids[key] = view.id
        delete_engagement(session, ids["deleted"], expected_version=1)
    return Log(ids, lpc, other, area)


def _keys(db: Database, log: Log, criteria: EngagementFilter) -> set[str]:
    names = {v: k for k, v in log.ids.items()}
    with db.session() as session:
        return {names[i] for i in engagement_ids(session, criteria)}


def test_no_filter_hides_only_deleted(db: Database, log: Log) -> None:
    assert _keys(db, log, EngagementFilter()) == set(log.ids) - {"deleted"}
    assert "deleted" in _keys(db, log, EngagementFilter(include_deleted=True))


def test_level(db: Database, log: Log) -> None:
    assert _keys(db, log, EngagementFilter(level="system")) == {"icb", "merged_icb", "stp"}
    assert _keys(db, log, EngagementFilter(level="place")) == {"place"}
    assert _keys(db, log, EngagementFilter(level="neighbourhood")) == {
        "pcn_q3_end",
        "pcn_q4_start",
        "year_end",
        "year_start",
    }


def test_footprint_includes_everything_inside_and_its_history(db: Database, log: Log) -> None:
    lsc = _keys(db, log, EngagementFilter(area_id=log.area["QE1"]))
    assert lsc == {"icb", "place", "pcn_q3_end", "pcn_q4_start", "year_end", "year_start", "stp"}
    # An engagement with a merged ICB counts under the ICB that absorbed it.
    assert _keys(db, log, EngagementFilter(area_id=log.area["S1Y5D"])) == {"merged_icb"}
    assert _keys(db, log, EngagementFilter(area_id=log.area["U45809"])) == {
        "pcn_q3_end",
        "pcn_q4_start",
    }
    assert _keys(db, log, EngagementFilter(area_id=log.area["E10000014"])) == set()


def test_level_and_footprint_together(db: Database, log: Log) -> None:
    criteria = EngagementFilter(level="system", area_id=log.area["QE1"])
    assert _keys(db, log, criteria) == {"icb", "stp"}


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2025/26-Q3", {"pcn_q3_end"}),
        ("2025/26 Q4", {"pcn_q4_start", "year_end"}),
        ("2026/27-Q1", {"year_start"}),
        ("2026/27-Q3", {"icb", "place"}),
        ("2025-Q4", {"pcn_q3_end"}),
        ("2026-Q1", {"pcn_q4_start", "year_end"}),
    ],
)
def test_quarters_at_their_boundaries(
    db: Database, log: Log, period: str, expected: set[str]
) -> None:
    criteria = EngagementFilter().for_period(parse_period(period))
    assert _keys(db, log, criteria) == expected


def test_committee_kind_topic_and_text(db: Database, log: Log) -> None:
    assert _keys(db, log, EngagementFilter(committee_id=log.other)) == {"merged_icb"}
    assert _keys(db, log, EngagementFilter(kinds=("email", "call"))) == {"place", "pcn_q4_start"}
    assert _keys(db, log, EngagementFilter(topics=("pharmacy first",))) == {"icb", "pcn_q3_end"}
    assert _keys(db, log, EngagementFilter(text="blood PRESSURE")) == {"place"}
    assert _keys(db, log, EngagementFilter(text="ravi")) == {"pcn_q3_end"}  # a person
    assert _keys(db, log, EngagementFilter(text="lancashire icb")) == {"icb"}  # organisation
    assert _keys(db, log, EngagementFilter(text="50%")) == {"pcn_q4_start"}  # % is literal
    assert _keys(db, log, EngagementFilter(text="pharmacy nowhere")) == set()


def test_sorting_and_paging(db: Database, log: Log) -> None:
    with db.session() as session:
        newest_first = engagement_ids(session, EngagementFilter())
        oldest_first = engagement_ids(session, EngagementFilter(), descending=False)
        page = engagement_ids(session, EngagementFilter(), limit=3, offset=2)
        by_title = list_engagements(session, EngagementFilter(), sort="title", descending=False)
        by_area = list_engagements(session, EngagementFilter(), sort="area", descending=False)
    assert newest_first == list(reversed(oldest_first))
    assert newest_first[0] == log.ids["place"] and newest_first[-1] == log.ids["stp"]
    assert page == newest_first[2:5]
    titles = [r.title for r in by_title]
    assert titles == sorted(titles, key=str.lower)
    areas = [r.area for r in by_area]
    assert areas == sorted(areas)


def test_rows_carry_what_the_table_shows(db: Database, log: Log) -> None:
    with db.session() as session:
        (row,) = engagement_rows(session, [log.ids["icb"]])
        (old,) = engagement_rows(session, [log.ids["merged_icb"]])
    assert (row.level, row.footprint_code, row.area_code) == ("system", "QE1", "QE1")
    assert row.organisations == "NHS Lancashire and South Cumbria ICB"
    assert row.people == "Jane Example" and row.open_actions == 1
    assert (old.area_code, old.footprint_code) == ("QHG", "S1Y5D")


def test_counts_by_level_and_footprint(db: Database, log: Log) -> None:
    criteria = EngagementFilter(committee_id=log.lpc)
    with db.session() as session:
        assert counts_by_level(session, criteria) == {"system": 2, "place": 1, "neighbourhood": 4}
        assert count_engagements(session, criteria) == 7
        counts = footprint_counts(session, criteria)
        everything = footprint_counts(session, EngagementFilter())
    assert counts["QE1"] == 7 and counts["Y62"] == 7
    # Blackpool Council holds its own engagement and its PCNs'; its sub-ICB location none.
    assert counts["U45809"] == 2 and counts["E06000009"] == 5 and "00R" not in counts
    assert "S1Y5D" not in counts
    assert everything["S1Y5D"] == 1 and everything["QHG"] == 1 and everything["Y61"] == 1


def test_bad_filters_say_what_is_wrong(db: Database, log: Log) -> None:
    with pytest.raises(ValidationError, match="not a planning level"), db.session() as session:
        engagement_ids(session, EngagementFilter(level="county"))
    with pytest.raises(ValidationError, match="before its start"), db.session() as session:
        engagement_ids(
            session, EngagementFilter(date_from=dt.date(2026, 5, 1), date_to=dt.date(2026, 4, 1))
        )
    with pytest.raises(ValidationError, match="Cannot sort by"), db.session() as session:
        engagement_ids(session, EngagementFilter(), sort="colour")


def test_excluded_by_names_only_the_parts_that_leave_an_engagement_out(
    db: Database, log: Log
) -> None:
    criteria = EngagementFilter(
        level="neighbourhood",
        area_id=log.area["U45809"],
        date_from=dt.date(2026, 1, 1),
        date_to=dt.date(2026, 3, 31),
        text="referral",
    )
    with db.session() as session:
        # The Q3 PCN meeting: right level, footprint and text; only the period leaves it out.
        assert excluded_by(session, criteria, log.ids["pcn_q3_end"]) == {"period"}
        # The ICB meeting fails all but the period... and the period too (October).
        assert excluded_by(session, criteria, log.ids["icb"]) == {
            "period",
            "level",
            "area",
            "text",
        }
        assert excluded_by(session, EngagementFilter(), log.ids["icb"]) == set()


@pytest.mark.parametrize("level", ["system", "place", "neighbourhood"])
def test_counts_per_area_re_summed_for_a_level_match_the_level_query(
    db: Database, log: Log, level: str
) -> None:
    """The window keeps one grouped count and re-sums it on a level click: the same
    numbers as asking the database with the level in the filter."""
    with db.session() as session:
        kept = area_counts(session, EngagementFilter(committee_id=log.lpc))
        asked = footprint_counts(session, EngagementFilter(committee_id=log.lpc, level=level))
    assert roll_up(kept, level) == asked
    assert asked, "each level has engagements in the known log"
