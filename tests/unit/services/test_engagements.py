"""Logging, editing and deleting engagements, and the sentences a bad entry gets."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from icstracker.db.database import Database
from icstracker.db.models import Area, Engagement, Organisation, Person
from icstracker.errors import ConcurrencyError, NotFoundError, ValidationError
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import (
    delete_engagement,
    find_duplicates,
    get_engagement,
    log_engagement,
    restore_engagement,
    update_engagement,
)

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def base(db: Database) -> EngagementInput:
    with db.write() as session:
        committee = create_committee(session, "Community Pharmacy Lancashire and South Cumbria")
        pcn = resolve_area(session, "U45809")
    return EngagementInput(
        committee_id=committee.id,
        area_id=pcn.id,
        occurred_on=dt.date(2026, 11, 3),
        kind="meeting",
        title="PCN clinical director meeting",
        summary="Pharmacy First referrals from practices are low.",
        outcome="CD to raise at the practice managers' meeting.",
        rating="amber",
        organisations=("Blackpool South PCN",),
        people=("Dr Jane Example", "Sam Manager"),
        representatives=("LPC Officer",),
        topics=("Pharmacy First", "a brand new topic"),
        actions=(ActionInput("Send referral figures", "LPC Officer", dt.date(2026, 11, 17)),),
    )


def test_log_and_read_back(db: Database, base: EngagementInput) -> None:
    with db.write() as session:
        view = log_engagement(session, base, today=TODAY)
    with db.session() as session:
        again = get_engagement(session, view.id)
    assert again == view
    assert again.level == "neighbourhood" and again.area_code == "U45809"
    assert again.topics == ("Pharmacy First", "a brand new topic")
    assert again.people == ("Dr Jane Example", "Sam Manager")
    assert again.actions[0].due_on == dt.date(2026, 11, 17)
    assert again.version == 1 and again.deleted_at is None
    assert again.created_at.tzinfo is not None


def test_people_and_organisations_are_reused_not_duplicated(
    db: Database, base: EngagementInput
) -> None:
    with db.write() as session:
        first = log_engagement(session, base, today=TODAY)
        second = log_engagement(
            session,
            dataclasses.replace(base, title="Follow-up", people=("dr jane example",)),
            today=TODAY,
        )
    assert second.people == ("Dr Jane Example",)
    assert first.organisations == second.organisations


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"title": "   "}, "title", "needs a title"),
        ({"occurred_on": TODAY + dt.timedelta(days=2)}, "date", "in the future"),
        ({"occurred_on": dt.date(1999, 12, 31)}, "date", "before 2000"),
        ({"kind": "carrier pigeon"}, "kind", "not a kind of engagement"),
        ({"rating": "purple"}, "rating", "not a rating"),
        ({"area_id": 999_999}, "area", "no area"),
        (
            {"actions": (ActionInput("Chase", None, dt.date(2026, 11, 1)),)},
            "actions",
            "before the engagement",
        ),
        ({"actions": (ActionInput("  "),)}, "actions", "no description"),
        ({"people": ("Dr " + "x" * 200,)}, "people", "at most 200 characters"),
        ({"organisations": ("o" * 201,)}, "organisations", "at most 200 characters"),
        ({"representatives": ("r" * 201,)}, "representatives", "at most 200"),
        ({"topics": ("t" * 101,)}, "topics", "at most 100 characters"),
        ({"actions": (ActionInput("Chase", "w" * 201),)}, "actions", "owner can be at most 200"),
        ({"title": "Ring\x07 the bell"}, "title", "control character (U+0007)"),
        ({"summary": "\x1b[2Jcleared"}, "summary", "control character (U+001B)"),
        ({"people": ("Dr\x00 Null",)}, "people", "control character (U+0000)"),
        ({"internal_note": "a\x08b"}, "internal_note", "control character"),
        ({"topics": ("Pharmacy\x7fFirst",)}, "topics", "control character (U+007F)"),
        (
            {"actions": (ActionInput("Chase", "Jo\x1bSmith"),)},
            "actions",
            "follow-up owner holds a control character (U+001B)",
        ),
    ],
)
def test_validation_errors_name_the_field(
    db: Database, base: EngagementInput, change: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught, db.write() as session:
        log_engagement(session, dataclasses.replace(base, **change), today=TODAY)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert words in caught.value.message
    with db.session() as session:
        assert session.scalars(select(Engagement)).all() == []


def test_a_name_is_measured_with_its_spaces_squeezed(db: Database, base: EngagementInput) -> None:
    spaced = dataclasses.replace(base, people=("Jo" + " " * 230 + "Smith",), actions=())
    with db.write() as session:
        view = log_engagement(session, spaced, today=TODAY)
    assert view.people == ("Jo Smith",)


def test_tomorrow_is_in_the_future(db: Database, base: EngagementInput) -> None:
    # "Today" is the UK's day (services.dates.uk_today), so no zone needs a spare day.
    with db.write() as session:
        view = log_engagement(
            session, dataclasses.replace(base, occurred_on=TODAY, actions=()), today=TODAY
        )
    assert view.occurred_on == TODAY
    tomorrow = dataclasses.replace(base, occurred_on=TODAY + dt.timedelta(days=1), actions=())
    with pytest.raises(ValidationError, match=r"21/11/2026 is in the future"):
        with db.write() as session:
            log_engagement(session, tomorrow, today=TODAY)


def test_closed_area_after_its_closure_is_refused_with_a_pointer(
    db: Database, base: EngagementInput
) -> None:
    with db.session() as session:
        closed = session.scalars(select(Area).where(Area.code == "QHG")).one()
    with pytest.raises(ValidationError, match=r"closed on 31/03/2026"), db.write() as session:
        log_engagement(session, dataclasses.replace(base, area_id=closed.id), today=TODAY)
    with db.write() as session:
        old = log_engagement(
            session,
            dataclasses.replace(
                base, area_id=closed.id, occurred_on=dt.date(2025, 5, 1), actions=()
            ),
            today=TODAY,
        )
    assert old.area_code == "QHG" and old.level == "system"


def test_region_is_not_a_planning_level(db: Database, base: EngagementInput) -> None:
    with db.session() as session:
        region = session.scalars(select(Area).where(Area.code == "Y62")).one()
    with pytest.raises(ValidationError, match="not a planning level"), db.write() as session:
        log_engagement(session, dataclasses.replace(base, area_id=region.id), today=TODAY)


def test_edit_needs_the_version_it_started_from(db: Database, base: EngagementInput) -> None:
    with db.write() as session:
        view = log_engagement(session, base, today=TODAY)
    with db.write() as session:
        edited = update_engagement(
            session,
            view.id,
            dataclasses.replace(base, title="Renamed meeting"),
            expected_version=view.version,
            today=TODAY,
        )
    assert edited.version == view.version + 1 and edited.title == "Renamed meeting"
    assert edited.updated_at >= view.updated_at
    with pytest.raises(ConcurrencyError, match="changed elsewhere"), db.write() as session:
        update_engagement(
            session,
            view.id,
            dataclasses.replace(base, title="Stale edit"),
            expected_version=view.version,
            today=TODAY,
        )
    with db.session() as session:
        assert get_engagement(session, view.id).title == "Renamed meeting"


def test_edit_and_undo_round_trip(db: Database, base: EngagementInput) -> None:
    with db.write() as session:
        view = log_engagement(session, base, today=TODAY)
        edited = update_engagement(
            session,
            view.id,
            dataclasses.replace(base, topics=("Workforce",), actions=()),
            expected_version=view.version,
            today=TODAY,
        )
        undone = update_engagement(
            session, view.id, view.as_input(), expected_version=edited.version, today=TODAY
        )
    assert undone.topics == view.topics
    assert [a.description for a in undone.actions] == [a.description for a in view.actions]


def test_soft_delete_and_restore(db: Database, base: EngagementInput) -> None:
    with db.write() as session:
        view = log_engagement(session, base, today=TODAY)
        deleted = delete_engagement(session, view.id, expected_version=view.version)
        assert deleted.deleted_at is not None
        assert (
            find_duplicates(session, base.area_id, base.occurred_on, base.title, base.committee_id)
            == []
        )
        restored = restore_engagement(session, view.id, expected_version=deleted.version)
        assert restored.deleted_at is None
        assert find_duplicates(
            session,
            base.area_id,
            base.occurred_on,
            " pcn clinical DIRECTOR meeting ",
            base.committee_id,
        ) == [view.id]


def test_unknown_engagement(db: Database) -> None:
    with pytest.raises(NotFoundError, match="no engagement with id 42"), db.session() as session:
        get_engagement(session, 42)


def test_names_in_any_alphabet_are_reused_not_duplicated(
    db: Database, base: EngagementInput
) -> None:
    """SQLite's lower() leaves "É" alone: the same name must still be the same person."""
    for people, organisation in (
        (("Émile Ødegaard",), "Ørsted Health PCN"),
        (("ÉMILE ØDEGAARD",), "ørsted health pcn"),
    ):
        with db.write() as session:
            log_engagement(
                session,
                dataclasses.replace(base, people=people, organisations=(organisation,)),
                today=TODAY,
            )
    with db.session() as session:
        # Émile, and the base engagement's LPC officer as representative
        assert session.scalar(select(func.count()).select_from(Person)) == 2
        assert session.scalar(select(func.count()).select_from(Organisation)) == 1
