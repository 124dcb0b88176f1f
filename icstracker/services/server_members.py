"""A shared server's members: which database role is which person of which committee.

The administrator (the role owning the tables) runs these through ``icstracker server``.
What a role may do is its committee role membership (``db/shared_server.py``); the
``committee_member`` row says who it is, so the history names a person, not a login.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from icstracker.db.models import ACCESS_LEVELS, Committee, CommitteeMember, Person
from icstracker.db.shared_server import (
    check_role_name,
    ensure_role,
    grant_member,
    revoke_member,
    role_prefix,
    secure_server,
    set_password,
)
from icstracker.errors import NotFoundError, ValidationError


@dataclass(frozen=True)
class MemberView:
    role: str
    committee: str
    access: str
    person: str | None


def _prefix(session: Session) -> str:
    prefix = role_prefix(session.connection())
    if prefix is None:
        raise ValidationError(
            "server",
            "This database has no committee roles yet; run `icstracker server init` first.",
        )
    return prefix


def init_server(session: Session, prefix: str | None = None) -> str:
    return secure_server(session.connection(), prefix)


def add_member(
    session: Session,
    role: str,
    committee_name: str,
    access: str,
    *,
    person_name: str | None = None,
    password: str | None = None,
) -> bool:
    """Makes ``role`` (a login) an editor or reader of one committee; True if created."""
    check_role_name(role)
    if access not in ACCESS_LEVELS:
        raise ValidationError("access", f"Access is one of {', '.join(ACCESS_LEVELS)}.")
    prefix = _prefix(session)
    if role.startswith(prefix + "_"):
        raise ValidationError("role", f"Role names starting {prefix}_ are the app's own.")
    wanted = " ".join(committee_name.split()).lower()
    committee = session.scalar(select(Committee).where(func.lower(Committee.name) == wanted))
    if committee is None:
        raise NotFoundError(f"There is no committee called '{committee_name}'.")
    person_id = None
    if person_name:
        from icstracker.services.privacy import find_person

        person_id = find_person(session, person_name).id
    connection = session.connection()
    created = ensure_role(connection, role, login=True)
    if password:
        set_password(connection, role, password)
    grant_member(connection, prefix, role, committee.id, access)
    session.execute(delete(CommitteeMember).where(CommitteeMember.role_name == role))
    session.add(
        CommitteeMember(
            role_name=role, committee_id=committee.id, person_id=person_id, access=access
        )
    )
    session.flush()
    return created


def remove_member(session: Session, role: str, *, drop_role: bool = False) -> list[str]:
    """Takes ``role``'s committee roles away (and, if asked, the login itself)."""
    check_role_name(role)
    prefix = _prefix(session)
    connection = session.connection()
    held = revoke_member(connection, prefix, role)
    gone = session.execute(delete(CommitteeMember).where(CommitteeMember.role_name == role))
    if not held and not getattr(gone, "rowcount", 0):
        raise NotFoundError(f"'{role}' is not a member of any committee of this database.")
    if drop_role:
        # Its history rows keep its name: they say who made each change.
        connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
    return held


def list_members(session: Session) -> list[MemberView]:
    query = (
        select(CommitteeMember.role_name, Committee.name, CommitteeMember.access, Person.name)
        .join(Committee, Committee.id == CommitteeMember.committee_id)
        .outerjoin(Person, Person.id == CommitteeMember.person_id)
        .order_by(Committee.name, CommitteeMember.role_name)
    )
    return [MemberView(*row) for row in session.execute(query)]
