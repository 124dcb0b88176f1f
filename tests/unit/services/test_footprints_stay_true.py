"""Issue 13: councils are filed where they really are, places hold their PCNs, and a
report can group engagements by the ICBs of their own dates."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from icstracker.cli import main
from icstracker.db.database import Database
from icstracker.db.models import Area, AreaMembership
from icstracker.reports.workbook import export_report
from icstracker.services.area_resolver import AreaResolver
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements, footprint_counts
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import log_engagement
from icstracker.services.footprint_history import FootprintView
from icstracker.services.periods import parse_period
from icstracker.services.report_data import ReportRequest, resolve_scope, summarise
from tests.conftest import database_argument

TODAY = dt.date(2026, 12, 2)
BLACKPOOL_PCNS = {"U45809", "U30128", "U14736", "U93108", "U24932"}


def cli(db: Database, *args: str) -> int:
    return main(["--database", database_argument(db), *args])


def _id(session: Session, code: str) -> int:
    return session.scalars(select(Area.id).where(Area.code == code)).one()


def _log(session: Session, committee_id: int, code: str, day: dt.date, title: str) -> None:
    log_engagement(
        session,
        EngagementInput(committee_id, _id(session, code), day, "meeting", title),
        today=TODAY,
    )


def test_blackpool_holds_its_pcns(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "areas", "--within", "E06000009", "--kind", "pcn") == 0
    out = capsys.readouterr().out
    listed = {line.split()[0] for line in out.splitlines() if line.startswith("U")}
    blackpool_named = {code for code in listed if "Blackpool" in out}
    assert len(listed) >= 5 and blackpool_named
    assert "Blackpool South PCN" in out and "BLACKPOOL" not in out
    with db.session() as session:
        # Torentum PCN is 62% Blackpool, 38% Wyre: filed under Blackpool, Wyre's share kept.
        torentum = session.scalars(select(Area).where(Area.short_name == "Torentum PCN")).one()
        assert torentum.code in listed
        places = dict(
            session.execute(
                select(Area.code, AreaMembership.share)
                .join(AreaMembership, AreaMembership.parent_id == Area.id)
                .where(AreaMembership.area_id == torentum.id, Area.kind == "district")
            ).all()
        )
        assert set(places) == {"E07000128"} and 0.3 < places["E07000128"] < 0.4


def test_every_current_pcn_has_a_place_and_no_council_only_a_closed_icb(db: Database) -> None:
    parent = aliased(Area)
    with db.session() as session:
        pcns = set(session.scalars(select(Area.id).where(Area.kind == "pcn")))
        placed = set(
            session.scalars(
                select(AreaMembership.area_id)
                .join(parent, parent.id == AreaMembership.parent_id)
                .where(
                    AreaMembership.is_main,
                    parent.kind.in_(("local_authority", "district")),
                    AreaMembership.valid_to.is_(None),
                )
            )
        )
        assert pcns <= placed and len(pcns) == 1298
        councils = session.scalars(
            select(Area).where(
                Area.kind.in_(("local_authority", "district")), Area.valid_to.is_(None)
            )
        ).all()
        for council in councils:
            system = session.get(Area, council.system_id)
            assert system is not None and system.is_current(TODAY), council.short_name
            current_icbs = [
                m.parent
                for m in session.scalars(
                    select(AreaMembership).where(AreaMembership.area_id == council.id)
                )
                if m.parent.level_key == "system" and m.is_current(TODAY)
            ]
            assert current_icbs and all(i.valid_to is None for i in current_icbs), council.name


@pytest.mark.parametrize(
    ("council", "icb"),
    [
        ("E06000039", "S0E4D"),  # Slough → Thames Valley
        ("E06000036", "S0E4D"),  # Bracknell Forest
        ("E06000040", "S0E4D"),  # Windsor and Maidenhead
        ("E07000214", "S9B9J"),  # Surrey Heath → Surrey and Sussex
        ("E07000216", "S9B9J"),  # Waverley
        ("E07000092", "QRL"),  # Rushmoor → Hampshire and Isle of Wight
        ("E07000089", "QRL"),  # Hart
    ],
)
def test_frimley_councils_are_under_the_icb_their_practices_joined(
    db: Database, council: str, icb: str
) -> None:
    with db.session() as session:
        area = session.scalars(select(Area).where(Area.code == council)).one()
        assert session.get(Area, area.system_id).code == icb  # type: ignore[union-attr]


def test_a_slough_meeting_of_may_2026_counts_for_thames_valley(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.write() as session:
        committee = create_committee(session, "Thames Valley LPCs", (_id(session, "S0E4D"),))
        _log(session, committee.id, "E06000039", dt.date(2026, 5, 12), "Slough place board")
        thames_valley = _id(session, "S0E4D")
        assert count_engagements(session, EngagementFilter(area_id=thames_valley)) == 1
    assert cli(db, "list", "--area", "S0E4D", "--from", "2026-04-01") == 0
    assert "Slough place board" in capsys.readouterr().out
    path = tmp_path / "report.xlsx"
    request = ReportRequest(committee.id, parse_period("2026/27-Q1"), today=TODAY)
    export_report(db, request, path)
    summary = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Summary").to_python()
    text = "\n".join(" ".join(str(c) for c in row) for row in summary)
    assert "outside the committee" not in text
    row = next(r for r in summary if r and r[0] == "Thames Valley")
    assert 1 in row


def _harlow_2024(db: Database) -> tuple[int, Any]:
    with db.write() as session:
        committee = create_committee(session, "Essex LPC", (_id(session, "D7T5G"),))
        _log(session, committee.id, "E07000073", dt.date(2024, 9, 10), "Harlow health forum")
        return committee.id, None


def test_a_harlow_meeting_of_2024_reports_as_then_and_as_now(db: Database) -> None:
    committee_id, _ = _harlow_2024(db)
    period = parse_period("2024/25")
    with db.session() as session:
        rows = {}
        for view in FootprintView:
            request = ReportRequest(committee_id, period, today=TODAY, footprints=view)
            matrix = summarise(session, resolve_scope(session, request)).matrix
            rows[view] = {(r.code, r.name, r.ours): r.total for r in matrix if r.total}
    assert rows[FootprintView.NOW] == {("D7T5G", "Essex", True): 1}
    assert rows[FootprintView.THEN] == {
        ("QM7", "Hertfordshire and West Essex (to March 2026)", True): 1
    }


def test_a_closed_icb_still_holds_what_was_inside_it(db: Database) -> None:
    committee_id, _ = _harlow_2024(db)
    with db.session() as session:
        herts = _id(session, "QM7")
        essex = _id(session, "D7T5G")
        inside = EngagementFilter(area_id=herts, committee_id=committee_id)
        assert count_engagements(session, inside) == 1
        # The footprint tree counts it there too, as the filter finds it, and in Essex.
        tree = footprint_counts(session, EngagementFilter(committee_id=committee_id))
        assert (tree["QM7"], tree["D7T5G"], tree["Y61"]) == (1, 1, 1)
        # Today's tree still files Harlow under Essex.
        assert count_engagements(session, EngagementFilter(area_id=essex)) == 1
        # Hertfordshire's own ICB of 2024 does not hold a 2027 Harlow meeting.
        _log(session, committee_id, "E07000073", dt.date(2026, 11, 3), "Harlow again")
        assert count_engagements(session, inside) == 1


def test_somerset_in_2021_is_the_county_council_of_that_time(db: Database) -> None:
    with db.session() as session:
        area = resolve_area(session, "Somerset", on=dt.date(2021, 5, 1))
        assert (area.code, area.level) == ("E10000027", "place")
        match = AreaResolver(session).match("Somerset", dt.date(2021, 5, 1), fuzzy=False)
        assert match.area.code == "E10000027"
        # Its words still reach the STP, and after 2023 the county is the new council.
        assert resolve_area(session, "Somerset STP", on=dt.date(2021, 5, 1)).kind == "stp"
        later = AreaResolver(session).carrying_code("E06000066")[0]
        assert later.valid_from == dt.date(2023, 4, 1)


def test_pcn_names_are_written_as_the_nhs_writes_them(db: Database) -> None:
    with db.session() as session:
        names = set(session.scalars(select(Area.name).where(Area.kind == "pcn")))
    assert "Nexus (Devon) PCN" in names
    assert "Honiton/Ottery/Sid Valley (HOSMS) PCN" in names
    assert {"Eden (Cumbria) PCN", "South (IW) PCN", "4PCN (BNSSG) PCN"} <= names
    # No word of four letters or more starts in lower case ("and", "the" are three).
    assert not [n for n in names if re.search(r"(^|[ (/-])[a-z]{4,}", n)]
    assert "St Helens North PCN" in names


def test_areas_within_a_closed_icb_lists_what_was_inside_it_with_dates(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db, "areas", "--within", "QM7", "--format", "json") == 0
    rows = {row["code"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["E07000073"]["name"] == "Harlow"
    assert rows["E07000073"]["inside_then"] == "2022-07-01 to 2026-03-31"
    assert rows["E54000025"]["inside_then"] == ""  # its STP rolls up into it today
    assert cli(db, "areas", "--within", "D7T5G", "--format", "json") == 0
    essex = {row["code"]: row for row in json.loads(capsys.readouterr().out)}
    assert essex["E07000073"]["inside_then"] == ""  # inside Essex ICB today
