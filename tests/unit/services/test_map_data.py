"""The coverage map's figures and colours follow the filter, and agree with Coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from icstracker.db.database import Database
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.coverage_data import coverage
from icstracker.services.coverage_status import Thresholds
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import log_engagement
from icstracker.services.map_areas import layer_map, map_layer
from icstracker.services.map_colours import COUNT_COLOURS, OUTSIDE, STATUS_COLOURS, ColourBy
from icstracker.services.map_data import CoverageMap, coverage_map
from icstracker.services.periods import parse_period
from icstracker.services.report_data import ReportRequest, resolve_scope

TODAY = dt.date(2027, 1, 10)
Q3 = parse_period("2026/27-Q3")
BUSY, QUIET, OTHER_PCN = "U46190", "U68649", "U72848"  # Plymouth PCNs
# (area, date, kind)
LOG = [
    (BUSY, dt.date(2026, 10, 5), "meeting"),
    (BUSY, dt.date(2026, 11, 5), "meeting"),
    (BUSY, dt.date(2026, 12, 5), "call"),
    (QUIET, dt.date(2026, 6, 1), "meeting"),  # before the quarter: 213 days by its end
    (OTHER_PCN, dt.date(2026, 12, 20), "email"),
    ("E06000026", dt.date(2026, 11, 20), "call"),  # Plymouth council itself
    ("QJK", dt.date(2026, 10, 2), "meeting"),
    ("QE1", dt.date(2026, 10, 2), "meeting"),  # another ICS: outside the committee's
]


@pytest.fixture
def committee_id(db: Database) -> int:
    with db.write() as session:
        devon = resolve_area(session, "QJK")
        committee = create_committee(session, "Community Pharmacy Devon", (devon.id,))
        for code, day, kind in LOG:
            log_engagement(
                session,
                EngagementInput(
                    committee_id=committee.id,
                    area_id=resolve_area(session, code).id,
                    occurred_on=day,
                    kind=kind,
                    title=f"{kind} on {day}",
                ),
                today=TODAY,
            )
    return committee.id


def _map(
    db: Database,
    committee_id: int,
    layer: str,
    by: ColourBy = ColourBy.COUNT,
    criteria: EngagementFilter | None = None,
    thresholds: Thresholds | None = None,
) -> CoverageMap:
    request = ReportRequest(committee_id, Q3, criteria or EngagementFilter(), TODAY)
    with db.session() as session:
        scope = resolve_scope(session, request)
        found = layer_map(session, map_layer(layer), TODAY)
        return coverage_map(session, scope, found, by, thresholds or Thresholds())


def test_a_pcn_with_three_engagements_and_one_with_none_differ(
    db: Database, committee_id: int
) -> None:
    pcns = _map(db, committee_id, "neighbourhood")
    by_code = {h.code: h for h in pcns.hexes}
    busy, quiet = by_code[BUSY], by_code[QUIET]
    assert busy.figures.count == 3 and quiet.figures.count == 0
    assert busy.fill != quiet.fill
    assert quiet.fill == COUNT_COLOURS[0] and pcns.scale.bands[quiet.band or 0].label == "None"
    assert busy.band == len(pcns.scale.bands) - 1  # the busiest: the darkest band
    # Only calls: the busy PCN has one, and the scale is fitted again.
    calls = _map(db, committee_id, "neighbourhood", criteria=EngagementFilter(kinds=("call",)))
    assert {h.code: h.figures.count for h in calls.hexes}[BUSY] == 1


def test_days_since_and_status_count_to_the_end_of_the_period(
    db: Database, committee_id: int
) -> None:
    days = {h.code: h for h in _map(db, committee_id, "neighbourhood", ColourBy.DAYS).hexes}
    assert days[QUIET].figures.days_since == (Q3.end - dt.date(2026, 6, 1)).days
    assert days[QUIET].figures.last_engaged == dt.date(2026, 6, 1)
    never = days["U74074"]  # Sound PCN, never engaged
    assert never.figures.days_since is None and never.band == 5  # "Never"
    status = _map(db, committee_id, "neighbourhood", ColourBy.STATUS, thresholds=Thresholds(5, 20))
    colours = {h.code: h.fill for h in status.hexes}
    assert colours[OTHER_PCN] == STATUS_COLOURS["amber"]  # 11 days before 31 December
    assert colours[BUSY] == STATUS_COLOURS["red"]  # 26 days
    assert colours["U74074"] == STATUS_COLOURS["red"]


def test_only_the_committees_areas_are_coloured(db: Database, committee_id: int) -> None:
    icss = _map(db, committee_id, "system")
    coloured = {h.code for h in icss.hexes if h.mine}
    assert coloured == {"QJK"}
    by_code = {h.code: h for h in icss.hexes}
    assert by_code["QE1"].fill == OUTSIDE and by_code["QE1"].band is None
    assert by_code["QE1"].figures.count == 1  # still counted, for its tooltip
    assert by_code["QJK"].figures.count == 6  # Devon and everything in it: the tree's count
    assert by_code["QJK"].figures.direct == 1
    mine = [o for o in icss.outlines if o.mine]
    assert [o.system for o in mine] == ["QJK"]
    assert set(icss.focus) == {by_code["QJK"].cell}


def test_the_figures_are_the_coverage_tabs(db: Database, committee_id: int) -> None:
    with db.session() as session:
        scope = resolve_scope(session, ReportRequest(committee_id, Q3, today=TODAY))
        rows = {r.code: r for r in coverage(session, scope).rows}
    for layer in ("place", "neighbourhood"):
        for found in _map(db, committee_id, layer).hexes:
            if not found.mine:
                continue
            row = rows[found.code]
            assert (found.figures.direct, found.figures.count) == (row.engagements, row.within)
            assert found.figures.days_since == row.days_since


def test_a_level_filter_counts_as_the_tree_does(db: Database, committee_id: int) -> None:
    """With Neighbourhood chosen, a council's count is its PCNs' engagements alone."""
    everything = _map(db, committee_id, "place")
    pcns_only = _map(db, committee_id, "place", criteria=EngagementFilter(level="neighbourhood"))
    plymouth = {h.code: h.figures for h in everything.hexes}["E06000026"]
    assert (plymouth.count, plymouth.direct) == (5, 1)
    plymouth = {h.code: h.figures for h in pcns_only.hexes}["E06000026"]
    assert (plymouth.count, plymouth.direct) == (4, 0)


def test_a_footprint_chosen_in_the_filter_does_not_blank_the_rest(
    db: Database, committee_id: int
) -> None:
    with db.session() as session:
        busy = resolve_area(session, BUSY).id
    chosen = _map(db, committee_id, "neighbourhood", criteria=EngagementFilter(area_id=busy))
    plain = _map(db, committee_id, "neighbourhood")
    assert [h.fill for h in chosen.hexes] == [h.fill for h in plain.hexes]
    assert replace(chosen, layer_map=plain.layer_map).scale == plain.scale
