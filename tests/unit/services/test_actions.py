"""Follow-ups across the log: overdue, due this week, open and done, on a given day."""

from __future__ import annotations

import datetime as dt

import pytest

from icstracker.db.database import Database
from icstracker.errors import ConcurrencyError, ValidationError
from icstracker.services.actions import (
    DONE,
    DUE_SOON,
    OPEN,
    OVERDUE,
    action_counts,
    list_actions,
    set_action_done,
)
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_types import ActionInput, EngagementInput
from icstracker.services.engagements import (
    delete_engagement,
    get_engagement,
    log_engagement,
    update_engagement,
)

TODAY = dt.date(2026, 3, 31)  # a month end, and the last day of the NHS year


@pytest.fixture
def seeded(db: Database) -> dict[str, int]:
    with db.write() as session:
        committee = create_committee(session, "Community Pharmacy Devon").id
        other = create_committee(session, "Community Pharmacy Cornwall").id
        devon = resolve_area(session, "QJK").id

        def log(
            who: int, title: str, *actions: ActionInput, on: dt.date = dt.date(2026, 3, 2)
        ) -> int:
            return log_engagement(
                session,
                EngagementInput(
                    committee_id=who,
                    area_id=devon,
                    occurred_on=on,
                    kind="meeting",
                    title=title,
                    actions=actions,
                ),
                today=TODAY,
            ).id

        main = log(
            committee,
            "ICB meeting",
            ActionInput("Due yesterday", "LPC", dt.date(2026, 3, 30)),
            ActionInput("Due today", "LPC", TODAY),
            ActionInput("Due in six days", "ICB", dt.date(2026, 4, 6)),
            ActionInput("Due in seven days", "ICB", dt.date(2026, 4, 7)),
            ActionInput("No date", None),
            ActionInput("Done already", "LPC", dt.date(2026, 3, 10), dt.date(2026, 3, 9)),
        )
        deleted = log(
            committee, "Logged by mistake", ActionInput("Ghost", None, dt.date(2026, 3, 3))
        )
        log(other, "Another LPC", ActionInput("Not ours", None, dt.date(2026, 3, 3)))
        delete_engagement(session, deleted, expected_version=1)
    return {"committee": committee, "engagement": main}


def _by_status(db: Database, committee: int, statuses: tuple[str, ...]) -> dict[str, str]:
    with db.session() as session:
        return {
            a.description: a.status
            for a in list_actions(session, committee, today=TODAY, statuses=statuses)
        }


def test_statuses_at_midnight_and_the_month_end(db: Database, seeded: dict[str, int]) -> None:
    shown = _by_status(db, seeded["committee"], (OVERDUE, DUE_SOON, OPEN, DONE))
    assert shown == {
        "Due yesterday": OVERDUE,
        "Due today": DUE_SOON,
        "Due in six days": DUE_SOON,
        "Due in seven days": OPEN,
        "No date": OPEN,
        "Done already": DONE,
    }
    with db.session() as session:
        items = list_actions(session, seeded["committee"], today=TODAY)
        assert [a.description for a in items][:1] == ["Due yesterday"]  # worst first
        counts = action_counts(session, seeded["committee"], today=TODAY)
    assert (counts.overdue, counts.due_soon, counts.open) == (1, 2, 5)


def test_within_the_log_filter_the_period_is_the_engagement_date(
    db: Database, seeded: dict[str, int]
) -> None:
    """Due dates in April, but the engagement is in March: listed in March, not in April."""
    march = EngagementFilter(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31))
    april = EngagementFilter(date_from=dt.date(2026, 4, 1), date_to=dt.date(2026, 4, 30))
    with db.session() as session:
        listed = list_actions(session, seeded["committee"], today=TODAY, within=march)
        assert "Due in seven days" in [a.description for a in listed]
        assert list_actions(session, seeded["committee"], today=TODAY, within=april) == []
        counts = action_counts(session, seeded["committee"], today=TODAY, within=april)
        assert (counts.overdue, counts.due_soon, counts.open) == (0, 0, 0)
        counts = action_counts(session, seeded["committee"], today=TODAY, within=march)
        assert (counts.overdue, counts.due_soon, counts.open) == (1, 2, 5)


def test_mark_done_and_undo(db: Database, seeded: dict[str, int]) -> None:
    with db.session() as session:
        (overdue,) = list_actions(session, seeded["committee"], today=TODAY, statuses=(OVERDUE,))
    with db.write() as session:
        assert set_action_done(session, overdue.id, TODAY) is None
    assert OVERDUE not in _by_status(db, seeded["committee"], (OVERDUE,)).values()
    with db.write() as session:
        assert set_action_done(session, overdue.id, None) == TODAY  # undo
    assert _by_status(db, seeded["committee"], (OVERDUE,)) == {"Due yesterday": OVERDUE}


def test_done_before_the_engagement_is_refused(db: Database, seeded: dict[str, int]) -> None:
    with db.session() as session:
        first = list_actions(session, seeded["committee"], today=TODAY)[0]
    with pytest.raises(ValidationError, match="before its engagement"), db.write() as session:
        set_action_done(session, first.id, dt.date(2026, 3, 1))


def test_marking_done_makes_an_open_editor_conflict(db: Database, seeded: dict[str, int]) -> None:
    with db.session() as session:
        before = get_engagement(session, seeded["engagement"])
        first = list_actions(session, seeded["committee"], today=TODAY)[0]
    with db.write() as session:
        set_action_done(session, first.id, TODAY)
    with pytest.raises(ConcurrencyError), db.write() as session:
        update_engagement(
            session, before.id, before.as_input(), expected_version=before.version, today=TODAY
        )
