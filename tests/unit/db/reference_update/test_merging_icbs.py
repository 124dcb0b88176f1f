"""The next reorganisation from NHS England's GP practice mapping: two ICBs merge, a PCN opens.

The must-show of issue 13: ``reference update --dry-run`` on such a file lists exactly
that, applying it records the successions and dates, applying it twice changes nothing
the second time, and a later reload of the shipped files applies it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from icstracker.db.database import Database
from icstracker.db.models import Area, AreaMembership, Engagement, GpPractice
from icstracker.db.reference.loader import load_reference_data
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import log_engagement
from icstracker.services.reference_update import update_reference
from icstracker.services.reference_update_text import describe_outcome

MERGED = ("QNC", "QOC")  # Staffordshire and Stoke-on-Trent; Shropshire, Telford and Wrekin
NEW_ICB = ("W3M8K", "E54000072", "NHS Staffordshire and Shropshire Integrated Care Board")
NEW_PCN = ("U99999", "NEW TOWN PCN")
APRIL_2027 = dt.date(2027, 4, 1)


def merging_file(files, name: str = "gp-reg-pat-prac-map.csv") -> Path:
    rows = files.gp_rows(extract="01Apr2027")
    for row in rows:
        if row["ICB_CODE"] in MERGED:
            row["ICB_CODE"], row["ONS_ICB_CODE"], row["ICB_NAME"] = NEW_ICB
    devon = next(row for row in rows if row["SUB_ICB_LOCATION_CODE"] == "15N")
    rows.append(
        {
            **devon,
            "PRACTICE_CODE": "Z99999",
            "PRACTICE_NAME": "NEW TOWN SURGERY",
            "PCN_CODE": NEW_PCN[0],
            "PCN_NAME": NEW_PCN[1],
        }
    )
    return files.gp_mapping(rows, name=name)


def test_a_dry_run_lists_exactly_the_merger_and_the_new_pcn(
    db: Database, files, snapshot_of: Callable[..., Any]
) -> None:
    path = merging_file(files)
    before = snapshot_of(db)

    result = update_reference(db, [path], dry_run=True)

    assert snapshot_of(db) == before  # nothing written
    (outcome,) = result.files
    plan = outcome.plan
    assert plan is not None and plan.effective == APRIL_2027
    assert [(n.kind, n.code) for n in plan.new] == [("icb", "W3M8K"), ("pcn", "U99999")]
    assert [(c.code, c.last_day) for c in plan.closed] == [
        ("QNC", dt.date(2027, 3, 31)),
        ("QOC", dt.date(2027, 3, 31)),
    ]
    assert {(s.predecessor, s.successor, s.kind) for s in plan.successions} == {
        ("QNC", "W3M8K", "merger"),
        ("QOC", "W3M8K", "merger"),
    }
    assert plan.renamed == plan.recoded == plan.reopened == []
    assert plan.notes == []
    # Everything that moves, moves out of the two merged ICBs into the new one.
    assert plan.moved
    for move in plan.moved:
        assert move.old_main in MERGED and move.new_main == "W3M8K", move
        assert move.start == APRIL_2027
    moved = {m.code for m in plan.moved}
    assert {"E06000021", "E10000028", "E06000051", "E06000020"} <= moved  # the councils too
    new_pcn = plan.new[1]
    assert (new_pcn.name, new_pcn.parent, new_pcn.shares[0].parent) == (
        "New Town PCN",
        "QJK",
        "QJK",
    )

    text = "\n".join(describe_outcome(outcome))
    assert "new       ICB      W3M8K" in text and "from 1 April 2027" in text
    assert "new       PCN      U99999     New Town PCN, in Devon (QJK), from 1 April 2027" in text
    assert "closed    ICB      QNC" in text and "last day 31 March 2027" in text
    assert (
        "merged    ICB                 Staffordshire and Stoke-on-Trent (QNC), Shropshire, "
        "Telford and Wrekin (QOC) into Staffordshire and Shropshire (W3M8K), on 1 April 2027"
    ) in text
    verbs = {line.split()[0] for line in text.splitlines()[1:]}
    assert verbs == {"new", "closed", "merged", "moved", "practices"}


def test_applying_records_dates_and_successions_and_twice_changes_nothing(
    db: Database, files, snapshot_of: Callable[..., Any]
) -> None:
    path = merging_file(files)
    first = update_reference(db, [path])
    assert first.files[0].changes
    if db.path is not None:  # a file is backed up first; a server by its administrator
        assert first.backup is not None and first.backup.exists()
    applied = snapshot_of(db)

    again = update_reference(db, [path])
    assert again.files[0].plan is None and again.files[0].applied_before is not None
    assert "already applied" in describe_outcome(again.files[0])[0]
    # The same rows in a file of other bytes: read and compared, and nothing left to change.
    copy = merging_file(files, name="copy of gp-reg-pat-prac-map.csv")
    copy.write_text(copy.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    third = update_reference(db, [copy])
    assert third.files[0].plan is not None and third.files[0].plan.is_empty
    after = snapshot_of(db)
    assert (after.areas, after.memberships, after.successions) == (
        applied.areas,
        applied.memberships,
        applied.successions,
    )

    with db.session() as session:
        areas = {a.code: a for a in session.scalars(select(Area))}
        new_icb = areas["W3M8K"]
        assert (new_icb.valid_from, new_icb.parent.code, new_icb.path) == (
            APRIL_2027,
            "Y60",
            "/Y60/W3M8K/",
        )
        for code in MERGED:
            closed = areas[code]
            assert closed.valid_to == dt.date(2027, 3, 31)
            assert closed.parent_id == new_icb.id  # a merged ICB counts under its successor
        stoke = areas["E06000021"]
        assert stoke.path == "/Y60/W3M8K/E06000021/" and stoke.system_id == new_icb.id
        history = session.execute(
            select(Area.code, AreaMembership.valid_from, AreaMembership.valid_to)
            .join(Area, Area.id == AreaMembership.parent_id)
            .where(AreaMembership.area_id == stoke.id, Area.kind == "icb")
            .order_by(AreaMembership.valid_from)
        ).all()
        assert history[-2:] == [
            ("QNC", dt.date(2026, 4, 1), dt.date(2027, 3, 31)),
            ("W3M8K", APRIL_2027, None),
        ]
        pcn = areas["U99999"]
        assert pcn.path == "/Y58/QJK/U99999/" and pcn.valid_from == APRIL_2027
        practice = session.scalars(select(GpPractice).where(GpPractice.code == "Z99999")).one()
        assert practice.pcn_id == pcn.id


def test_an_area_with_engagements_is_closed_never_deleted(db: Database, files) -> None:
    with db.write() as session:
        committee = create_committee(session, "Community Pharmacy Shropshire")
        shropshire = session.scalars(select(Area).where(Area.code == "QOC")).one()
        logged = log_engagement(
            session,
            EngagementInput(
                committee_id=committee.id,
                area_id=shropshire.id,
                occurred_on=dt.date(2026, 11, 3),
                kind="meeting",
                title="ICB pharmacy board",
            ),
            today=dt.date(2026, 11, 3),
        )
    update_reference(db, [merging_file(files)])
    with db.session() as session:
        engagement = session.get(Engagement, logged.id)
        assert engagement is not None and engagement.area.code == "QOC"
        assert engagement.area.valid_to == dt.date(2027, 3, 31)
        assert engagement.area.path.startswith("/Y60/W3M8K/")  # counts under its successor


def test_a_reload_of_the_shipped_files_applies_the_update_again(
    db: Database, files, snapshot_of: Callable[..., Any]
) -> None:
    update_reference(db, [merging_file(files)])
    applied = snapshot_of(db)
    with db.write() as session:
        summary = load_reference_data(session, force=True, today=dt.date(2026, 12, 20))
        assert summary.areas_closed == 0  # the areas the update added stay open
    assert snapshot_of(db) == applied


@pytest.mark.parametrize("effective", [dt.date(2027, 3, 1), None])
def test_effective_date_given_or_the_extract_date(
    db: Database, files, effective: dt.date | None
) -> None:
    result = update_reference(db, [merging_file(files)], effective=effective, dry_run=True)
    plan = result.files[0].plan
    assert plan is not None
    assert plan.effective == (effective or APRIL_2027)
    assert {c.last_day for c in plan.closed} == {plan.effective - dt.timedelta(days=1)}


def test_the_readme_shows_this_dry_run_as_it_prints(db: Database, files) -> None:
    readme = (Path(__file__).resolve().parents[4] / "README.md").read_text(encoding="utf-8")
    outcome = update_reference(db, [merging_file(files)], dry_run=True).files[0]
    for line in describe_outcome(outcome):
        assert line in readme, line
