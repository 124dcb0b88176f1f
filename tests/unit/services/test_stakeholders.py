"""The stakeholder register: details, judgements over time, and merging duplicates."""

from __future__ import annotations

import datetime as dt

import pytest

from icstracker.db.database import Database
from icstracker.db.models import Person
from icstracker.errors import ValidationError
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements, list_engagements
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import log_engagement
from icstracker.services.privacy import erase_person
from icstracker.services.stakeholders import (
    PersonDetails,
    assess_person,
    list_people,
    merge_people,
    person_engagements,
    register_names,
    update_person,
)

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def register(db: Database) -> dict[str, int]:
    with db.write() as session:
        committee = create_committee(session, "Community Pharmacy Devon").id
        devon = resolve_area(session, "QJK").id
        for day, people, reps in (
            (2, ("Dr Priya Shah", "Sam Lee"), ("LPC Officer",)),
            (3, ("Dr. Priya Shah",), ()),
            (4, ("Dr Priya Shah", "Dr. Priya Shah"), ()),
            (5, ("Sam Lee",), ("Dr. Priya Shah",)),
        ):
            log_engagement(
                session,
                EngagementInput(
                    committee_id=committee,
                    area_id=devon,
                    occurred_on=dt.date(2026, 11, day),
                    kind="meeting",
                    title=f"ICB meeting {day}",
                    people=people,
                    representatives=reps,
                    actions=(ActionInput("Reply", "Dr. Priya Shah"),),
                ),
                today=TODAY,
            )
    with db.session() as session:
        return {row.name: row.id for row in list_people(session)}


def test_register_counts_and_latest_judgement(db: Database, register: dict[str, int]) -> None:
    priya = register["Dr Priya Shah"]
    with db.write() as session:
        update_person(
            session,
            priya,
            PersonDetails(
                role="PCN clinical director",
                organisation="Exeter City PCN",
                email="p.shah@example.nhs.uk",
                contact_permitted=True,
            ),
        )
        assess_person(session, priya, interest=2, influence=4, on=dt.date(2026, 6, 1))
        assess_person(session, priya, interest=4, influence=4, on=dt.date(2026, 11, 3))
    with db.session() as session:
        rows = {row.name: row for row in list_people(session)}
    row = rows["Dr Priya Shah"]
    assert (row.engagements, row.last_engaged) == (2, dt.date(2026, 11, 4))
    assert (row.role, row.organisation) == ("PCN clinical director", "Exeter City PCN")
    assert (row.interest, row.influence, row.assessed_on) == (4, 4, dt.date(2026, 11, 3))
    assert rows["Sam Lee"].interest is None


def test_scores_are_one_to_five(db: Database, register: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="1 \\(low\\) to 5"), db.write() as session:
        assess_person(session, register["Sam Lee"], interest=6, influence=1, on=TODAY)


def test_merging_duplicates_keeps_every_engagement_once(
    db: Database, register: dict[str, int]
) -> None:
    keep, gone = register["Dr Priya Shah"], register["Dr. Priya Shah"]
    with db.write() as session:
        assess_person(session, gone, interest=3, influence=5, on=TODAY)
        before = count_engagements(session, EngagementFilter())
        moved = merge_people(session, keep, gone)
    assert moved == 3  # engagements 3, 4 (already hers too) and 5 (as representative)
    with db.session() as session:
        names = [row.name for row in list_people(session)]
        assert "Dr. Priya Shah" not in names
        assert [e[2] for e in person_engagements(session, keep)] == [
            "ICB meeting 4",
            "ICB meeting 3",
            "ICB meeting 2",
        ]
        assert count_engagements(session, EngagementFilter()) == before
        rows = list_engagements(session, EngagementFilter(text="Dr. Priya"))
        assert rows == []  # search no longer finds the merged spelling
        merged = {row.name: row for row in list_people(session)}["Dr Priya Shah"]
        assert (merged.interest, merged.influence) == (3, 5)


def test_contacts_at_a_place_are_those_met_in_the_filtered_log(db: Database) -> None:
    """The Blackpool sub-ICB place includes its PCNs; Preston's contact and another
    committee's are out."""
    with db.write() as session:
        ours = create_committee(session, "Community Pharmacy Lancashire").id
        theirs = create_committee(session, "Another LPC").id
        for committee, code, day, person in (
            (ours, "E06000009", 3, "Place Lead"),  # Blackpool Council
            (ours, "U45809", 4, "PCN Director"),  # a PCN in Blackpool
            (ours, "U45809", 9, "PCN Director"),
            (ours, "E07000123", 5, "Preston Lead"),  # Preston: another place
            (theirs, "E06000009", 6, "Their Contact"),
        ):
            log_engagement(
                session,
                EngagementInput(
                    committee_id=committee,
                    area_id=resolve_area(session, code).id,
                    occurred_on=dt.date(2026, 11, day),
                    kind="meeting",
                    title=f"Meeting {day}",
                    people=(person,),
                ),
                today=TODAY,
            )
        blackpool = resolve_area(session, "E06000009").id
    at_blackpool = EngagementFilter(committee_id=ours, area_id=blackpool)
    with db.session() as session:
        rows = list_people(session, met_in=at_blackpool)
        everyone = list_people(session)
        this_week = list_people(
            session, met_in=EngagementFilter(committee_id=ours, date_from=dt.date(2026, 11, 5))
        )
    assert [(r.name, r.engagements, r.last_engaged) for r in rows] == [
        ("PCN Director", 2, dt.date(2026, 11, 9)),
        ("Place Lead", 1, dt.date(2026, 11, 3)),
    ]
    assert len(everyone) == 4
    assert [(r.name, r.engagements) for r in this_week] == [
        ("PCN Director", 1),
        ("Preston Lead", 1),
    ]


def test_the_form_is_offered_the_register_names_but_not_erased_people(
    db: Database, register: dict[str, int]
) -> None:
    with db.write() as session:
        erase_person(session, session.get(Person, register["Sam Lee"]))
    with db.session() as session:
        names = register_names(session)
    assert "Dr Priya Shah" in names.people and "LPC Officer" in names.people
    assert "Sam Lee" not in names.people
    assert not [name for name in names.people if name.startswith("Erased person")]
    assert "Pharmacy First" in names.topics
    assert list(names.people) == sorted(names.people)
