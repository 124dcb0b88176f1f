"""Logging, editing, deleting and restoring engagements.

Every check that protects the log lives here, not in the window or the command line,
so an import, a script and a person at the keyboard all meet the same rules and the
same sentences. Edits carry the version the editor started from: if someone else saved
in between, the edit is refused rather than silently overwriting their work.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TypeVar

from sqlalchemy import Executable, Table, func, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from icstracker.db.models import (
    ENGAGEMENT_KINDS,
    RATINGS,
    Action,
    Area,
    Committee,
    Engagement,
    Organisation,
    Person,
    Topic,
    name_key,
)
from icstracker.db.types import utc_now
from icstracker.errors import ConcurrencyError, NotFoundError, ValidationError
from icstracker.services.access import check_may_change
from icstracker.services.committee_scope import committee_condition
from icstracker.services.dates import check_engagement_date, uk_today
from icstracker.services.engagement_private import NOT_SHOWN, Private, private_fields
from icstracker.services.engagement_types import ActionView, EngagementInput, EngagementView
from icstracker.services.history import record_version, snapshot
from icstracker.text import CONTROL_CHARACTERS, control_name, search_fold

MAX_TITLE = 300
Named = TypeVar("Named", Organisation, Person, Topic)


def normalise_kind(kind: str) -> str:
    key = kind.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in ENGAGEMENT_KINDS:
        allowed = ", ".join(k.replace("_", " ") for k in ENGAGEMENT_KINDS)
        raise ValidationError(
            "kind", f"'{kind}' is not a kind of engagement; use one of {allowed}."
        )
    return key


def clean_names(values: tuple[str, ...]) -> list[str]:
    """Squeezed spaces, blanks dropped and case-insensitive repeats kept once: what an
    engagement links to, whether typed or imported in bulk."""
    seen: dict[str, str] = {}
    for value in values:
        name = " ".join(value.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def _column_length(column: object) -> int:
    length = getattr(getattr(column, "type", None), "length", None)
    assert isinstance(length, int), column
    return length


@functools.cache
def _length_limits() -> tuple[int, int, int, int]:
    """The organisation, person, topic and action owner name lengths, read once: asking
    the mapped columns costs more than the check, which an import makes for every row."""
    return (
        _column_length(Organisation.name),
        _column_length(Person.name),
        _column_length(Topic.name),
        _column_length(Action.owner),
    )


def _check_controls(data: EngagementInput) -> None:
    """NUL, BEL, ESC… typed or pasted into a field are refused, naming the field, as the
    importer refuses them: stored, they were later written raw to a terminal by ``list``."""
    fields = (
        ("title", "The title", [data.title]),
        ("summary", "The summary", [data.summary]),
        ("outcome", "The outcome", [data.outcome]),
        ("internal_note", "The internal note", [data.internal_note]),
        ("organisations", "An organisation name", data.organisations),
        ("people", "A person's name", data.people),
        ("representatives", "A representative's name", data.representatives),
        ("topics", "A topic", data.topics),
        ("actions", "A follow-up action", [a.description for a in data.actions]),
        ("actions", "A follow-up owner", [a.owner or "" for a in data.actions]),
    )
    for field, what, values in fields:
        for value in values:
            found = CONTROL_CHARACTERS.search(value)
            if found is not None:
                raise ValidationError(
                    field,
                    f"{what} holds a control character ({control_name(found[0])}) that "
                    "cannot be shown; delete it.",
                )


def _check_lengths(data: EngagementInput) -> None:
    """Long names fail here with a sentence, not deep in PostgreSQL with a DataError.

    The limits are the columns' own, so the model stays the one place they are set.
    """
    organisation, person, topic, owner = _length_limits()
    named = (
        ("organisations", "An organisation name", data.organisations, organisation),
        ("people", "A person's name", data.people, person),
        ("representatives", "A representative's name", data.representatives, person),
        ("topics", "A topic", data.topics, topic),
        ("actions", "A follow-up owner", [a.owner or "" for a in data.actions], owner),
    )
    for field, what, values, limit in named:
        for value in values:
            if len(" ".join(value.split())) > limit:
                raise ValidationError(
                    field, f"{what} can be at most {limit} characters: '{value[:40]}…'."
                )


def _validate(session: Session, data: EngagementInput, today: dt.date) -> tuple[Area, str]:
    return check_engagement(
        data,
        today,
        committee_exists=lambda committee_id: session.get(Committee, committee_id) is not None,
        area_of=lambda area_id: session.get(Area, area_id),
    )


def check_engagement(
    data: EngagementInput,
    today: dt.date,
    *,
    committee_exists: Callable[[int], bool],
    area_of: Callable[[int], Area | None],
) -> tuple[Area, str]:
    """Every rule an engagement must meet, with its area and normalised kind if it does.

    The database is reached only through the two lookups, so an import can check
    thousands of rows against areas and committees it loaded once, by the very rules
    (and sentences) a single engagement meets.
    """
    if not data.title.strip():
        raise ValidationError("title", "An engagement needs a title.")
    if len(data.title.strip()) > MAX_TITLE:
        raise ValidationError("title", f"A title can be at most {MAX_TITLE} characters.")
    kind = normalise_kind(data.kind)
    check_engagement_date(data.occurred_on, today)
    if not committee_exists(data.committee_id):
        raise NotFoundError(f"There is no committee with id {data.committee_id}.")
    area = area_of(data.area_id)
    if area is None:
        raise ValidationError("area", f"There is no area with id {data.area_id}.")
    if area.level_key is None:
        raise ValidationError(
            "area",
            f"{area.short_name} is an NHS England region, not a planning level; choose its "
            "ICB, a place or a PCN.",
        )
    if area.valid_to is not None and data.occurred_on > area.valid_to:
        raise ValidationError(
            "area",
            f"{area.short_name} ({area.code}) closed on {area.valid_to:%d/%m/%Y}, before "
            f"{data.occurred_on:%d/%m/%Y}; log the engagement against the area that replaced it.",
        )
    if area.valid_from is not None and data.occurred_on < area.valid_from:
        raise ValidationError(
            "area",
            f"{area.short_name} ({area.code}) began on {area.valid_from:%d/%m/%Y}, after "
            f"{data.occurred_on:%d/%m/%Y}; log the engagement against the area of that time.",
        )
    if data.rating is not None and data.rating not in RATINGS:
        raise ValidationError(
            "rating", f"'{data.rating}' is not a rating; use red, amber or green."
        )
    _check_lengths(data)
    _check_controls(data)
    for number, action in enumerate(data.actions, start=1):
        if not action.description.strip():
            raise ValidationError("actions", f"Follow-up action {number} has no description.")
        if action.due_on is not None and action.due_on < data.occurred_on:
            raise ValidationError(
                "actions",
                f"Follow-up action {number} is due on {action.due_on:%d/%m/%Y}, before the "
                f"engagement itself ({data.occurred_on:%d/%m/%Y}).",
            )
    return area, kind


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


def _people(session: Session, names: list[str]) -> list[Person]:
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


def _topics(session: Session, names: list[str]) -> list[Topic]:
    return _find_or_add(session, Topic, names, check_new_topic)


def _apply(
    session: Session, engagement: Engagement, data: EngagementInput, today: dt.date
) -> Private:
    """Puts ``data`` into ``engagement``; returns the private fields it now holds."""
    area, kind = _validate(session, data, today)
    organisations = find_or_add_organisations(session, clean_names(data.organisations))
    # People and representatives in one statement: two of them in two inserts could
    # deadlock against a save naming the same two the other way round.
    people_names, representative_names = clean_names(data.people), clean_names(data.representatives)
    named = {name_key(p.name): p for p in _people(session, people_names + representative_names)}
    people = [named[name_key(name)] for name in people_names]
    representatives = [named[name_key(name)] for name in representative_names]
    topics = _topics(session, clean_names(data.topics))
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


def partner_ids(data: EngagementInput) -> list[int]:
    """The other committees named as joint: the logging committee itself is not its own
    partner, and naming one twice is the same as naming it once."""
    return sorted(set(data.partner_committee_ids) - {data.committee_id})


def check_partners_exist(wanted: Iterable[int], known: Collection[int]) -> None:
    """Every partner a committee the database holds; an import checks against the
    committees it loaded once, a single engagement against the ones it looked up."""
    missing = sorted(set(wanted) - set(known))
    if missing:
        raise ValidationError(
            "partners",
            f"There is no committee with id {missing[0]}; choose the joint committees again.",
        )


def _partners(session: Session, data: EngagementInput) -> list[Committee]:
    wanted = partner_ids(data)
    if not wanted:
        return []
    found = list(session.scalars(select(Committee).where(Committee.id.in_(wanted))))
    check_partners_exist(wanted, {c.id for c in found})
    return sorted(found, key=lambda c: c.name)


def refresh_search_text(engagement: Engagement) -> None:
    """Rebuilds the one column free-text search reads, after anything in it changed.

    Kept denormalised so a text filter over 100,000 engagements is one LIKE on one
    table; anything that renames a person, organisation or topic must call this.
    """
    engagement.search_text = search_text_of(
        engagement.title,
        engagement.summary,
        engagement.outcome,
        [o.name for o in engagement.organisations],
        [p.name for p in engagement.people + engagement.representatives],
        [t.name for t in engagement.topics],
    )


def search_text_of(
    title: str,
    summary: str,
    outcome: str,
    organisations: Sequence[str],
    people: Sequence[str],
    topics: Sequence[str] = (),
) -> str:
    """The search column from plain values: the saved title, summary and outcome, and the
    names as linked (people, then representatives, then topics), so a bulk write needs no
    ORM objects. Revision 0012 added the topics to rows saved before it."""
    return search_fold("\n".join([title, summary, outcome, *organisations, *people, *topics]))


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
