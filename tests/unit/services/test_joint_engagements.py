"""Engagements joint between committees: each counts it, a total across them counts it once.

Two LPCs share Lancashire and South Cumbria ICB. They meet the ICB together (logged once,
by the first), and each also has engagements of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from icstracker.db.database import Database
from icstracker.db.models import Engagement
from icstracker.errors import ValidationError
from icstracker.reports.workbook import export_report
from icstracker.services.actions import action_counts, list_actions
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.coverage_data import coverage
from icstracker.services.engagement_filter import EngagementFilter, filter_condition
from icstracker.services.engagement_queries import (
    count_engagements,
    counts_by_level,
    footprint_counts,
    list_engagements,
)
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import get_engagement, log_engagement, update_engagement
from icstracker.services.periods import parse_period
from icstracker.services.report_data import ReportRequest, resolve_scope, summarise

TODAY = dt.date(2026, 12, 1)
NORTH, SOUTH = "North Lancashire LPC", "South Lancashire LPC"
QUARTER = parse_period("2026/27-Q3")


@dataclass(frozen=True)
class Joint:
    north: int
    south: int
    joint: int
    joint_place: int


@pytest.fixture
def joint(db: Database) -> Joint:
    with db.write() as session:
        icb = resolve_area(session, "QE1")
        blackpool = resolve_area(session, "E06000009")  # Blackpool Council
        north = create_committee(session, NORTH, (icb.id,)).id
        south = create_committee(session, SOUTH, (icb.id,)).id

        def log(committee: int, area: int, title: str, **extra: object) -> int:
            data = EngagementInput(
                committee_id=committee,
                area_id=area,
                occurred_on=dt.date(2026, 10, 14),
                kind="meeting",
                title=title,
            )
            return log_engagement(session, replace(data, **extra), today=TODAY).id  # type: ignore[arg-type]

        shared = log(
            north,
            icb.id,
            "ICB primary care board, both LPCs",
            partner_committee_ids=(south, south, north),  # repeats and itself are ignored
            actions=(ActionInput("Send joint paper", "LPC chairs", dt.date(2026, 11, 1)),),
        )
        place = log(north, blackpool.id, "Blackpool place board", partner_committee_ids=(south,))
        log(north, icb.id, "North's own call with the ICB", kind="call")
        log(south, icb.id, "South's own email to the ICB", kind="email")
    return Joint(north, south, shared, place)


def test_the_engagement_names_its_partners_but_is_stored_once(db: Database, joint: Joint) -> None:
    with db.session() as session:
        view = get_engagement(session, joint.joint)
        rows = list(session.scalars(select(Engagement).where(Engagement.title.like("ICB prim%"))))
    assert (view.committee, view.partners, view.partner_committee_ids) == (
        NORTH,
        (SOUTH,),
        (joint.south,),
    )
    assert len(rows) == 1


@pytest.mark.parametrize(
    ("committee", "expected"),
    [("north", 3), ("south", 3), (None, 4)],
)
def test_each_committee_counts_it_and_the_total_counts_it_once(
    db: Database, joint: Joint, committee: str | None, expected: int
) -> None:
    committee_id = getattr(joint, committee) if committee else None
    criteria = EngagementFilter(committee_id=committee_id)
    with db.session() as session:
        assert count_engagements(session, criteria) == expected
        system = counts_by_level(session, criteria)["system"]
        in_icb = footprint_counts(session, criteria)["QE1"]
    # The ICB total across both committees is 3 system-level engagements, not 4.
    assert system == {"north": 2, "south": 2, None: 3}[committee]
    assert in_icb == expected


def test_the_log_shows_who_took_part(db: Database, joint: Joint) -> None:
    with db.session() as session:
        criteria = EngagementFilter(committee_id=joint.south)
        rows = list_engagements(session, criteria, sort="title", descending=False)
    assert [(r.title, r.committee) for r in rows] == [
        ("Blackpool place board", f"{NORTH} (joint with {SOUTH})"),
        ("ICB primary care board, both LPCs", f"{NORTH} (joint with {SOUTH})"),
        ("South's own email to the ICB", SOUTH),
    ]


def test_a_partner_sees_the_follow_ups_and_the_coverage(db: Database, joint: Joint) -> None:
    with db.session() as session:
        actions = list_actions(session, joint.south, today=TODAY)
        counts = action_counts(session, joint.south, today=TODAY)
        scope = resolve_scope(session, ReportRequest(joint.south, QUARTER, today=TODAY))
        rows = {r.code: r for r in coverage(session, scope).rows}
    assert [a.description for a in actions] == ["Send joint paper"]
    assert (counts.overdue, counts.open) == (1, 1)
    assert rows["E06000009"].engagements == 1  # Blackpool was reached, jointly


def test_the_partners_report_says_which_are_joint(
    db: Database, joint: Joint, tmp_path: Path
) -> None:
    request = ReportRequest(joint.south, QUARTER, today=TODAY)
    with db.session() as session:
        summary = summarise(session, resolve_scope(session, request))
    assert (summary.total, summary.joint) == (3, 2)

    path = export_report(db, request, tmp_path / "south.xlsx").path
    workbook = CalamineWorkbook.from_path(str(path))
    engagements = workbook.get_sheet_by_name("Engagements").to_python()
    details = workbook.get_sheet_by_name("Engagement details").to_python()
    overview = workbook.get_sheet_by_name("Summary").to_python()
    workbook.close()
    titles = {row[-1]: row[engagements[0].index("Title")] for row in engagements[1:]}
    column = details[0].index("Joint with")
    joint_with = {titles[row[0]]: row[column] for row in details[1:]}
    assert joint_with == {
        "ICB primary care board, both LPCs": NORTH,  # the report's own committee is left out
        "Blackpool place board": NORTH,
        "South's own email to the ICB": "",
    }
    labels = {row[0]: row[1] for row in overview if row and row[0]}
    assert labels["Engagements"] == 3
    assert labels["Of which joint with other committees"] == 2


def test_partners_can_be_changed_and_must_exist(db: Database, joint: Joint) -> None:
    with db.write() as session:
        view = get_engagement(session, joint.joint)
        data = replace(view.as_input(), partner_committee_ids=())
        updated = update_engagement(
            session, view.id, data, expected_version=view.version, today=TODAY
        )
        assert updated.partners == ()
        assert updated.version == view.version + 1
        with pytest.raises(ValidationError, match="no committee with id 9999"):
            log_engagement(
                session, replace(data, title="Another", partner_committee_ids=(9999,)), today=TODAY
            )
    with db.session() as session:
        assert count_engagements(session, EngagementFilter(committee_id=joint.south)) == 2


def test_committees_without_joint_work_keep_the_plain_indexed_query(db: Database) -> None:
    """The OR that joint engagements need costs SQLite its date-ordered index walk."""
    with db.write() as session:
        alone = create_committee(session, "Solo LPC").id
    with db.session() as session:
        condition = filter_condition(session, EngagementFilter(committee_id=alone))
        sql = str(condition.compile(compile_kwargs={"literal_binds": True}))
    assert "engagement_partner" not in sql and "committee_id = " in sql


def test_the_demo_joins_neighbouring_committees_at_system_level(db: Database) -> None:
    from icstracker.db.models import Area, Committee, committee_area, engagement_partner
    from icstracker.services.demo import generate_demo

    with db.write() as session:
        generate_demo(session, 3000, seed=5, committees=8, today=TODAY)
    with db.session() as session:
        region = dict(
            session.execute(
                select(committee_area.c.committee_id, Area.parent_id).join(
                    Area, Area.id == committee_area.c.area_id
                )
            ).all()
        )
        rows = session.execute(
            select(Engagement.committee_id, engagement_partner.c.committee_id, Area.level_key)
            .join(engagement_partner, engagement_partner.c.engagement_id == Engagement.id)
            .join(Area, Area.id == Engagement.area_id)
        ).all()
        total = count_engagements(session, EngagementFilter())
        summed = sum(
            count_engagements(session, EngagementFilter(committee_id=c))
            for c in session.scalars(select(Committee.id))
        )
    assert rows, "eight ICBs always include two in one region"
    assert all(level == "system" and owner != partner for owner, partner, level in rows)
    assert all(region[owner] == region[partner] for owner, partner, _ in rows)
    # Each committee counts its joint meetings; the total across committees counts them once.
    assert (total, summed) == (3000, 3000 + len(rows))


def test_a_partner_logging_the_same_meeting_is_warned_of_the_duplicate(
    db: Database, joint: Joint, tmp_path: Path
) -> None:
    from icstracker.services.engagements import find_duplicates
    from icstracker.services.imports.apply import run_import
    from icstracker.services.imports.plan import ImportOptions

    with db.session() as session:
        icb = resolve_area(session, "QE1").id
        title = "ICB primary care board, both LPCs"
        found = find_duplicates(session, icb, dt.date(2026, 10, 14), title, joint.south)
    assert found == [joint.joint]
    path = tmp_path / "south.csv"
    path.write_text(f'Date,Area,Title\n14/10/2026,QE1,"{title}"\n', encoding="utf-8")
    result = run_import(db, path, ImportOptions(committee=SOUTH, today=TODAY))
    assert result.added_ids == () and result.duplicates == 1
