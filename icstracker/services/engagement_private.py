"""An engagement's private fields (rating, internal note), read the way this role may.

On SQLite, and for a shared server's administrator, they are the engagement's own
columns. A member of a shared server may not read those columns at all (column
privileges, ``db/shared_server.py``); they read them through the server's
``engagement_private`` view, which holds only the engagements of the member's own
committees. So another committee's rating and note are simply not there (``None`` and
""), through the app as through psql. The history's private half is read the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import FromClause, select, text
from sqlalchemy.orm import Session

from icstracker.db.models import Engagement, EngagementVersion
from icstracker.db.shared_server import PRIVATE_VERSION_VIEW, PRIVATE_VIEW

_DIRECT_KEY = "icstracker_reads_private"


@dataclass(frozen=True)
class Private:
    rating: str | None = None
    internal_note: str = ""


NOT_SHOWN = Private()


def reads_private_directly(session: Session) -> bool:
    """Whether this session may read the private columns themselves (SQLite, or a server
    role with the column privilege: its administrator) rather than through the view."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    direct = session.info.get(_DIRECT_KEY)
    if direct is None:
        direct = bool(
            session.scalar(
                text("SELECT has_column_privilege('engagement', 'internal_note', 'SELECT')")
            )
        )
        session.info[_DIRECT_KEY] = direct
    return bool(direct)


def private_source(session: Session) -> FromClause:
    """A selectable of (engagement_id, rating, internal_note) to outer-join engagements to."""
    if reads_private_directly(session):
        return select(
            Engagement.id.label("engagement_id"), Engagement.rating, Engagement.internal_note
        ).subquery("engagement_private")
    return PRIVATE_VIEW


def private_fields(session: Session, ids: Iterable[int]) -> dict[int, Private]:
    """The private fields of each engagement in ``ids`` this session may read."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    source = private_source(session)
    found: dict[int, Private] = {}
    for start in range(0, len(wanted), 1000):
        query = select(source.c.engagement_id, source.c.rating, source.c.internal_note).where(
            source.c.engagement_id.in_(wanted[start : start + 1000])
        )
        for engagement_id, rating, note in session.execute(query):
            found[engagement_id] = Private(rating, note or "")
    return found


def private_changes(session: Session, version_ids: Iterable[int]) -> dict[int, str]:
    """Each history version's private half (JSON) this session may read."""
    wanted = sorted(set(version_ids))
    if not wanted:
        return {}
    if reads_private_directly(session):
        query = select(EngagementVersion.id, EngagementVersion.private_changes).where(
            EngagementVersion.id.in_(wanted)
        )
    else:
        view = PRIVATE_VERSION_VIEW
        query = select(view.c.version_id, view.c.private_changes).where(
            view.c.version_id.in_(wanted)
        )
    return {version_id: changes or "{}" for version_id, changes in session.execute(query)}
