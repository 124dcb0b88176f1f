"""Follow-up actions across the whole log: what is overdue, what is due soon, and done.

"What did we promise to do?" is the question after every meeting, so actions are
listed across all engagements, not only inside each one. Statuses are judged on a
given day (``today``): an action due yesterday and not done is overdue; one due today
is still open. Marking an action done also marks its engagement changed, so an editor
open on that engagement elsewhere gets a conflict instead of quietly undoing it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select, true
from sqlalchemy.orm import Session, aliased

from icstracker.db.models import Action, Area, Engagement
from icstracker.db.types import utc_now
from icstracker.errors import NotFoundError, ValidationError
from icstracker.services.committee_scope import committee_condition
from icstracker.services.engagement_filter import EngagementFilter, filter_condition

OVERDUE, DUE_SOON, OPEN, DONE = "overdue", "due this week", "open", "done"
STATUSES = (OVERDUE, DUE_SOON, OPEN, DONE)
SOON_DAYS = 7  # "due this week": today and the six days after

_System = aliased(Area)


@dataclass(frozen=True)
class ActionItem:
    id: int
    description: str
    owner: str | None
    due_on: dt.date | None
    done_on: dt.date | None
    status: str
    engagement_id: int
    engagement_on: dt.date
    engagement_title: str
    area: str
    system: str | None


@dataclass(frozen=True)
class ActionCounts:
    overdue: int
    due_soon: int
    open: int
    """Every action not done, overdue and due-soon ones included."""


def status_of(due_on: dt.date | None, done_on: dt.date | None, today: dt.date) -> str:
    if done_on is not None:
        return DONE
    if due_on is None:
        return OPEN
    if due_on < today:
        return OVERDUE
    if due_on < today + dt.timedelta(days=SOON_DAYS):
        return DUE_SOON
    return OPEN


def list_actions(
    session: Session,
    committee_id: int,
    *,
    today: dt.date,
    statuses: tuple[str, ...] = (OVERDUE, DUE_SOON, OPEN),
    within: EngagementFilter | None = None,
) -> list[ActionItem]:
    """The committee's follow-ups with the given statuses, overdue first, then by due date.

    With ``within`` (the log's filter) only the follow-ups of the engagements it shows:
    the period is the engagement's date, not the due date, so the Follow-ups tab lists
    what came out of the meetings the log lists.
    """
    unknown = set(statuses) - set(STATUSES)
    if unknown:
        raise ValidationError("status", f"Unknown action status: {', '.join(sorted(unknown))}.")
    rank = case(
        (Action.done_on.is_not(None), 3),
        (Action.due_on < today, 0),
        (Action.due_on < today + dt.timedelta(days=SOON_DAYS), 1),
        else_=2,
    )
    query = (
        select(
            Action, Engagement.occurred_on, Engagement.title, Area.short_name, _System.short_name
        )
        .join(Engagement, Engagement.id == Action.engagement_id)
        .join(Area, Area.id == Engagement.area_id)
        .outerjoin(_System, _System.id == Area.system_id)
        .where(committee_condition(session, committee_id), Engagement.deleted_at.is_(None))
        .where(_within(session, within))
        .order_by(rank, Action.due_on.is_(None), Action.due_on, Engagement.occurred_on, Action.id)
    )
    items = []
    for action, on, title, area, system in session.execute(query):
        status = status_of(action.due_on, action.done_on, today)
        if status in statuses:
            items.append(
                ActionItem(
                    id=action.id,
                    description=action.description,
                    owner=action.owner,
                    due_on=action.due_on,
                    done_on=action.done_on,
                    status=status,
                    engagement_id=action.engagement_id,
                    engagement_on=on,
                    engagement_title=title,
                    area=area,
                    system=system,
                )
            )
    return items


def _within(session: Session, within: EngagementFilter | None) -> ColumnElement[bool]:
    return true() if within is None else filter_condition(session, within)


def action_counts(
    session: Session,
    committee_id: int,
    *,
    today: dt.date,
    within: EngagementFilter | None = None,
) -> ActionCounts:
    """Overdue, due this week and not done; of every engagement unless ``within``."""
    not_done = Action.done_on.is_(None)
    soon = today + dt.timedelta(days=SOON_DAYS)
    overdue, due_soon, open_ = session.execute(
        select(
            func.count().filter(not_done, Action.due_on < today),
            func.count().filter(not_done, Action.due_on >= today, Action.due_on < soon),
            func.count().filter(not_done),
        )
        .select_from(Action)
        .join(Engagement, Engagement.id == Action.engagement_id)
        .where(committee_condition(session, committee_id), Engagement.deleted_at.is_(None))
        .where(_within(session, within))
    ).one()
    return ActionCounts(int(overdue), int(due_soon), int(open_))


def set_action_done(session: Session, action_id: int, done_on: dt.date | None) -> dt.date | None:
    """Marks an action done on ``done_on`` (or not done, with None); returns what it was.

    The previous value is what an undo puts back.
    """
    action = session.get(Action, action_id)
    if action is None:
        raise NotFoundError(f"There is no follow-up action with id {action_id}.")
    engagement = action.engagement
    if done_on is not None and done_on < engagement.occurred_on:
        raise ValidationError(
            "done_on",
            f"A follow-up cannot be done on {done_on:%d/%m/%Y}, before its engagement "
            f"({engagement.occurred_on:%d/%m/%Y}).",
        )
    previous = action.done_on
    action.done_on = done_on
    engagement.updated_at = utc_now()  # bumps the engagement's version: see the docstring
    session.flush()
    return previous
