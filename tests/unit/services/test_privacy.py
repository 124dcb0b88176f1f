"""Subject access and erasure: the person disappears, the committee's counts do not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from icstracker.cli import main
from icstracker.db.backup import backup_sqlite
from icstracker.db.database import Database
from icstracker.db.models import Committee, Engagement, Person
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements, list_engagements
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import log_engagement
from icstracker.services.privacy import erase_person, find_person, subject_access

TODAY = dt.date(2026, 11, 23)


def _seed(db: Database) -> None:
    with db.write() as session:
        committee = create_committee(session, "Community Pharmacy Devon").id
        area = resolve_area(session, "QJK").id
        for number, (people, summary) in enumerate(
            [
                (("Zoë Ní Bhriain", "Sam Other"), "Agreed the referral pathway."),
                (("Sam Other", "Émile Ødegaard"), "Zoë Ní Bhriain sent apologies."),
                (("zoë ní bhriain",), ""),
            ]
        ):
            log_engagement(
                session,
                EngagementInput(
                    committee_id=committee,
                    area_id=area,
                    occurred_on=dt.date(2026, 11, 2 + number),
                    kind="meeting",
                    title=f"ICB meeting {number}",
                    summary=summary,
                    people=people,
                    actions=(ActionInput("Send the pathway", "Zoë Ní Bhriain"),),
                ),
                today=TODAY,
            )


def test_subject_access_lists_what_is_held(db: Database) -> None:
    _seed(db)
    with db.session() as session:
        record = subject_access(session, find_person(session, "ZOË NÍ BHRIAIN"))
    assert record["person"]["name"] == "Zoë Ní Bhriain"
    assert [(e["title"], e["as"]) for e in record["engagements"]] == [
        ("ICB meeting 0", "attendee"),
        ("ICB meeting 2", "attendee"),
        ("ICB meeting 1", "named in the text"),  # "Zoë Ní Bhriain sent apologies."
    ]
    assert len(record["actions_owned"]) == 3


def test_erasure_keeps_counts_and_removes_the_name_from_search(db: Database) -> None:
    _seed(db)
    with db.session() as session:
        before = count_engagements(session, EngagementFilter())
    with db.write() as session:
        result = erase_person(session, find_person(session, "Zoë Ní Bhriain"))
    assert (result.engagements_kept, result.actions_reassigned) == (2, 3)
    assert (result.texts_rewritten, result.still_named_in) == (1, ())
    with db.session() as session:
        assert count_engagements(session, EngagementFilter()) == before
        # The summary that named her in free text now names the placeholder.
        assert list_engagements(session, EngagementFilter(text="Bhriain")) == []
        (row,) = list_engagements(session, EngagementFilter(text="sent apologies"))
        summary = session.scalar(select(Engagement.summary).where(Engagement.id == row.id))
        assert summary == f"Erased person {result.person_id} sent apologies."
        with pytest.raises(Exception, match="Nobody called"):
            find_person(session, "Zoë Ní Bhriain")
        erased = find_person(session, f"Erased person {result.person_id}")
        assert (erased.email, erased.role, erased.contact_permitted) == (None, None, False)


def test_cli_export_and_erase(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = backup_sqlite(sqlite_template, tmp_path / "lpc.sqlite3")
    _seed(Database(str(path)))
    out_file = tmp_path / "sar.json"
    assert (
        main(["--database", str(path), "person", "export", "Sam Other", "--out", str(out_file)])
        == 0
    )
    assert len(json.loads(out_file.read_text(encoding="utf-8"))["engagements"]) == 2
    capsys.readouterr()
    assert main(["--database", str(path), "person", "erase", "Sam Other"]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert main(["--database", str(path), "person", "erase", "Sam Other", "--yes"]) == 0
    assert "in 2 engagement(s)" in capsys.readouterr().out


def test_names_in_any_alphabet_are_found_and_erased(db: Database) -> None:
    """SQLite's lower() folds only A–Z: "ÉMILE ØDEGAARD" must still find Émile Ødegaard."""
    _seed(db)
    with db.write() as session:
        log_engagement(
            session,
            EngagementInput(
                committee_id=session.scalars(select(Committee.id)).one(),
                area_id=resolve_area(session, "QJK").id,
                occurred_on=dt.date(2026, 11, 9),
                kind="call",
                title="Call with Émile Ødegaard",
                people=("Émile Ødegaard",),
                actions=(ActionInput("Send notes", "émile ødegaard"),),
            ),
            today=TODAY,
        )
    with db.session() as session:
        record = subject_access(session, find_person(session, "ÉMILE ØDEGAARD"))
        assert len(record["actions_owned"]) == 1
    with db.write() as session:
        result = erase_person(session, find_person(session, "émile ødegaard"))
    assert result.actions_reassigned == 1
    assert result.texts_rewritten == 1  # the title
    with db.session() as session:
        titles = list(session.scalars(select(Engagement.title).order_by(Engagement.id)))
    assert titles[-1] == f"Call with Erased person {result.person_id}"


def test_a_part_of_the_name_or_a_namesake_is_listed_not_rewritten(db: Database) -> None:
    _seed(db)
    with db.write() as session:
        committee = session.scalars(select(Committee.id)).one()
        area = resolve_area(session, "QJK").id
        for title, people in (("Dr Ødegaard's pathway", ()), ("Sam Other again", ())):
            log_engagement(
                session,
                EngagementInput(
                    committee, area, dt.date(2026, 11, 9), "call", title, people=people
                ),
                today=TODAY,
            )
        session.add(Person(name="Sam Other"))  # a namesake the register keeps apart
    with db.write() as session:
        emile = erase_person(session, find_person(session, "Émile Ødegaard"))
        sam = erase_person(
            session, session.scalars(select(Person).where(Person.name == "Sam Other")).first()
        )
    with db.session() as session:
        titles = dict(session.execute(select(Engagement.id, Engagement.title)).all())
    assert [titles[i] for i in emile.still_named_in] == ["Dr Ødegaard's pathway"]
    assert emile.texts_rewritten == 0
    assert sam.texts_rewritten == 0 and "Sam Other again" in [titles[i] for i in sam.still_named_in]
