"""After ``person erase``, the erased name is nowhere in the database: every table, every
column, read back row by row (on each backend, as the server's administrator)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

from sqlalchemy import MetaData, select

from icstracker.db.database import Database
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import get_engagement, log_engagement, update_engagement
from icstracker.services.privacy import erase_person, find_person, subject_access
from icstracker.services.stakeholders import assess_person
from icstracker.text import search_fold

TODAY = dt.date(2026, 11, 23)
NAME = "Zoë Ní Bhriain"


def places_naming(database: Database, name: str) -> Iterator[str]:
    """``table.column`` of every stored value that holds ``name``, ignoring case, accents
    and spacing (the search column holds it folded)."""

    def fold(text: str) -> str:
        return " ".join(search_fold(text).split())

    wanted = fold(name)
    metadata = MetaData()
    with database.engine.connect() as connection:
        metadata.reflect(connection)
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)).mappings():
                for column, value in row.items():
                    if value is not None and wanted in fold(str(value)):
                        yield f"{table.name}.{column}"


def seed_everywhere(database: Database) -> tuple[int, int]:
    """The name in every kind of record: attendee, representative, follow-up owner and
    text, titles, summaries, outcomes, internal notes, judgements of her and notes of
    someone else's judgement. Returns (engagement id, committee id)."""
    with database.write() as session:
        committee = create_committee(session, "Community Pharmacy Devon").id
        area = resolve_area(session, "QJK").id
        first = log_engagement(
            session,
            EngagementInput(
                committee_id=committee,
                area_id=area,
                occurred_on=dt.date(2026, 11, 2),
                kind="meeting",
                title=f"Meeting with {NAME}",
                summary=f"{NAME.upper()} presented the pathway.",
                outcome="Agreed with zoë  ní bhriain to meet again.",
                internal_note=f"{NAME} is sceptical.",
                people=(NAME, "Sam Other"),
                actions=(ActionInput(f"Send {NAME} the slides", NAME),),
            ),
            today=TODAY,
        )
        log_engagement(
            session,
            EngagementInput(
                committee_id=committee,
                area_id=area,
                occurred_on=dt.date(2026, 11, 3),
                kind="call",
                title="Call about the pathway",
                representatives=(NAME,),
            ),
            today=TODAY,
        )
    with database.write() as session:
        zoe = find_person(session, NAME).id
        sam = find_person(session, "Sam Other").id
        assess_person(session, zoe, interest=4, influence=5, on=TODAY, note="Warming to us")
        assess_person(session, sam, interest=2, influence=2, on=TODAY, note=f"Reports to {NAME}")
    with database.write() as session:
        view = get_engagement(session, first.id)
        update_engagement(
            session,
            first.id,
            replace(view.as_input(), summary="Changed."),
            expected_version=view.version,
            today=TODAY,
        )
    return first.id, committee


def test_subject_access_covers_every_record_naming_her(db: Database) -> None:
    seed_everywhere(db)
    with db.session() as session:
        record = subject_access(session, find_person(session, NAME))
    assert [e["as"] for e in record["engagements"]] == ["attendee", "committee representative"]
    assert record["engagements"][0]["internal_note"] == f"{NAME} is sceptical."
    assert [j["influence"] for j in record["judgements"]] == [5]
    assert record["judgements"][0]["note"] == "Warming to us"
    assert [n["note"] for n in record["judgement_notes_naming_them"]] == [f"Reports to {NAME}"]
    assert [a["description"] for a in record["actions_owned"]] == [f"Send {NAME} the slides"]
    # Both versions of the first engagement and the one of the second.
    assert [(h["version"], h["engagement"]) for h in record["history"]] == [
        (1, f"Meeting with {NAME}"),
        (2, f"Meeting with {NAME}"),
        (1, "Call about the pathway"),
    ]
    assert record["history"][0]["changes"]["internal_note"] == f"{NAME} is sceptical."


def test_erasure_leaves_the_name_nowhere(db: Database) -> None:
    seed_everywhere(db)
    assert set(places_naming(db, NAME)) >= {
        "person.name",
        "engagement.title",
        "engagement.outcome",
        "engagement.internal_note",
        "engagement.search_text",
        "action.owner",
        "action.description",
        "person_assessment.note",
        "engagement_version.changes",
        "engagement_version.private_changes",
    }
    with db.write() as session:
        result = erase_person(session, find_person(session, NAME))
    assert result.judgements_removed == 1 and result.still_named_in == ()
    assert list(places_naming(db, NAME)) == []
    assert list(places_naming(db, "Bhriain")) == []
