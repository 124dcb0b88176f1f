"""Two users naming the same new organisation, person or topic at once: one row, no crash.

The names are found or added with ``INSERT … ON CONFLICT (name_key) DO NOTHING`` under a
unique ``name_key``. Before, each save looked the name up and inserted it when missing:
on PostgreSQL the second of two saves at once then crashed on the organisation's unique
name (IntegrityError, reported as a bug) and stored the person twice. The first save is
another process that holds its transaction open while the second one runs, so the two
really race on two connections (on SQLite the second waits for the write lock).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import sys
import threading
from multiprocessing.synchronize import Event

import pytest
from sqlalchemy import func, select

from icstracker.db.database import Database
from icstracker.db.models import Organisation, Person, Topic
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import get_engagement, log_engagement
from icstracker.services.privacy import erase_person
from icstracker.services.stakeholders import merge_people

TODAY = dt.date(2026, 11, 20)


def _first_saver(url: str, data: EngagementInput, events: tuple[Event, Event]) -> None:
    """Logs an engagement naming the new names and holds its transaction until told."""
    started, release = events
    database = Database(url)
    try:
        with database.write() as session:
            log_engagement(session, data, today=TODAY)
            started.set()
            release.wait(20)
    finally:
        database.dispose()


def _rows_named(database: Database, entity: type[Organisation | Person | Topic], key: str) -> int:
    with database.session() as session:
        query = select(func.count()).select_from(entity).where(func.lower(entity.name) == key)
        return session.scalar(query) or 0


@pytest.mark.skipif(sys.platform == "win32", reason="uses fork to start the other user")
def test_two_users_adding_the_same_new_names_at_once_get_one_row_each(db: Database) -> None:
    with db.write() as session:
        committee = create_committee(session, "Race LPC")
        area = resolve_area(session, "QE1")
    first = EngagementInput(
        committee.id,
        area.id,
        dt.date(2026, 2, 1),
        "meeting",
        "First user's meeting",
        organisations=("Brand New Federation",),
        people=("Dr Nova Newname",),
        representatives=("Rep Racer",),
        topics=("Brand new topic",),
    )
    # The second user types the same names in another case and spacing, and the
    # representative as an attendee and the attendee as a representative.
    second = dataclasses.replace(
        first,
        title="Second user's meeting",
        organisations=("BRAND  NEW FEDERATION",),
        people=("rep racer",),
        representatives=("DR NOVA NEWNAME",),
        topics=("brand NEW topic",),
    )
    context = multiprocessing.get_context("fork")
    started, release = context.Event(), context.Event()
    url = db.url.render_as_string(hide_password=False)
    other = context.Process(target=_first_saver, args=(url, first, (started, release)))
    db.dispose()  # no pooled connection is shared with the forked process
    other.start()
    try:
        assert started.wait(20), "the other user never saved"
        threading.Timer(0.5, release.set).start()
        with db.write() as session:
            view = log_engagement(session, second, today=TODAY)
    finally:
        release.set()
        other.join(20)
    assert other.exitcode == 0
    assert _rows_named(db, Organisation, "brand new federation") == 1
    assert _rows_named(db, Person, "dr nova newname") == 1
    assert _rows_named(db, Person, "rep racer") == 1
    assert _rows_named(db, Topic, "brand new topic") == 1
    with db.session() as session:
        saved = get_engagement(session, view.id)
    # The names as the first user stored them: one organisation, person, topic each.
    assert saved.organisations == ("Brand New Federation",)
    assert (saved.people, saved.representatives) == (("Rep Racer",), ("Dr Nova Newname",))
    assert saved.topics == ("Brand new topic",)


def _engagement(session_db: Database, title: str, people: tuple[str, ...]) -> int:
    with session_db.write() as session:
        committee = create_committee(session, f"{title} LPC")
        area = resolve_area(session, "QE1")
        data = EngagementInput(
            committee.id, area.id, dt.date(2026, 2, 1), "meeting", title, people=people
        )
        return log_engagement(session, data, today=TODAY).id


def test_a_typed_name_still_finds_a_namesake_once_its_holder_is_erased(db: Database) -> None:
    """Namesakes are allowed; the key passes to the next oldest when its holder goes."""
    with db.write() as session:
        holder = Person(name="Alex Same", name_key="alex same", role="PCN CD")
        namesake = Person(name="ALEX SAME", role="ICB lead")
        session.add_all([holder, namesake])
        session.flush()
        holder_id, namesake_id = holder.id, namesake.id
    with db.write() as session:
        erase_person(session, session.get(Person, holder_id))  # type: ignore[arg-type]
    engagement_id = _engagement(db, "After erasure", ("alex same",))
    with db.session() as session:
        assert get_engagement(session, engagement_id).people == ("ALEX SAME",)
        assert session.get(Person, namesake_id).name_key == "alex same"  # type: ignore[union-attr]
        assert session.get(Person, holder_id).name_key is None  # type: ignore[union-attr]


def test_merging_away_the_holder_hands_its_name_to_the_person_kept(db: Database) -> None:
    with db.write() as session:
        holder = Person(name="Kim Twice", name_key="kim twice")
        other = Person(name="kim twice")
        session.add_all([holder, other])
        session.flush()
        holder_id, other_id = holder.id, other.id
    with db.write() as session:
        merge_people(session, other_id, holder_id)
    engagement_id = _engagement(db, "After merge", ("KIM TWICE",))
    with db.session() as session:
        assert get_engagement(session, engagement_id).people == ("kim twice",)
        count = (
            select(func.count()).select_from(Person).where(func.lower(Person.name) == "kim twice")
        )
        assert session.scalar(count) == 1
