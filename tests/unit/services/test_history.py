"""Every change to an engagement is kept: who made it, when, and what it changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import func, select, update

from icstracker.db.database import Database
from icstracker.db.models import EngagementVersion
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import (
    delete_engagement,
    log_engagement,
    restore_engagement,
    update_engagement,
)
from icstracker.services.history import engagement_history

TODAY = dt.date(2026, 11, 23)


def test_each_change_is_a_version_with_its_author(db: Database) -> None:
    db.author = "Jane Tester"
    with db.write() as session:
        committee = create_committee(session, "Community Pharmacy Devon").id
        view = log_engagement(
            session,
            EngagementInput(
                committee, resolve_area(session, "QJK").id, dt.date(2026, 11, 2), "meeting",
                "ICB board", people=("Dr A Example",), rating="amber",
            ),
            today=TODAY,
        )  # fmt: skip
    db.author = "Sam Editor"
    with db.write() as session:
        view = update_engagement(
            session,
            view.id,
            replace(view.as_input(), summary="Agreed the pathway.", internal_note="Sceptical."),
            expected_version=view.version,
            today=TODAY,
        )
        view = delete_engagement(session, view.id, expected_version=view.version)
        view = restore_engagement(session, view.id, expected_version=view.version)
    with db.session() as session:
        history = engagement_history(session, view.id)
    expected_author = "Jane Tester" if db.is_sqlite else "postgres"
    assert [(v.version, v.first) for v in history] == [
        (1, True),
        (2, False),
        (3, False),
        (4, False),
    ]
    assert history[0].author == expected_author
    assert {v.author for v in history[1:]} == {"Sam Editor" if db.is_sqlite else "postgres"}
    first = {c.field: c.value for c in history[0].changes}
    assert first["title"] == "ICB board" and first["people"] == "Dr A Example"
    assert first["rating"] == "amber"
    assert [(c.label, c.value) for c in history[1].changes] == [
        ("Summary", "Agreed the pathway."),
        ("Internal note", "Sceptical."),
    ]
    assert [(c.field, c.value) for c in history[2].changes] == [("deleted", "yes")]
    assert [(c.field, c.value) for c in history[3].changes] == [("deleted", "no")]
    assert history[0].changed_at <= history[1].changed_at <= history[3].changed_at


def test_an_engagement_from_before_history_starts_whole(db: Database) -> None:
    with db.write() as session:
        committee = create_committee(session, "Community Pharmacy Devon").id
        view = log_engagement(
            session,
            EngagementInput(
                committee, resolve_area(session, "QJK").id, dt.date(2026, 11, 2), "call", "Call"
            ),
            today=TODAY,
        )
        # As if logged before revision 0010: no version recorded.
        session.execute(update(EngagementVersion).values(version=0))
        session.execute(EngagementVersion.__table__.delete())
        view = update_engagement(
            session, view.id, replace(view.as_input(), title="Call back"),
            expected_version=view.version, today=TODAY,
        )  # fmt: skip
    with db.session() as session:
        (only,) = engagement_history(session, view.id)
        assert session.scalar(select(func.count()).select_from(EngagementVersion)) == 1
    assert only.first and {c.field for c in only.changes} >= {"title", "kind", "area"}
