"""The footprints in a fresh database are the real ones, with their history intact."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from icstracker.bundled import reference_dir
from icstracker.db.database import Database
from icstracker.db.models import (
    Area,
    AreaMembership,
    AreaSuccession,
    Engagement,
    GpPractice,
    PlanningLevel,
    Topic,
)
from icstracker.db.reference.loader import load_reference_data
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import log_engagement

MID_2025 = dt.date(2025, 6, 1)
AFTER_MERGERS = dt.date(2026, 11, 1)


def _icbs_current_on(session, day: dt.date) -> list[Area]:
    icbs = session.scalars(select(Area).where(Area.kind == "icb")).all()
    return [a for a in icbs if a.is_current(day)]


def test_36_icbs_now_and_42_before_april_2026(db: Database) -> None:
    with db.session() as session:
        now = _icbs_current_on(session, AFTER_MERGERS)
        before = _icbs_current_on(session, MID_2025)
        assert len(now) == 36
        assert len(before) == 42
        assert {a.code for a in now} >= {"S1Y5D", "D7T5G", "T6Y0W", "S9B9J", "S0E4D", "Z9B2Z"}
        assert all(a.level_key == "system" for a in now + before)


def test_real_codes_and_names(db: Database) -> None:
    with db.session() as session:
        lsc = session.scalars(select(Area).where(Area.code == "QE1")).one()
        assert (lsc.ons_code, lsc.short_name) == ("E54000048", "Lancashire and South Cumbria")
        assert lsc.parent.code == "Y62" and lsc.parent.name == "North West"
        hiow = session.scalars(select(Area).where(Area.code == "QRL")).one()
        assert hiow.ons_code == "E54000067"
        assert "E54000042" in {a.alias for a in hiow.aliases}
        central_east = session.scalars(select(Area).where(Area.code == "S1Y5D")).one()
        assert central_east.valid_from == dt.date(2026, 4, 1)
        assert central_east.ons_code == "E54000065"


def test_every_closed_icb_links_to_its_successors(db: Database) -> None:
    successor = aliased(Area)
    with db.session() as session:
        closed = session.scalars(
            select(Area).where(Area.kind == "icb", Area.valid_to.is_not(None))
        ).all()
        assert len(closed) == 12
        assert {a.valid_to for a in closed} == {dt.date(2026, 3, 31)}
        links = session.execute(
            select(Area.code, successor.code, AreaSuccession.kind)
            .join(AreaSuccession, AreaSuccession.predecessor_id == Area.id)
            .join(successor, successor.id == AreaSuccession.successor_id)
            .where(Area.kind == "icb")
        ).all()
        by_predecessor: dict[str, set[str]] = {}
        for predecessor, succ, _kind in links:
            by_predecessor.setdefault(predecessor, set()).add(succ)
        assert set(by_predecessor) == {a.code for a in closed}
        assert by_predecessor["QNQ"] == {"QRL", "S0E4D", "S9B9J"}
        assert by_predecessor["QHG"] == {"S1Y5D"}
        # A merged ICB rolls up to its one successor; a split one stays under its region.
        parents = {a.code: a.parent.code for a in closed}
        assert parents["QHG"] == "S1Y5D" and parents["QXU"] == "S9B9J"
        assert parents["QNQ"] == "Y59" and parents["QM7"] == "Y61"


def test_every_pcn_sits_under_a_council_and_an_icb(db: Database) -> None:
    system = aliased(Area)
    with db.session() as session:
        pcns = session.execute(
            select(Area, system.kind)
            .outerjoin(system, system.id == Area.system_id)
            .where(Area.kind == "pcn")
        ).all()
        assert len(pcns) == 1298
        assert all(kind == "icb" for _, kind in pcns)
        parents = {pcn.code: pcn.parent.kind for pcn, _ in pcns}
        under_icb = {code for code, kind in parents.items() if kind == "icb"}
        # Millom's patients are mostly in Cumberland (North East and North Cumbria), Eden's
        # in Westmorland and Furness (Lancashire and South Cumbria): each PCN's own ICB is
        # the other one, and it has no council inside it.
        assert under_icb == {"U16644", "U08085"}
        assert set(parents.values()) == {"local_authority", "district", "icb"}
        assert all(pcn.level_key == "neighbourhood" for pcn, _ in pcns)
        practices = session.scalar(select(func.count()).select_from(GpPractice))
        assert practices == 6129


def test_every_stp_of_2016_became_an_icb(db: Database) -> None:
    with db.session() as session:
        stps = session.scalars(select(Area).where(Area.kind == "stp")).all()
        assert len(stps) == 45  # the 44 of 2016 and the north-east STP of 2018
        by_code = {s.code: s for s in stps}

        def successor(area: Area) -> AreaSuccession:
            return session.scalars(
                select(AreaSuccession).where(AreaSuccession.predecessor_id == area.id)
            ).one()

        for stp in stps:
            step = successor(stp)
            if step.kind == "merger":
                step = successor(step.successor)
            assert step.kind == "became" and step.successor.kind == "icb", stp.code
            assert stp.valid_to is not None and stp.valid_to <= dt.date(2022, 6, 30)
        # Three north-east STPs merged in August 2018 into Cumbria and North East, which
        # became North East and North Cumbria ICB in July 2022.
        merged = by_code["E54000050"]
        assert (merged.name, merged.parent.code) == ("Cumbria and North East", "QHM")
        assert (merged.valid_from, merged.valid_to) == (dt.date(2018, 9, 1), dt.date(2022, 6, 30))
        for code in ("E54000045", "E54000046", "E54000047"):
            assert by_code[code].parent.code == "E54000050"
            assert by_code[code].valid_to == dt.date(2018, 8, 31)
            assert successor(by_code[code]).successor.code == "E54000050"
        # An STP rolls up through its ICB to the ICB that absorbed it in 2026.
        assert by_code["E54000024"].path == "/Y61/S1Y5D/QHG/E54000024/"


def test_every_region_has_a_system_on_every_day_since_2016(db: Database) -> None:
    """No gap in the footprints: an engagement at system level always has somewhere to go."""
    with db.session() as session:
        systems = session.scalars(select(Area).where(Area.level_key == "system")).all()
        regions = {a.path.split("/")[1] for a in systems}
        day = dt.date(2016, 3, 1)
        while day <= dt.date(2026, 11, 1):
            covered = {a.path.split("/")[1] for a in systems if a.is_current(day)}
            assert covered == regions, (day, regions - covered)
            day += dt.timedelta(days=30)
        for edge in (dt.date(2018, 8, 31), dt.date(2018, 9, 1), dt.date(2022, 6, 30)):
            north_east = [a.code for a in systems if a.is_current(edge) and "/Y63/QHM/" in a.path]
            assert north_east, edge


def test_an_ics_designated_only_in_part_has_no_wave_of_its_own(db: Database) -> None:
    with db.session() as session:
        lsc = session.scalars(select(Area).where(Area.code == "QE1")).one()
        assert lsc.designation_wave is None
        assert "Blackpool and Fylde Coast" in (lsc.notes or "")
        assert "no designation of the whole system" in (lsc.notes or "")
        bob = session.scalars(select(Area).where(Area.code == "QU9")).one()
        assert (bob.designation_wave, bob.designation_name) == (
            3,
            "Buckinghamshire, Oxfordshire and Berkshire West",
        )


def test_a_code_means_the_area_valid_on_the_day(db: Database) -> None:
    """ONS gave E54000048 to the STP and then to the ICB; the date decides."""
    with db.session() as session:
        assert resolve_area(session, "E54000048", on=dt.date(2026, 11, 1)).code == "QE1"
        assert resolve_area(session, "E54000048", on=dt.date(2019, 5, 1)).code == "E54000048"
        assert resolve_area(session, "E54000050", on=dt.date(2020, 1, 1)).code == "E54000050"
        assert resolve_area(session, "E54000050", on=dt.date(2023, 1, 1)).code == "QHM"
        # A 2021 STP code finds the STP in 2021 and the ICB it became afterwards.
        assert resolve_area(session, "E54000054", on=dt.date(2021, 6, 1)).code == "E54000005"
        assert resolve_area(session, "E54000054", on=dt.date(2024, 6, 1)).code == "QWO"


def test_places_filed_by_largest_share_with_the_split_recorded(db: Database) -> None:
    with db.session() as session:
        hampshire = session.scalars(select(Area).where(Area.code == "E10000014")).one()
        assert hampshire.kind == "local_authority" and hampshire.parent.code == "QRL"
        rows = session.execute(
            select(Area.code, AreaMembership.share, AreaMembership.is_main)
            .join(AreaMembership, AreaMembership.parent_id == Area.id)
            .where(AreaMembership.area_id == hampshire.id, Area.level_key == "system")
            .where(AreaMembership.valid_from == dt.date(2022, 7, 1))
        ).all()
        shares = {code: (share, main) for code, share, main in rows}
        assert shares["QRL"][1] and shares["QRL"][0] > 0.5
        assert not shares["QNQ"][1] and 0 < shares["QNQ"][0] < 0.5
        # Since April 2026 the Frimley part (Hart, Rushmoor) is Hampshire and Isle of Wight's.
        since_2026 = session.execute(
            select(Area.code, AreaMembership.share)
            .join(AreaMembership, AreaMembership.parent_id == Area.id)
            .where(AreaMembership.area_id == hampshire.id, Area.level_key == "system")
            .where(AreaMembership.valid_from == dt.date(2026, 4, 1))
        ).all()
        assert since_2026 == [("QRL", 1.0)]
        cumberland = session.scalars(select(Area).where(Area.code == "E06000063")).one()
        assert cumberland.valid_from == dt.date(2023, 4, 1)
        allerdale = session.scalars(select(Area).where(Area.code == "E07000026")).one()
        assert allerdale.valid_to == dt.date(2023, 3, 31)


def test_planning_levels_and_topics(db: Database) -> None:
    with db.session() as session:
        levels = {lv.key: lv for lv in session.scalars(select(PlanningLevel))}
        assert (levels["system"].population_min, levels["system"].population_max) == (
            1_000_000,
            3_000_000,
        )
        assert (levels["neighbourhood"].population_min, levels["place"].population_max) == (
            30_000,
            500_000,
        )
        assert "appoint a named accountable clinical director" in levels["neighbourhood"].priorities
        topics = set(session.scalars(select(Topic.name)))
        assert {"Pharmacy First", "Discharge Medicine Service"} <= topics


def test_loading_twice_changes_nothing(db: Database) -> None:
    with db.write() as session:
        assert not load_reference_data(session).changed
        again = load_reference_data(session, force=True)
        assert (again.areas_added, again.areas_updated, again.areas_closed) == (0, 0, 0)
        assert session.scalar(select(func.count()).select_from(Area)) == 1842  # 3 counties of 2022


def _rewrite_pcns(folder: Path, drop: str, rename: tuple[str, str]) -> None:
    path = folder / "pcn.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        rows = [r for r in reader if r["pcn_code"] != drop]
    for row in rows:
        if row["pcn_code"] == rename[0]:
            row["pcn_name"] = rename[1]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    practices = folder / "gp_practice_pcn.csv"
    lines = practices.read_text(encoding="utf-8").splitlines(keepends=True)
    practices.write_text("".join(ln for ln in lines if f",{drop}," not in ln), encoding="utf-8")


def test_a_newer_reference_file_renames_and_closes_without_breaking_engagements(
    db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    _rewrite_pcns(folder, drop="U45809", rename=("U82077", "BLACKPOOL NORTH AND FLEETWOOD PCN"))
    with db.write() as session:
        committee = create_committee(session, "Community Pharmacy Lancashire")
        retired = session.scalars(select(Area).where(Area.code == "U45809")).one()
        view = log_engagement(
            session,
            EngagementInput(
                committee_id=committee.id,
                area_id=retired.id,
                occurred_on=dt.date(2026, 5, 12),
                kind="meeting",
                title="PCN clinical director meeting",
            ),
            today=dt.date(2026, 6, 1),
        )
        summary = load_reference_data(session, folder, today=dt.date(2026, 12, 1))
        assert (summary.areas_added, summary.areas_updated, summary.areas_closed) == (0, 1, 1)
    with db.session() as session:
        retired = session.scalars(select(Area).where(Area.code == "U45809")).one()
        assert retired.valid_to == dt.date(2026, 11, 30)
        renamed = session.scalars(select(Area).where(Area.code == "U82077")).one()
        assert renamed.short_name == "Blackpool North and Fleetwood PCN"
        kept = session.get(Engagement, view.id)
        assert kept is not None and kept.area_id == retired.id
