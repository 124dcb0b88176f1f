"""``export-all`` and its import: a database survives the round trip cell for cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from icstracker.cli import main
from icstracker.db.backup import backup_sqlite
from icstracker.db.database import Database
from icstracker.db.engine import sqlite_url
from icstracker.db.models import (
    Area,
    Committee,
    CommitteeAlias,
    Engagement,
    Organisation,
    Person,
    PersonAssessment,
    Topic,
)
from icstracker.errors import ImportFileError
from icstracker.services.areas import resolve_area
from icstracker.services.committee_aliases import save_alias
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import delete_engagement, get_engagement, log_engagement
from icstracker.services.full_export import export_everything
from icstracker.services.full_import import import_full_export, is_full_export

TODAY = dt.date(2026, 11, 20)
LSC = "Community Pharmacy Lancashire and South Cumbria"
DEVON = "Community Pharmacy Devon — Ünïcode"


def seed(database: Database) -> None:
    """Three committees, all three levels, a closed STP, hostile and non-ASCII text."""
    with database.write() as session:
        icb = resolve_area(session, "QE1")
        lsc = create_committee(session, LSC, (icb.id,))
        devon = create_committee(session, DEVON)
        formula_named = create_committee(session, "=1+1 committee")
        # A committee's own name for an area, remembered from an import decision.
        save_alias(session, lsc.id, "Healthier Lancs & S Cumbria", icb.id)
        stp = resolve_area(session, "E54000048", on=dt.date(2019, 5, 1))
        assert stp.valid_to is not None  # the closed 2016 STP, not today's ICB
        place = resolve_area(session, "E06000009")
        pcn = resolve_area(session, "U45809")
        base = EngagementInput(
            committee_id=lsc.id,
            area_id=icb.id,
            occurred_on=dt.date(2026, 10, 1),
            kind="meeting",
            title="=1+1",
            summary="@SUM(A1)\nsecond line",
            outcome="-2",
            rating="green",
            organisations=("Blackpool South PCN", "+44 Trust"),
            people=("a;b", "Zoë Ångström", "Dr Jane Example"),
            representatives=("LPC Officer",),
            topics=("Pharmacy First", "Café; tea"),
            actions=(
                ActionInput("Send figures", "LPC Officer", dt.date(2026, 10, 8), TODAY),
                ActionInput("=cmd|' /C calc'!A0", None, None, None),
            ),
            partner_committee_ids=(devon.id, formula_named.id),  # joint with the other two
            internal_note="=Chair is wary\nof the ICB lead",
        )
        log_engagement(session, base, today=TODAY)
        log_engagement(
            session,
            EngagementInput(
                committee_id=lsc.id,
                area_id=stp.id,
                occurred_on=dt.date(2019, 5, 1),
                kind="event",
                title="STP-era workshop",
                people=("Dr Jane Example",),
                topics=("Pharmacy First",),
            ),
            today=TODAY,
        )
        log_engagement(
            session,
            EngagementInput(
                committee_id=lsc.id,
                area_id=place.id,
                occurred_on=dt.date(2025, 3, 3),
                kind="call",
                title="Place call",
                not_for_partners=True,
                source_id="ics:040000008200E00074C5B7101A82E008:2025-03-03",
                actions=(ActionInput("Open follow-up", "Sam", dt.date(2025, 4, 1)),),
            ),
            today=TODAY,
        )
        deleted = log_engagement(
            session,
            EngagementInput(
                committee_id=devon.id,
                area_id=pcn.id,
                occurred_on=dt.date(2026, 11, 3),
                kind="email",
                title="Deleted by mistake",
            ),
            today=TODAY,
        )
        delete_engagement(session, deleted.id, expected_version=deleted.version)
        person = session.scalars(select(Person).where(Person.name == "Dr Jane Example")).one()
        person.role = "Clinical director"
        person.email = "jane@example.org"
        person.contact_permitted = False
        person.assessments.append(
            PersonAssessment(
                assessed_on=dt.date(2026, 6, 1), interest=2, influence=4, note="=cautious"
            )
        )
        person.assessments.append(
            PersonAssessment(assessed_on=dt.date(2026, 11, 1), interest=4, influence=4)
        )
        person.organisation = session.scalars(
            select(Organisation).where(Organisation.name == "Blackpool South PCN")
        ).one()
        session.scalars(
            select(Organisation).where(Organisation.name == "+44 Trust")
        ).one().kind = "trust"


def dump(database: Database) -> dict[str, object]:
    """Everything the export carries, keyed by natural keys (ids differ between databases)."""
    with database.session() as session:
        engagements = {}
        query = select(Engagement).options(
            selectinload(Engagement.people),
            selectinload(Engagement.representatives),
            selectinload(Engagement.organisations),
            selectinload(Engagement.topics),
            selectinload(Engagement.actions),
        )
        for engagement in session.scalars(query):
            view = get_engagement(session, engagement.id)
            key = (view.committee, view.occurred_on, view.area_code, view.title)
            engagements[key] = (
                view.kind,
                view.summary,
                view.outcome,
                view.rating,
                sorted(view.people),
                sorted(view.representatives),
                sorted(view.organisations),
                view.topics,
                [(a.description, a.owner, a.due_on, a.done_on) for a in view.actions],
                view.created_at,
                view.updated_at,
                view.deleted_at,
                view.partners,
                view.internal_note,
                view.not_for_partners,
                view.source_id,
                # The same lines; their order follows the lists', which the schema leaves open.
                sorted(engagement.search_text.split("\n")),
            )
        people = sorted(
            (
                p.name,
                p.role,
                p.email,
                p.contact_permitted,
                p.organisation and p.organisation.name,
                tuple((a.assessed_on, a.interest, a.influence, a.note) for a in p.assessments),
            )
            for p in session.scalars(select(Person))
        )
        organisations = sorted((o.name, o.kind) for o in session.scalars(select(Organisation)))
        topics = sorted((t.name, t.description, t.builtin) for t in session.scalars(select(Topic)))
        aliases = sorted(
            session.execute(
                select(
                    Committee.name,
                    CommitteeAlias.text,
                    CommitteeAlias.normalised,
                    Area.code,
                    CommitteeAlias.created_at,
                )
                .join(Committee, Committee.id == CommitteeAlias.committee_id)
                .join(Area, Area.id == CommitteeAlias.area_id)
            ).all()
        )
    return {
        "aliases": aliases,
        "engagements": engagements,
        "people": people,
        "organisations": organisations,
        "topics": topics,
    }


def cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        found = {
            sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets
        }
    finally:
        workbook.close()
    found["About"] = [row for row in found["About"] if row[0] != "produced"]
    return found


@pytest.fixture
def second(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    database = Database(sqlite_url(backup_sqlite(sqlite_template, tmp_path / "second.sqlite3")))
    yield database
    database.dispose()


def test_round_trip_is_lossless(db: Database, second: Database, tmp_path: Path) -> None:
    seed(db)
    first_file, second_file = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    seen: list[tuple[int, int]] = []
    counts = export_everything(db, first_file, progress=lambda d, t: seen.append((d, t)))
    assert counts["engagements"] == 4 and counts["actions"] == 3
    assert seen and seen[-1][0] == seen[-1][1]
    assert is_full_export(first_file)
    assert not list(tmp_path.glob(".*.part"))

    result = import_full_export(second, first_file)
    assert (result.engagements_added, result.actions_added, result.committees_added) == (4, 3, 3)
    assert result.aliases_added == 1
    export_everything(second, second_file)

    first, again = cells(first_file), cells(second_file)
    # The history comes back whole, and says who restored each engagement (one version
    # more each, holding every field); everything else is exactly as it was.
    history, restored = first.pop("EngagementHistory"), again.pop("EngagementHistory")
    first["About"] = [r for r in first["About"] if r[0] != "count_engagement_versions"]
    again["About"] = [r for r in again["About"] if r[0] != "count_engagement_versions"]
    assert first == again
    assert [r for r in restored if r not in history] == [
        r
        for r in restored
        if r[0] != "engagement_ref" and r[1] == 1 + max(h[1] for h in history[1:] if h[0] == r[0])
    ]
    assert len(restored) == len(history) + 4
    assert dump(db) == dump(second)

    sheets = cells(first_file)
    titles = [row[7] for row in sheets["Engagements"][1:]]
    assert "=1+1" in titles  # text, not a formula or its result
    assert ("a;b",) in {row[1:] for row in sheets["EngagementPeople"]}
    assert sheets["EngagementPartners"] == [
        ("engagement_ref", "committee"),
        (1, "=1+1 committee"),
        (1, DEVON),
    ]
    deleted = [row for row in sheets["Engagements"] if row[7] == "Deleted by mistake"]
    assert deleted[0][13]  # deleted_at is set
    stp_row = next(row for row in sheets["Engagements"] if row[7] == "STP-era workshop")
    assert stp_row[3] == "E54000048" and stp_row[2] == dt.datetime(2019, 5, 1)
    by_title = {row[7]: row for row in sheets["Engagements"][1:]}
    assert by_title["=1+1"][14:16] == ("=Chair is wary\nof the ICB lead", False)
    source = "ics:040000008200E00074C5B7101A82E008:2025-03-03"
    assert by_title["Place call"][14:] == (None, True, source)  # an empty note: an empty cell
    workbook = openpyxl.load_workbook(first_file)
    title_cell = next(
        row[7] for row in workbook["Engagements"].iter_rows() if row[7].value == "=1+1"
    )
    assert title_cell.data_type == "s" and title_cell.quotePrefix


def test_reimport_and_dry_run_add_nothing(db: Database, tmp_path: Path) -> None:
    seed(db)
    path = tmp_path / "all.xlsx"
    export_everything(db, path)
    before = dump(db)
    again = import_full_export(db, path)
    assert (again.engagements_added, again.engagements_skipped, again.people_added) == (0, 4, 0)
    assert again.aliases_added == 0
    dry = import_full_export(db, path, dry_run=True)
    assert dry.dry_run and dry.engagements_added == 0
    assert dump(db) == before


def test_dry_run_writes_nothing(db: Database, second: Database, tmp_path: Path) -> None:
    seed(db)
    path = tmp_path / "all.xlsx"
    export_everything(db, path)
    result = import_full_export(second, path, dry_run=True)
    assert result.engagements_added == 4
    with second.session() as session:
        assert session.scalar(select(func.count()).select_from(Engagement)) == 0


def test_newer_format_and_tampered_file_are_refused(
    sqlite_db: Database, second: Database, tmp_path: Path
) -> None:
    seed(sqlite_db)
    path = tmp_path / "all.xlsx"
    export_everything(sqlite_db, path)
    workbook = openpyxl.load_workbook(path)
    workbook["About"]["B3"] = 99
    workbook.save(tmp_path / "newer.xlsx")
    with pytest.raises(ImportFileError, match="newer ICS Tracker"):
        import_full_export(second, tmp_path / "newer.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Engagements"]["D3"] = "NOPE"
    workbook.save(tmp_path / "bad.xlsx")
    with pytest.raises(ImportFileError, match="no area with the code 'NOPE'"):
        import_full_export(second, tmp_path / "bad.xlsx")
    with second.session() as session:  # all or nothing
        assert session.scalar(select(func.count()).select_from(Engagement)) == 0


def test_cli_export_all_and_import(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = backup_sqlite(sqlite_template, tmp_path / "source.sqlite3")
    target = backup_sqlite(sqlite_template, tmp_path / "target.sqlite3")
    database = Database(sqlite_url(source))
    seed(database)
    database.dispose()
    out = tmp_path / "everything.xlsx"

    assert main(["--database", str(source), "export-all", "--out", str(out)]) == 0
    assert "Wrote 4 engagements" in capsys.readouterr().out
    missing = tmp_path / "nowhere" / "x.xlsx"
    assert main(["--database", str(source), "export-all", "--out", str(missing)]) == 6
    assert "does not exist" in capsys.readouterr().err

    assert main(["--database", str(target), "import", str(out), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Would restore 4 engagements, 3 actions")
    assert "nothing written" in captured.err
    assert main(["--database", str(target), "import", str(out)]) == 0
    assert capsys.readouterr().out.startswith("Restored 4 engagements, 3 actions")
    assert main(["--database", str(target), "import", str(out)]) == 0
    assert "Restored 0 engagements" in capsys.readouterr().out

    workbook = openpyxl.load_workbook(out)
    workbook["About"]["B3"] = 99
    workbook.save(tmp_path / "newer.xlsx")
    assert main(["--database", str(target), "import", str(tmp_path / "newer.xlsx")]) == 2
    assert "newer ICS Tracker" in capsys.readouterr().err


def test_a_partner_row_repeated_by_hand_is_one_partner(
    db: Database, second: Database, tmp_path: Path
) -> None:
    seed(db)
    path = tmp_path / "everything.xlsx"
    export_everything(db, path)
    workbook = openpyxl.load_workbook(path)
    workbook["EngagementPartners"].append([1, DEVON.upper()])
    workbook.save(path)
    import_full_export(second, path)
    assert dump(second) == dump(db)


def test_a_title_with_a_control_character_is_not_restored_twice(
    db: Database, tmp_path: Path
) -> None:
    """A title stored with a BEL (by a version before control characters were refused)
    came back from the export without it (XML cannot hold one), so restoring the
    database's own export added the engagement a second time."""
    with db.write() as session:
        committee = create_committee(session, "Bell LPC")
        area = resolve_area(session, "QE1")
        for title in ("Ring\x07 the bell", "Plain", "Form\x0cfeed"):
            view = log_engagement(
                session,
                EngagementInput(committee.id, area.id, dt.date(2026, 2, 1), "meeting", "x"),
                today=TODAY,
            )
            session.get_one(Engagement, view.id).title = title  # as an older version stored it
    path = tmp_path / "all.xlsx"
    export_everything(db, path)
    before = dump(db)
    result = import_full_export(db, path)
    assert (result.engagements_added, result.engagements_skipped) == (0, 3)
    assert dump(db) == before


def test_an_export_from_before_internal_notes_still_imports(
    db: Database, second: Database, tmp_path: Path
) -> None:
    """A file written before schema 0005 has no internal_note or not_for_partners column:
    its engagements come in with no note, visible to partners, as they were."""
    seed(db)
    path = tmp_path / "old.xlsx"
    export_everything(db, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Engagements"]
    assert [c.value for c in sheet[1]][-3:] == ["internal_note", "not_for_partners", "source_id"]
    sheet.delete_cols(15, 3)
    workbook.save(path)
    result = import_full_export(second, path)
    assert result.engagements_added == 4
    with second.session() as session:
        notes = session.execute(select(Engagement.internal_note, Engagement.not_for_partners))
        assert set(notes) == {("", False)}


def test_an_export_from_before_capture_still_imports(
    db: Database, second: Database, tmp_path: Path
) -> None:
    """A file written before revision 0009 has no source_id column: its engagements come
    in as typed ones (no source), and the one that has a source keeps it in a newer file."""
    seed(db)
    path = tmp_path / "all.xlsx"
    export_everything(db, path)
    import_full_export(second, path)
    with second.session() as session:
        sources = set(session.scalars(select(Engagement.source_id)))
    assert sources == {None, "ics:040000008200E00074C5B7101A82E008:2025-03-03"}
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Engagements"]
    assert sheet.cell(1, 17).value == "source_id"
    sheet.delete_cols(17, 1)
    workbook.save(path)
    third = tmp_path / "third.xlsx"
    workbook.save(third)
    with second.write() as session:
        for engagement in session.scalars(select(Engagement)):
            session.delete(engagement)
    result = import_full_export(second, third)
    assert result.engagements_added == 4
    with second.session() as session:
        assert set(session.scalars(select(Engagement.source_id))) == {None}


def test_an_export_from_before_committee_aliases_still_imports(
    db: Database, second: Database, tmp_path: Path
) -> None:
    """A file written before revision 0008 has no CommitteeAliases sheet; a held alias for
    the same text keeps its area (what the database holds wins)."""
    seed(db)
    path = tmp_path / "all.xlsx"
    export_everything(db, path)
    workbook = openpyxl.load_workbook(path)
    assert [c.value for c in workbook["CommitteeAliases"][2]][:3] == [
        LSC,
        "Healthier Lancs & S Cumbria",
        "QE1",
    ]
    del workbook["CommitteeAliases"]
    workbook.save(tmp_path / "old.xlsx")
    assert import_full_export(second, tmp_path / "old.xlsx").engagements_added == 4
    with second.session() as session:
        assert session.scalar(select(func.count()).select_from(CommitteeAlias)) == 0
        lsc = session.scalars(select(Committee).where(Committee.name == LSC)).one()
        save_alias(
            session, lsc.id, "HEALTHIER LANCS AND S CUMBRIA", resolve_area(session, "QJK").id
        )
        session.commit()
    assert import_full_export(second, path).aliases_added == 0
    with second.session() as session:
        (kept,) = session.scalars(select(CommitteeAlias)).all()
        assert kept.area.code == "QJK"
