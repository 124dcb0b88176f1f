"""Coverage when a committee chose a place rather than a whole ICS."""

from __future__ import annotations

import datetime as dt

from icstracker.db.database import Database
from icstracker.services.areas import list_areas, resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.coverage_data import coverage
from icstracker.services.periods import parse_period
from icstracker.services.report_data import ReportRequest, resolve_scope


def test_a_place_committee_covers_the_place_and_its_pcns(db: Database) -> None:
    with db.write() as session:
        blackpool = resolve_area(session, "E06000009")  # Blackpool Council
        committee = create_committee(session, "Blackpool LPC", (blackpool.id,))
    with db.session() as session:
        request = ReportRequest(committee.id, parse_period("2026/27-Q3"), today=dt.date(2027, 1, 5))
        scope = resolve_scope(session, request)
        result = coverage(session, scope)
        pcns = {a.code for a in list_areas(session, within="E06000009", kind="pcn")}
    assert [s.code for s in scope.systems] == ["QE1"]
    assert [r.code for r in result.rows][0] == "E06000009"
    assert {r.code for r in result.rows[1:]} == pcns
    assert {r.system for r in result.rows} == {"Lancashire and South Cumbria"}
    assert all(r.parent == blackpool.short_name for r in result.rows[1:])
    (tally,) = result.tallies
    assert (tally.places_engaged, tally.places, tally.pcns_engaged, tally.pcns) == (
        0,
        1,
        0,
        len(pcns),
    )
