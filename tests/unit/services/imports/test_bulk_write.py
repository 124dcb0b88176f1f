"""The bulk writer stores what ``log_engagement`` would, and refuses what it would refuse."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icstracker.db.database import Database
from icstracker.db.models import Area, Engagement, EngagementVersion, Organisation, Person, Topic
from icstracker.errors import ImportRejectedError, OperationCancelled, ValidationError
from icstracker.services.areas import resolve_area
from icstracker.services.committees import choose_committee, create_committee
from icstracker.services.engagement_types import ActionInput, EngagementInput, EngagementView
from icstracker.services.engagements import get_engagement, log_engagement
from icstracker.services.imports import bulk_write
from icstracker.services.imports.apply import run_import
from icstracker.services.imports.bulk_write import check_engagements, write_engagements
from icstracker.services.imports.plan import ImportOptions

from .conftest import COMMITTEE, TODAY


@pytest.fixture
def base(committee_db: Database) -> EngagementInput:
    """An engagement of the test committee at a current PCN, with names already stored."""
    with committee_db.write() as session:
        committee = choose_committee(session, COMMITTEE)
        neighbour = create_committee(session, "Community Pharmacy Cumbria")
        pcn = resolve_area(session, "U45809")
        session.add_all(
            [
                Organisation(name="Ørsted"),
                Organisation(name="NHS Lancashire and South Cumbria ICB"),
                # Two stored spellings: the older one holds the name (name_key) and wins.
                Person(name="dr jo smith", name_key="dr jo smith"),
                Person(name="Dr Jo Smith"),
            ]
        )
    return EngagementInput(
        committee_id=committee.id,
        area_id=pcn.id,
        occurred_on=dt.date(2026, 11, 3),
        kind="Meeting",
        title="  PCN   clinical director meeting ",
        summary=" Pharmacy First referrals are low. ",
        outcome="CD to raise it.\n",
        rating="amber",
        organisations=("ØRSTED", " nhs lancashire  and south cumbria icb", "Brand New Ltd"),
        people=("DR JO SMITH", "Sam Manager", "sam manager"),
        representatives=("Sam Manager", "LPC Officer"),
        topics=("pharmacy first", "A Brand New Topic"),
        actions=(
            ActionInput(" Send referral figures ", " LPC Officer ", dt.date(2026, 11, 17)),
            ActionInput("Book the next meeting", "  ", None, dt.date(2026, 11, 10)),
        ),
        # Joint, naming its own committee and the neighbour twice: stored once, as typed.
        partner_committee_ids=(neighbour.id, committee.id, neighbour.id),
    )


def _inputs(base: EngagementInput) -> list[EngagementInput]:
    """Rows that share names with each other and with what is stored, in every list."""
    return [
        base,
        dataclasses.replace(
            base,
            title="Second meeting",
            organisations=("brand new ltd", "Another New Org"),
            people=("LPC OFFICER",),
            representatives=("sam MANAGER",),
            topics=("a brand new topic",),
            actions=(),
            rating=None,
        ),
        dataclasses.replace(
            base,
            title="Email about funding",
            kind="email",
            summary="",
            outcome="",
            organisations=(),
            people=(),
            representatives=(),
            topics=(),
            actions=(),
        ),
    ]


def _bulk(session: Session, rows: Sequence[EngagementInput]) -> list[int]:
    checked = check_engagements(session, rows, TODAY)
    assert checked.refused == {}
    return write_engagements(session, checked)


def _stored(session: Session, ids: Sequence[int]) -> list[tuple[EngagementView, str]]:
    """Each engagement as read back, less what differs between any two writes of it."""
    session.expire_all()
    found = []
    for engagement_id in ids:
        view = get_engagement(session, engagement_id)
        search_text = session.scalar(
            select(Engagement.search_text).where(Engagement.id == engagement_id)
        )
        assert search_text is not None
        comparable = dataclasses.replace(
            view,
            id=0,
            created_at=dt.datetime.min,
            updated_at=dt.datetime.min,
            actions=tuple(dataclasses.replace(a, id=0) for a in view.actions),
            # New names are added in key order (so two writers never deadlock), which is
            # the order an engagement's unordered lists come back in: compare them sorted.
            organisations=tuple(sorted(view.organisations)),
            people=tuple(sorted(view.people)),
            representatives=tuple(sorted(view.representatives)),
            topics=tuple(sorted(view.topics)),
        )
        found.append((comparable, search_text))
    return found


def _first_versions(session: Session, ids: Sequence[int]) -> list[tuple[str, str, str]]:
    """Each engagement's first history version as stored: author, and its JSON texts."""
    query = select(
        EngagementVersion.author, EngagementVersion.changes, EngagementVersion.private_changes
    ).where(EngagementVersion.version == 1)
    return [
        tuple(session.execute(query.where(EngagementVersion.engagement_id == i)).one()) for i in ids
    ]


def _name_counts(session: Session) -> dict[str, int]:
    return {
        table.__name__: session.scalar(select(func.count()).select_from(table)) or 0
        for table in (Organisation, Person, Topic)
    }


def test_bulk_rows_read_back_as_logged_ones(committee_db: Database, base: EngagementInput) -> None:
    rows = _inputs(base)
    with committee_db.write() as session:
        before = _name_counts(session)
        savepoint = session.begin_nested()
        logged = [log_engagement(session, row, today=TODAY).id for row in rows]
        session.flush()
        one_by_one = _stored(session, logged)
        logged_history = _first_versions(session, logged)
        logged_counts = _name_counts(session)
        savepoint.rollback()
        assert _name_counts(session) == before
        bulk = _bulk(session, rows)
        assert _stored(session, bulk) == one_by_one
        assert _first_versions(session, bulk) == logged_history
        assert _name_counts(session) == logged_counts
    first, search_text = one_by_one[0]
    assert first.version == 1 and first.kind == "meeting"
    assert first.title == "PCN clinical director meeting"
    assert first.organisations == (  # sorted by _stored
        "Brand New Ltd",
        "NHS Lancashire and South Cumbria ICB",
        "Ørsted",
    )
    assert first.people == ("Sam Manager", "dr jo smith")
    assert first.representatives == ("LPC Officer", "Sam Manager")
    assert first.topics == ("A Brand New Topic", "Pharmacy First")
    assert first.partners == ("Community Pharmacy Cumbria",)
    assert [(a.description, a.owner) for a in first.actions] == [
        ("Send referral figures", "LPC Officer"),
        ("Book the next meeting", None),
    ]
    assert "\nnhs lancashire and south cumbria icb\n" in search_text
    assert search_text.endswith(
        "\ndr jo smith\nsam manager\nsam manager\nlpc officer\npharmacy first\na brand new topic"
    )


def test_names_shared_by_rows_are_added_once(committee_db: Database, base: EngagementInput) -> None:
    with committee_db.write() as session:
        before = _name_counts(session)
        ids = _bulk(session, _inputs(base))
        after = _name_counts(session)
        second = get_engagement(session, ids[1])
        names = set(session.scalars(select(Organisation.name)))
    # Brand New Ltd and Another New Org; Sam Manager and LPC Officer; one new topic.
    assert after["Organisation"] - before["Organisation"] == 2
    assert after["Person"] - before["Person"] == 2
    assert after["Topic"] - before["Topic"] == 1
    assert {"Brand New Ltd", "Another New Org"} <= names and "brand new ltd" not in names
    assert sorted(second.organisations) == ["Another New Org", "Brand New Ltd"]
    assert second.people == ("LPC Officer",) and second.representatives == ("Sam Manager",)
    assert second.topics == ("A Brand New Topic",)


def _refusal(session: Session, row: EngagementInput) -> str:
    savepoint = session.begin_nested()
    try:
        with pytest.raises(ValidationError) as error:
            log_engagement(session, row, today=TODAY)
    finally:
        savepoint.rollback()
    return error.value.message


def test_refused_rows_get_log_engagements_sentences_and_add_no_names(
    committee_db: Database, base: EngagementInput
) -> None:
    with committee_db.write() as session:
        region = session.scalars(select(Area).where(Area.level_key.is_(None))).first()
        assert region is not None
        bad = [
            dataclasses.replace(base, title=" "),
            dataclasses.replace(base, occurred_on=TODAY + dt.timedelta(days=5)),
            dataclasses.replace(base, area_id=region.id),
            dataclasses.replace(base, organisations=("Only Here Ltd", "x" * 201)),
            dataclasses.replace(base, topics=("t" * 150,), organisations=("Only Here Ltd",)),
            dataclasses.replace(
                base, actions=(ActionInput("Too early", due_on=dt.date(2026, 1, 1)),)
            ),
            dataclasses.replace(base, partner_committee_ids=(9999,)),
        ]
        rows = [base, *bad, dataclasses.replace(base, title="After the bad ones")]
        expected = {number: _refusal(session, row) for number, row in enumerate(rows) if row in bad}
        before = _name_counts(session)
        checked = check_engagements(session, rows, TODAY)
        assert {i: e.message for i, e in checked.refused.items()} == expected
        ids = write_engagements(session, checked)
        assert len(ids) == 2
        assert (
            session.scalar(select(Organisation).where(Organisation.name == "Only Here Ltd")) is None
        )
        assert _name_counts(session)["Organisation"] == before["Organisation"] + 1


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    """A CSV whose second row passes the plan but not the engagement rules."""
    path = tmp_path / "log.csv"
    path.write_text(
        "Date,Area,Title,Organisation,Attendees\n"
        f"01/02/2026,U45809,First,Shared Org Ltd,Jo Bloggs\n"
        f"02/02/2026,U45809,Too long,{'y' * 250},Jo Bloggs\n"
        "03/02/2026,U45809,Third,SHARED ORG LTD,jo bloggs; Sam Manager\n",
        encoding="utf-8",
    )
    return path


def test_run_import_all_or_nothing_and_skip_bad_rows(
    committee_db: Database,
    options: ImportOptions,
    sheet: Path,
    engagement_count: Callable[[Database], int],
) -> None:
    with pytest.raises(ImportRejectedError, match="row 3: An organisation name can be at most"):
        run_import(committee_db, sheet, options)
    assert engagement_count(committee_db) == 0
    result = run_import(committee_db, sheet, options, skip_bad_rows=True)
    assert [r.row for r in result.rejected] == [3]
    assert result.rejected[0].outcome == "error"
    assert result.rejected[0].detail.startswith("An organisation name can be at most 200")
    assert len(result.added_ids) == 2 and engagement_count(committee_db) == 2
    with committee_db.session() as session:
        first, third = (get_engagement(session, i) for i in result.added_ids)
        shared = session.scalars(select(Organisation).where(Organisation.name.ilike("shared%")))
        assert [o.name for o in shared] == ["Shared Org Ltd"]
    assert first.title == "First" and third.title == "Third"
    assert third.organisations == ("Shared Org Ltd",)
    assert third.people == ("Jo Bloggs", "Sam Manager")


def test_progress_and_cancel_between_batches(
    committee_db: Database,
    options: ImportOptions,
    sheet: Path,
    engagement_count: Callable[[Database], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bulk_write, "BATCH", 1)
    seen: list[tuple[int, int]] = []

    def record(done: int, total: int) -> None:
        seen.append((done, total))

    # The plan reports once for three rows; the first batch written reports next.
    with pytest.raises(OperationCancelled):
        run_import(
            committee_db,
            sheet,
            options,
            skip_bad_rows=True,
            progress=record,
            cancelled=lambda: len(seen) > 1,
        )
    assert seen == [(3, 3), (1, 3)]
    assert engagement_count(committee_db) == 0
    seen.clear()
    run_import(committee_db, sheet, options, skip_bad_rows=True, progress=record)
    assert seen == [(3, 3), (1, 3), (3, 3)]  # the refused second row counts as done
    assert engagement_count(committee_db) == 2


def _search_index_whole(database: Database) -> set[str]:
    """The triggers feeding the SQLite index (all three, or the import left one out), after
    FTS5's own check of the index against the table (raises if they differ)."""
    from icstracker.db.search_index import FTS_TABLE, TRIGGERS

    with database.session() as session:
        connection = session.connection()
        connection.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
        )
        found = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).scalars()
        return set(TRIGGERS) - set(found)


def test_imported_rows_are_in_the_search_index_cancelled_or_not(
    committee_db: Database,
    options: ImportOptions,
    sheet: Path,
    engagement_count: Callable[[Database], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bulk writer adds its rows to the full-text index in one statement at the end
    (``search_index.indexed_in_one_statement``): afterwards, and after a cancelled import,
    the index matches the table and every trigger is back."""
    if not committee_db.is_sqlite:
        pytest.skip("PostgreSQL's trigram index has no triggers to pause")
    from icstracker.services.engagement_filter import EngagementFilter
    from icstracker.services.engagement_queries import engagement_ids

    monkeypatch.setattr(bulk_write, "BATCH", 1)
    calls: list[int] = []
    with pytest.raises(OperationCancelled):
        run_import(
            committee_db,
            sheet,
            options,
            skip_bad_rows=True,
            progress=lambda done, total: calls.append(done),
            cancelled=lambda: len(calls) > 1,
        )
    assert engagement_count(committee_db) == 0
    assert _search_index_whole(committee_db) == set()
    run_import(committee_db, sheet, options, skip_bad_rows=True)
    assert engagement_count(committee_db) == 2
    assert _search_index_whole(committee_db) == set()
    with committee_db.session() as session:
        titles = session.execute(select(Engagement.id, Engagement.title)).all()
        for engagement_id, title in titles:
            found = engagement_ids(session, EngagementFilter(text=title), sort="id")
            assert engagement_id in found
