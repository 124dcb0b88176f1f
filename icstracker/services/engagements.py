"""Logging, editing, deleting and restoring engagements.

Every check that protects the log runs here (the rules are ``engagement_checks``, the
names ``name_register``, the search column ``search_text``), not in the window or the
command line, so an import, a script and a person at the keyboard all meet the same rules
and the same sentences. Edits carry the version the editor started from: if someone else saved
in between, the edit is refused rather than silently overwriting their work.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from icstracker.db.models import (
    Action,
    Area,
    Committee,
    Engagement,
    name_key,
)
from icstracker.db.types import utc_now
from icstracker.errors import ConcurrencyError, NotFoundError, ValidationError
from icstracker.services.access import check_may_change
from icstracker.services.committee_scope import committee_condition
from icstracker.services.dates import uk_today
from icstracker.services.engagement_checks import (
    check_engagement,
    check_partners_exist,
    partner_ids,
)
from icstracker.services.engagement_private import NOT_SHOWN, Private, private_fields
from icstracker.services.engagement_types import ActionView, EngagementInput, EngagementView
from icstracker.services.history import record_version, snapshot
from icstracker.services.name_register import (
    clean_names,
    find_or_add_organisations,
    find_or_add_people,
    find_or_add_topics,
)
from icstracker.services.search_text import refresh_search_text


def _validate(session: Session, data: EngagementInput, today: dt.date) -> tuple[Area, str]:
    return check_engagement(
        data,
        today,
        committee_exists=lambda committee_id: session.get(Committee, committee_id) is not None,
        area_of=lambda area_id: session.get(Area, area_id),
    )


def _apply(
    session: Session, engagement: Engagement, data: EngagementInput, today: dt.date
) -> Private:
    """Puts ``data`` into ``engagement``; returns the private fields it now holds."""
    area, kind = _validate(session, data, today)
    organisations = find_or_add_organisations(session, clean_names(data.organisations))
    # People and representatives in one statement: two of them in two inserts could
    # deadlock against a save naming the same two the other way round.
    people_names, representative_names = clean_names(data.people), clean_names(data.representatives)
    named = {
        name_key(p.name): p
        for p in find_or_add_people(session, people_names + representative_names)
    }
    people = [named[name_key(name)] for name in people_names]
    representatives = [named[name_key(name)] for name in representative_names]
    topics = find_or_add_topics(session, clean_names(data.topics))
    partners = _partners(session, data)
    # Everything is looked up before the first attribute changes: an autoflush in the
    # middle would write the row twice and bump its version twice.
    engagement.committee_id = data.committee_id
    engagement.area_id = area.id
    engagement.occurred_on = data.occurred_on
    engagement.kind = kind
    engagement.title = " ".join(data.title.split())
    engagement.summary = data.summary.strip()
    engagement.outcome = data.outcome.strip()
    private = Private(data.rating, data.internal_note.strip())
    engagement.rating = private.rating
    engagement.internal_note = private.internal_note
    engagement.not_for_partners = data.not_for_partners
    if data.source_id:
        engagement.source_id = data.source_id
    engagement.organisations = organisations
    engagement.people = people
    engagement.representatives = representatives
    engagement.topics = topics
    engagement.partners = partners
    engagement.actions = [
        Action(
            description=a.description.strip(),
            owner=(a.owner or "").strip() or None,
            due_on=a.due_on,
            done_on=a.done_on,
        )
        for a in data.actions
    ]
    refresh_search_text(engagement)
    return private


def _partners(session: Session, data: EngagementInput) -> list[Committee]:
    wanted = partner_ids(data)
    if not wanted:
        return []
    found = list(session.scalars(select(Committee).where(Committee.id.in_(wanted))))
    check_partners_exist(wanted, {c.id for c in found})
    return sorted(found, key=lambda c: c.name)


def _load(session: Session, engagement_id: int) -> Engagement:
    query = (
        select(Engagement)
        .where(Engagement.id == engagement_id)
        .options(
            selectinload(Engagement.organisations),
            selectinload(Engagement.people),
            selectinload(Engagement.representatives),
            selectinload(Engagement.topics),
            selectinload(Engagement.actions),
            selectinload(Engagement.partners),
        )
    )
    engagement = session.scalars(query).first()
    if engagement is None:
        raise NotFoundError(f"There is no engagement with id {engagement_id}.")
    return engagement


def to_view(engagement: Engagement, private: Private) -> EngagementView:
    """The engagement as plain values; ``private`` is what this session may read of its
    rating and internal note (``engagement_private``), never read from the row itself."""
    area = engagement.area
    return EngagementView(
        id=engagement.id,
        version=engagement.version,
        committee_id=engagement.committee_id,
        committee=engagement.committee.name,
        area_id=area.id,
        area_code=area.code,
        area_name=area.short_name,
        level=area.level_key,
        occurred_on=engagement.occurred_on,
        kind=engagement.kind,
        title=engagement.title,
        summary=engagement.summary,
        outcome=engagement.outcome,
        rating=private.rating,
        organisations=tuple(o.name for o in engagement.organisations),
        people=tuple(p.name for p in engagement.people),
        representatives=tuple(p.name for p in engagement.representatives),
        topics=tuple(sorted(t.name for t in engagement.topics)),
        actions=tuple(
            ActionView(a.id, a.description, a.owner, a.due_on, a.done_on)
            for a in engagement.actions
        ),
        created_at=engagement.created_at,
        updated_at=engagement.updated_at,
        deleted_at=engagement.deleted_at,
        partner_committee_ids=tuple(c.id for c in engagement.partners),
        partners=tuple(c.name for c in engagement.partners),
        internal_note=private.internal_note,
        not_for_partners=engagement.not_for_partners,
        source_id=engagement.source_id or "",
    )


def _private(session: Session, engagement: Engagement) -> Private:
    return private_fields(session, [engagement.id]).get(engagement.id, NOT_SHOWN)


def get_engagement(session: Session, engagement_id: int) -> EngagementView:
    engagement = _load(session, engagement_id)
    return to_view(engagement, _private(session, engagement))


def log_engagement(
    session: Session, data: EngagementInput, *, today: dt.date | None = None
) -> EngagementView:
    check_may_change(session, data.committee_id)
    engagement = Engagement()
    private = _apply(session, engagement, data, today or uk_today())
    now = utc_now()
    engagement.created_at = engagement.updated_at = now
    session.add(engagement)
    session.flush()
    record_version(session, engagement, None, snapshot(engagement, private))
    return to_view(engagement, private)


def _check_version(engagement: Engagement, expected_version: int) -> None:
    if engagement.version != expected_version:
        raise ConcurrencyError(
            f"'{engagement.title}' was changed elsewhere since you opened it; reload it to "
            "see the latest version before saving."
        )


def _flush(session: Session, engagement: Engagement) -> None:
    # The title is read first: a failed flush closes the transaction, and reading an
    # attribute after it (on PostgreSQL, where the losing save is the one that finds its
    # row changed) raised "Can't operate on closed transaction" instead of this message.
    title = engagement.title
    try:
        session.flush()
    except StaleDataError as error:
        raise ConcurrencyError(
            f"'{title}' was changed elsewhere while you were saving; reload it "
            "to see the latest version."
        ) from error


def update_engagement(
    session: Session,
    engagement_id: int,
    data: EngagementInput,
    *,
    expected_version: int,
    today: dt.date | None = None,
) -> EngagementView:
    engagement = _load(session, engagement_id)
    check_may_change(session, engagement.committee_id)
    check_may_change(session, data.committee_id)
    _check_version(engagement, expected_version)
    if engagement.deleted_at is not None:
        raise ValidationError("engagement", "This engagement is deleted; restore it to edit it.")
    before = snapshot(engagement, _private(session, engagement))
    private = _apply(session, engagement, data, today or uk_today())
    engagement.updated_at = utc_now()
    _flush(session, engagement)
    record_version(session, engagement, before, snapshot(engagement, private))
    return to_view(engagement, private)


def _set_deleted(
    session: Session, engagement_id: int, expected_version: int, deleted: bool
) -> EngagementView:
    engagement = _load(session, engagement_id)
    check_may_change(session, engagement.committee_id)
    _check_version(engagement, expected_version)
    private = _private(session, engagement)
    if (engagement.deleted_at is not None) != deleted:
        before = snapshot(engagement, private)
        engagement.updated_at = utc_now()
        engagement.deleted_at = engagement.updated_at if deleted else None
        _flush(session, engagement)
        record_version(session, engagement, before, snapshot(engagement, private))
    return to_view(engagement, private)


def delete_engagement(
    session: Session, engagement_id: int, *, expected_version: int
) -> EngagementView:
    """Soft delete: the row stays (for undo and audit) but leaves every list and count."""
    return _set_deleted(session, engagement_id, expected_version, True)


def restore_engagement(
    session: Session, engagement_id: int, *, expected_version: int
) -> EngagementView:
    return _set_deleted(session, engagement_id, expected_version, False)


def find_duplicates(
    session: Session, area_id: int, occurred_on: dt.date, title: str, committee_id: int
) -> list[int]:
    """Ids of live engagements with the same area, date and title that already count for
    the committee: logged by it, or by another committee jointly with it."""
    query = select(Engagement.id).where(
        Engagement.area_id == area_id,
        Engagement.occurred_on == occurred_on,
        committee_condition(session, committee_id),
        func.lower(Engagement.title) == " ".join(title.split()).lower(),
        Engagement.deleted_at.is_(None),
    )
    return list(session.scalars(query))
