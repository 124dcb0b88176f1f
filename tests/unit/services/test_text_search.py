"""The search box's index finds exactly the rows ``LIKE '%word%'`` found, and keeps up.

The index (FTS5 trigrams on SQLite, ``pg_trgm`` on PostgreSQL, ``db/search_index.py``) is
only a faster way to the same answer, so every check here compares the filter's rows with
the old query written out by hand, on a demo log and on both backends.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
from sqlalchemy import and_, func, select, true, update

from icstracker.db.database import Database
from icstracker.db.models import Engagement, Organisation, Topic, engagement_topic
from icstracker.db.search_index import (
    FTS_TABLE,
    POSTGRES_INDEX,
    TRIGGERS,
    forget_index_state,
    repair_search_index,
    sqlite_index_ready,
)
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.demo import generate_demo
from icstracker.services.engagement_filter import EngagementFilter, text_conditions
from icstracker.services.engagement_queries import count_engagements, engagement_ids
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import (
    delete_engagement,
    get_engagement,
    log_engagement,
    update_engagement,
)
from icstracker.text import search_fold

TODAY = dt.date(2026, 11, 15)


def like_ids(database: Database, text: str) -> list[int]:
    """What the search was before the index: every folded word, ``LIKE '%word%'``."""

    def escaped(word: str) -> str:
        return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

    words = search_fold(text).split()
    with database.session() as session:
        return list(
            session.scalars(
                select(Engagement.id)
                .where(
                    and_(
                        true(),
                        *(
                            Engagement.search_text.like(f"%{escaped(w)}%", escape="\\")
                            for w in words
                        ),
                    )
                )
                .order_by(Engagement.id)
            )
        )


def found_ids(database: Database, text: str) -> list[int]:
    with database.session() as session:
        return sorted(
            engagement_ids(session, EngagementFilter(text=text, include_deleted=True), sort="id")
        )


def sample_queries(database: Database, count: int, seed: int) -> list[str]:
    """Pieces of the log's own text: whole words, fragments of 1-8 characters (inside a
    word, across a space, with punctuation), two-word searches, and a few misses."""
    rng = random.Random(seed)
    with database.session() as session:
        texts = list(session.scalars(select(Engagement.search_text).order_by(Engagement.id)))
    queries: list[str] = ["zzzq", "x", "", "   ", "100%", "a_b", 'say "hi"', "o'brien"]
    for _ in range(count):
        source = rng.choice(texts)
        words = source.split()
        choice = rng.random()
        if choice < 0.3:
            queries.append(rng.choice(words))
        elif choice < 0.7:
            size = rng.randint(1, 8)
            start = rng.randrange(max(1, len(source) - size))
            queries.append(source[start : start + size].replace("\n", " "))
        else:
            queries.append(" ".join(rng.sample(words, min(2, len(words)))).upper())
    return queries


@pytest.fixture
def demo_log(db: Database) -> Database:
    with db.write() as session:
        generate_demo(session, 600, seed=17, today=TODAY)
    return db


def test_the_index_finds_the_rows_like_found(demo_log: Database) -> None:
    queries = sample_queries(demo_log, 120, seed=3)
    differing = [q for q in queries if found_ids(demo_log, q) != like_ids(demo_log, q)]
    assert differing == []
    # The sample is not all misses: most queries find something, some find a lot.
    hits = [len(like_ids(demo_log, q)) for q in queries]
    assert sum(1 for h in hits if h) > len(queries) // 2 and max(hits) > 300


def test_the_index_is_there_and_used(demo_log: Database) -> None:
    with demo_log.session() as session:
        connection = session.connection()
        if demo_log.is_sqlite:
            assert sqlite_index_ready(connection)
            sql = str(
                select(Engagement.id)
                .where(*text_conditions(session, "pharmacy it"))
                .compile(connection)
            )
            assert f"{FTS_TABLE} MATCH" in sql  # "pharmacy" through the index
            assert "LIKE" in sql  # "it" is shorter than a trigram
        else:
            names = connection.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'engagement'"
            ).scalars()
            assert POSTGRES_INDEX in set(names)


def _log(database: Database, title: str, summary: str = "") -> int:
    with database.write() as session:
        committee = create_committee(session, "Test LPC", (resolve_area(session, "QE1").id,))
        return log_engagement(
            session,
            EngagementInput(
                committee_id=committee.id,
                area_id=resolve_area(session, "QE1").id,
                occurred_on=TODAY,
                kind="meeting",
                title=title,
                summary=summary,
                organisations=("Blackpool Teaching Hospitals",),
            ),
            today=TODAY,
        ).id


def test_the_index_follows_every_change(db: Database) -> None:
    engagement_id = _log(db, "Quarterly catch-up", "Discussed the Pharmacy First figures")
    assert found_ids(db, "figures") == [engagement_id]
    assert found_ids(db, "teaching hosp") == [engagement_id]
    with db.write() as session:
        before = get_engagement(session, engagement_id)
        update_engagement(
            session,
            engagement_id,
            dataclasses.replace(before.as_input(), summary="Minor ailments referrals"),
            expected_version=before.version,
            today=TODAY,
        )
    assert found_ids(db, "figures") == []
    assert found_ids(db, "ailments") == [engagement_id]
    # A rename reaches the search text through the service, and the index follows.
    with db.write() as session:
        session.execute(
            update(Organisation)
            .where(Organisation.name == "Blackpool Teaching Hospitals")
            .values(name="Blackpool Hospitals")
        )
        session.execute(
            update(Engagement)
            .where(Engagement.id == engagement_id)
            .values(search_text=search_fold("Quarterly catch-up\nBlackpool Hospitals"))
        )
    assert found_ids(db, "teaching") == []
    assert found_ids(db, "catch-up") == [engagement_id]
    with db.write() as session:
        version = get_engagement(session, engagement_id).version
        delete_engagement(session, engagement_id, expected_version=version)
    # A soft delete keeps the row, found when deleted rows are asked for.
    assert found_ids(db, "catch-up") == [engagement_id]
    with db.write() as session:
        session.execute(Engagement.__table__.delete().where(Engagement.id == engagement_id))
    assert found_ids(db, "catch-up") == like_ids(db, "catch-up") == []
    if db.is_sqlite:
        _assert_fts_consistent(db)


def _assert_fts_consistent(database: Database) -> None:
    """FTS5's own check of an external-content index against the table (raises if not)."""
    with database.session() as session:
        session.connection().exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
        )


def test_a_rebuilt_table_gets_its_triggers_back(sqlite_db: Database) -> None:
    """What a batch migration that copies ``engagement`` leaves: no triggers. The upgrade
    repairs them and rebuilds the index, which then follows new rows again."""
    first = _log(sqlite_db, "Before the rebuild")
    with sqlite_db.write() as session:
        connection = session.connection()
        for trigger in TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER {trigger}")
        forget_index_state(connection)
    with sqlite_db.write() as session:
        session.execute(
            update(Engagement).where(Engagement.id == first).values(search_text="renamed")
        )
    # Without its triggers the index is not trusted: the search reads the rows instead.
    assert found_ids(sqlite_db, "renamed") == [first]
    with sqlite_db.write() as session:
        assert repair_search_index(session.connection())
        assert not repair_search_index(session.connection())  # whole again: nothing to do
    with sqlite_db.session() as session:
        assert sqlite_index_ready(session.connection())
    assert found_ids(sqlite_db, "renamed") == [first]
    _assert_fts_consistent(sqlite_db)


def test_without_the_index_the_search_is_the_same(sqlite_db: Database) -> None:
    with sqlite_db.write() as session:
        generate_demo(session, 200, seed=5, today=TODAY)
    queries = sample_queries(sqlite_db, 30, seed=9)
    with_index = [found_ids(sqlite_db, q) for q in queries]
    with sqlite_db.write() as session:
        connection = session.connection()
        for trigger in TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER {trigger}")
        connection.exec_driver_sql(f"DROP TABLE {FTS_TABLE}")
    sqlite_db.engine.dispose()  # connections remember whether the index was there
    assert [found_ids(sqlite_db, q) for q in queries] == with_index
    with sqlite_db.session() as session:
        assert count_engagements(session, EngagementFilter(text="pharmacy")) > 0


def test_a_topic_finds_its_engagements(db: Database) -> None:
    """Topics are part of what the search reads: a word only a topic holds finds it."""
    engagement_id = _log(db, "Quarterly catch-up")
    with db.write() as session:
        before = get_engagement(session, engagement_id)
        update_engagement(
            session,
            engagement_id,
            dataclasses.replace(before.as_input(), topics=("Hypertension case-finding",)),
            expected_version=before.version,
            today=TODAY,
        )
    assert found_ids(db, "hypertension") == like_ids(db, "hypertension") == [engagement_id]
    assert found_ids(db, "CASE-FINDING catch") == [engagement_id]
    with db.write() as session:
        before = get_engagement(session, engagement_id)
        update_engagement(
            session,
            engagement_id,
            dataclasses.replace(before.as_input(), topics=()),
            expected_version=before.version,
            today=TODAY,
        )
    assert found_ids(db, "hypertension") == like_ids(db, "hypertension") == []
    if db.is_sqlite:
        _assert_fts_consistent(db)


def test_the_demo_log_is_found_by_its_topics(demo_log: Database) -> None:
    """Every topic name, searched for, finds the rows ``LIKE`` finds, on either backend,
    and at least every engagement that has that topic."""
    with demo_log.session() as session:
        topics = session.execute(
            select(Topic.name, func.count(engagement_topic.c.engagement_id))
            .join(engagement_topic, engagement_topic.c.topic_id == Topic.id)
            .group_by(Topic.name)
        ).all()
        assert len(topics) > 5
        for name, tagged in topics:
            found = found_ids(demo_log, name)
            assert found == like_ids(demo_log, name)
            assert len(found) >= tagged


def test_the_upgrade_adds_topics_to_the_saved_search_text(db: Database) -> None:
    """Revision 0012 appends each engagement's topics to rows saved before it; taking
    it back out leaves the text as revision 0011 had it."""
    from alembic import command

    from icstracker.db.migrate import alembic_config, upgrade_database

    engagement_id = _log(db, "Quarterly catch-up")
    with db.write() as session:
        before = get_engagement(session, engagement_id)
        update_engagement(
            session,
            engagement_id,
            dataclasses.replace(
                before.as_input(), topics=("Hypertension case-finding", "Pharmacy First")
            ),
            expected_version=before.version,
            today=TODAY,
        )
        with_topics = session.scalar(
            select(Engagement.search_text).where(Engagement.id == engagement_id)
        )
    with db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0011")
    db.engine.dispose()  # connections remember whether the index was there
    with db.session() as session:
        old_text = session.scalar(
            select(Engagement.search_text).where(Engagement.id == engagement_id)
        )
    assert old_text is not None and "hypertension" not in old_text
    assert found_ids(db, "hypertension") == []
    upgrade_database(db)
    db.engine.dispose()
    with db.session() as session:
        new_text = session.scalar(
            select(Engagement.search_text).where(Engagement.id == engagement_id)
        )
    assert new_text is not None and with_topics is not None
    assert sorted(new_text.split("\n")) == sorted(with_topics.split("\n"))
    assert found_ids(db, "hypertension") == like_ids(db, "hypertension") == [engagement_id]
    assert found_ids(db, "pharmacy first") == [engagement_id]
    if db.is_sqlite:
        _assert_fts_consistent(db)
