"""``demo`` never mixes sample engagements into a committee's real log by accident."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from icstracker.db.database import Database
from icstracker.db.models import Committee, Engagement
from icstracker.errors import ValidationError
from icstracker.services.committees import create_committee
from icstracker.services.demo import generate_demo, refuse_real_log

from ..conftest import LiveLog  # noqa: TID252


def test_demo_on_a_real_log_is_refused_and_changes_nothing(live_log: LiveLog) -> None:
    before = live_log.snapshot()
    code, out, err = live_log.run("demo", "--engagements", "50")
    assert code == 2, err
    assert "holds a real log (CP Devon; 3 engagements)" in err and "--force" in err
    assert err.count("\n") == 1 and out == ""
    assert live_log.snapshot() == before


def test_force_adds_demo_data_anyway(live_log: LiveLog) -> None:
    code, out, err = live_log.run("demo", "--engagements", "20", "--force")
    assert code == 0, err
    assert live_log.snapshot().counts["engagement"] == 23


def test_a_demo_database_can_be_filled_again(db: Database) -> None:
    with db.write() as session:
        refuse_real_log(session, "x")  # empty: fine
        generate_demo(session, 30, seed=1)
    with db.write() as session:
        refuse_real_log(session, "x")  # only demo committees: still fine
        generate_demo(session, 30, seed=2)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Engagement)) == 60


def test_one_real_committee_is_enough_to_refuse(db: Database) -> None:
    """Even with no engagements yet: a committee set up is a log about to be used."""
    with db.write() as session:
        generate_demo(session, 10, seed=1)
        create_committee(session, "Community Pharmacy Devon", ())
    with db.session() as session, pytest.raises(ValidationError, match="Community Pharmacy Devon"):
        refuse_real_log(session, "the database")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Committee)) == 2
