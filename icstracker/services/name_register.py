"""The register of names an engagement links to: organisations, people and topics.

A typed name means the row holding its ``name_key`` (spaces squeezed, case folded), and a
new name is added with ``INSERT … ON CONFLICT DO NOTHING``, so two users adding the same new
name at once get one row. Logging, the importer, stakeholders and erasure all go through it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Executable, Table, func, select, update
from sqlalchemy.orm import Session

from icstracker.db.models import Organisation, Person, Topic, name_key
from icstracker.errors import ValidationError

Named = TypeVar("Named", Organisation, Person, Topic)


def clean_names(values: tuple[str, ...]) -> list[str]:
    """Squeezed spaces, blanks dropped and case-insensitive repeats kept once: what an
    engagement links to, whether typed or imported in bulk."""
    return list(_cleaned(tuple(values))) if values else []


@functools.lru_cache(maxsize=4096)
def _cleaned(values: tuple[str, ...]) -> tuple[str, ...]:
    """``clean_names`` remembered: an imported log names the same people on many rows."""
    seen: dict[str, str] = {}
    for value in values:
        name = " ".join(value.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return tuple(seen.values())


def add_missing_names(session: Session, table: Table, rows: list[dict[str, object]]) -> None:
    """Inserts register names (each row with its ``name_key``), skipping any key stored.

    ``INSERT … ON CONFLICT (name_key) DO NOTHING`` rather than look-then-insert: two users
    adding the same new organisation at once both succeed, the second waiting (PostgreSQL)
    for the first to commit and then adding nothing, where the look-then-insert of before
    either stored the name twice or crashed one of them on the unique name. Rows go in
    key order, so two transactions naming the same new names never wait on each other in
    a circle (a deadlock on PostgreSQL).
    """
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    statement: Executable
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        statement = postgresql.insert(table).on_conflict_do_nothing(index_elements=["name_key"])
    elif dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=["name_key"])
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(dialect)
    session.execute(statement, sorted(rows, key=lambda row: str(row["name_key"])))


def _find_or_add(
    session: Session,
    entity: type[Named],
    names: list[str],
    check_new: Callable[[str], None] | None = None,
) -> list[Named]:
    """The register rows ``names`` (already cleaned) mean, adding the ones not stored.

    A name means the row holding its ``name_key`` (``models.name_key``: spaces squeezed,
    case folded as SQL ``lower()`` folds it), so "ØRSTED" finds "Ørsted".
    """
    if not names:
        return []
    keys = [name_key(name) for name in names]
    column = entity.name_key
    found: dict[str | None, Named] = {
        row.name_key: row for row in session.scalars(select(entity).where(column.in_(set(keys))))
    }
    missing = {key: name for key, name in zip(keys, names, strict=True) if key not in found}
    if missing:
        if check_new is not None:
            for name in missing.values():
                check_new(name)
        table = entity.__table__
        assert isinstance(table, Table)
        rows: list[dict[str, object]] = [{"name": n, "name_key": k} for k, n in missing.items()]
        add_missing_names(session, table, rows)
        added = session.scalars(select(entity).where(column.in_(set(missing))))
        found.update((row.name_key, row) for row in added)
    return [found[key] for key in keys]


def find_or_add_organisations(session: Session, names: list[str]) -> list[Organisation]:
    return _find_or_add(session, Organisation, names)


def find_or_add_people(session: Session, names: list[str]) -> list[Person]:
    return _find_or_add(session, Person, names)


def hand_over_name(session: Session, key: str | None) -> None:
    """Gives ``key`` to the oldest person left of that name, after its holder went.

    A typed name means the oldest person of that name (``Person``'s docstring); when that
    person is merged away or erased, the next oldest takes the key, as the lookup by
    ``lower(name)`` of before would have found them. Nobody left: the key is free, and the
    next typed use of the name adds a person.
    """
    if key is None or session.scalar(select(Person.id).where(Person.name_key == key)):
        return
    heir = session.scalar(
        select(func.min(Person.id)).where(func.lower(Person.name) == key, Person.name_key.is_(None))
    )
    if heir is not None:
        session.execute(update(Person).where(Person.id == heir).values(name_key=key))


def check_new_topic(name: str) -> None:
    """A topic is added, not just linked, only if its name fits the topic list."""
    if len(name) > 100:
        raise ValidationError("topics", "A topic can be at most 100 characters.")


def find_or_add_topics(session: Session, names: list[str]) -> list[Topic]:
    return _find_or_add(session, Topic, names, check_new_topic)
