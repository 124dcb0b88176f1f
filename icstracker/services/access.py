"""What this session's role may change, checked before a write is attempted.

On a shared server the database decides (``db/shared_server.py``): a reader's INSERT is
refused, and another committee's engagement is simply not there to UPDATE (row security
hides it, which would read as "changed elsewhere"). This module asks the same question
first, so the person is told plainly why. SQLite, and the server's administrator (the
tables' owner, whom row security does not bind), may change everything.
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from icstracker.db.authorship import database_role
from icstracker.db.models import Committee
from icstracker.errors import AccessDeniedError
from icstracker.services.engagement_private import reads_private_directly

_EDITS_KEY = "icstracker_edits"


def editable_committees(session: Session) -> set[int] | None:
    """The committees whose engagements this session may change; None for all of them."""
    if database_role(session) is None or reads_private_directly(session):
        return None
    found = session.info.get(_EDITS_KEY)
    if found is None:
        ids = session.scalar(text("SELECT icstracker_my_committees(true)")) or []
        found = session.info[_EDITS_KEY] = {int(i) for i in ids}
    return set(found)


def check_may_change(session: Session, committee_id: int) -> None:
    """Refuses, in one sentence, a change this role's committee memberships do not allow."""
    allowed = editable_committees(session)
    if allowed is None or committee_id in allowed:
        return
    role = database_role(session)
    name = session.scalar(select(Committee.name).where(Committee.id == committee_id))
    if allowed:
        raise AccessDeniedError(
            f"This engagement is {name}'s record: your database role '{role}' may change only "
            "its own committee's engagements, so nothing was saved."
        )
    raise AccessDeniedError(
        f"Your database role '{role}' may read the log but not change it (a reader), so "
        "nothing was saved; ask the server's administrator for editor access."
    )


def check_sees_everything(session: Session, what: str) -> None:
    """Subject access and erasure must cover every committee's records; on a shared server
    only its administrator (who reads every row and column) can do that."""
    if not reads_private_directly(session):
        raise AccessDeniedError(
            f"On a shared server, {what} must be run by its administrator: your database role "
            f"'{database_role(session)}' cannot see every committee's records, so it would "
            "miss some. Nothing was done."
        )
