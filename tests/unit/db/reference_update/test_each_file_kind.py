"""One test per kind of official file, each small and in the layout its publisher uses.

The GP practice mapping has its own module (``test_merging_icbs``); here are the ODS ePCN
workbook (a PCN opens, one closes, one moves), the ONS LAD to ICB lookup (a district moves
to another ICB) and the ONS LSOA to sub-ICB to ICB to LAD lookup (an ICB renamed and
re-coded, a sub-ICB location moved with its PCNs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from icstracker.db.database import Database
from icstracker.db.models import Area, AreaAlias, AreaMembership
from icstracker.services.reference_update import update_reference
from icstracker.services.reference_update_text import describe_outcome

APRIL_2027 = dt.date(2027, 4, 1)


def _area(db: Database, code: str) -> Area:
    with db.session() as session:
        area = session.scalars(select(Area).where(Area.code == code)).one()
        area.aliases  # noqa: B018 - loaded while the session is open
        return area


def _icbs(db: Database, code: str) -> list[tuple[str, dt.date | None, dt.date | None]]:
    with db.session() as session:
        area = session.scalars(select(Area).where(Area.code == code)).one()
        parent = select(Area.code, AreaMembership.valid_from, AreaMembership.valid_to).join(
            Area, Area.id == AreaMembership.parent_id
        )
        rows = session.execute(
            parent.where(AreaMembership.area_id == area.id, Area.kind == "icb").order_by(
                AreaMembership.valid_from
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_the_unchanged_footprints_as_each_file_change_nothing(db: Database, files) -> None:
    details, partners = files.epcn_rows()
    paths = [
        files.gp_mapping(),
        files.epcn(details, partners),
        files.ons_lad(),
        files.ons_lsoa(),
    ]
    for path in paths:
        plan = update_reference(db, [path], dry_run=True).files[0].plan
        assert plan is not None
        assert plan.is_empty, (path.name, plan)


def test_epcn_workbook_opens_closes_and_moves_pcns(db: Database, files) -> None:
    details, partners = files.epcn_rows()
    closing = next(row for row in details if row[0] == "U45809")  # a Blackpool PCN
    closing[5] = 20270331
    moving = next(row for row in details if row[0] == "U64053")  # Isles of Scilly, Cornwall
    moving[2], moving[3] = "15N", "NHS DEVON ICB - 15N"
    details.append(
        ["U77777", "MOOR VIEW PCN", "15N", "NHS DEVON ICB - 15N", 20270401, None,
         "THE SURGERY", None, None, "OKEHAMPTON", None, "EX20 1AA"]
    )  # fmt: skip
    partners.append(
        ["Y99998", "MOOR VIEW SURGERY", "15N", "NHS DEVON ICB - 15N", "U77777", "MOOR VIEW PCN",
         "15N", "NHS DEVON ICB - 15N", 20270401, None, "TRUE"]
    )  # fmt: skip
    path = files.epcn(details, partners)

    result = update_reference(db, [path], effective=APRIL_2027)

    plan = result.files[0].plan
    assert plan is not None
    assert [(n.code, n.name, n.valid_from, n.shares[0].parent) for n in plan.new] == [
        ("U77777", "Moor View PCN", APRIL_2027, "QJK")
    ]
    assert [(c.code, c.last_day) for c in plan.closed] == [("U45809", dt.date(2027, 3, 31))]
    assert [(m.code, m.old_main, m.new_main) for m in plan.moved] == [("U64053", "QT6", "QJK")]
    assert plan.successions == [] and plan.renamed == []
    assert _area(db, "U45809").valid_to == dt.date(2027, 3, 31)
    assert _icbs(db, "U64053")[-2:] == [
        ("QT6", dt.date(2026, 4, 1), dt.date(2027, 3, 31)),
        ("QJK", APRIL_2027, None),
    ]
    scilly = _area(db, "U64053")
    assert scilly.path.startswith("/Y58/QJK/")  # under a Devon council or Devon itself
    assert _area(db, "U77777").path == "/Y58/QJK/U77777/"
    text = "\n".join(describe_outcome(result.files[0]))
    assert "ODS ePCN workbook" in text and "the date the workbook was saved" in text


def test_ons_lad_lookup_moves_a_district_and_refiles_its_pcns(
    db: Database, files, snapshot_of: Callable[..., Any]
) -> None:
    def move_bassetlaw(rows: list[dict[str, str]]) -> None:
        south_yorkshire = next(r for r in rows if r["ICB27CDH"] == "QF7")
        for row in rows:
            if row["LAD27CD"] == "E07000171":
                for column in ("ICB27CD", "ICB27CDH", "ICB27NM"):
                    row[column] = south_yorkshire[column]

    path = files.ons_lad(edit=move_bassetlaw)
    result = update_reference(db, [path])

    plan = result.files[0].plan
    assert plan is not None and plan.effective == APRIL_2027
    assert result.files[0].dated_by == "the year of its ICB27 columns"
    assert describe_outcome(result.files[0])[0] == (
        "LAD27_ICB27_EN_LU.csv: the ONS lookup (ICB27) of 1 April 2027 (the year of its ICB27 "
        "columns); changes take effect on 1 April 2027."
    )
    assert [(m.code, m.old_main, m.new_main) for m in plan.moved] == [("E07000171", "QT1", "QF7")]
    assert plan.new == plan.closed == plan.successions == []
    bassetlaw = _area(db, "E07000171")
    assert bassetlaw.path == "/Y63/QF7/E07000171/"  # no longer under Nottinghamshire
    with db.session() as session:
        pcns = session.scalars(
            select(Area).where(Area.kind == "pcn", Area.path.like("%/E07000171/%"))
        ).all()
        # Bassetlaw's PCNs are still in Nottingham and Nottinghamshire ICB: refiled there.
        assert pcns == []
        refiled = {r.code for r in plan.refiled}
        assert refiled and all(code.startswith("U") for code in refiled - {"E07000171"})
        for code in refiled - {"E07000171"}:
            pcn = session.scalars(select(Area).where(Area.code == code)).one()
            assert pcn.path.startswith("/Y60/QT1/"), pcn.path
    before = snapshot_of(db)
    again = update_reference(db, [path])
    assert again.files[0].plan is None and snapshot_of(db) == before


def test_ons_lsoa_lookup_renames_recodes_and_moves_a_sub_icb_with_its_pcns(
    db: Database, files
) -> None:
    def edit(rows: list[dict[str, str]]) -> None:
        north_east = next(r for r in rows if r["ICB27CDH"] == "QHM")
        for row in rows:
            if row["ICB27CDH"] == "QJK":
                row["ICB27NM"] = "NHS Devon and Torbay Integrated Care Board"
                row["ICB27CD"] = "E54000099"
            if row["SICBL27CDH"] == "01K":  # Morecambe Bay, from Lancashire and South Cumbria
                for column in ("ICB27CD", "ICB27CDH", "ICB27NM"):
                    row[column] = north_east[column]

    path = files.ons_lsoa(edit=edit)
    result = update_reference(db, [path])

    plan = result.files[0].plan
    assert plan is not None
    assert [(r.code, r.name, r.short_name) for r in plan.renamed] == [
        ("QJK", "NHS Devon and Torbay Integrated Care Board", "Devon and Torbay")
    ]
    assert [(r.code, r.old_ons_code, r.ons_code) for r in plan.recoded] == [
        ("QJK", "E54000037", "E54000099")
    ]
    moved = {m.code: m for m in plan.moved}
    assert moved["01K"].new_main == "QHM" and moved["01K"].reason == ""
    followers = [m for m in plan.moved if m.kind == "pcn"]
    assert followers and {m.reason for m in followers} == {"follows 01K"}
    assert {m.new_main for m in plan.moved} == {"QHM"}
    assert plan.new == plan.closed == []
    devon = _area(db, "QJK")
    assert (devon.name, devon.short_name, devon.ons_code) == (
        "NHS Devon and Torbay Integrated Care Board",
        "Devon and Torbay",
        "E54000099",
    )
    aliases = {(a.alias, a.kind) for a in devon.aliases}
    assert ("NHS Devon Integrated Care Board", "former_name") in aliases
    assert ("E54000037", "former_ons_code") in aliases
    with db.session() as session:
        found = session.scalars(
            select(Area.code)
            .join(AreaAlias, AreaAlias.area_id == Area.id)
            .where(AreaAlias.alias == "E54000037")
        ).all()
        assert found == ["QJK"]  # an old record's ONS code still finds it
