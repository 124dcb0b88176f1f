"""The rules an engagement must meet before it is logged, and the sentences that refuse it.

One set of rules for every way in: the form and ``log add`` (``engagements``), the importer
and capture (``check_engagement`` with lookups they loaded once). The database is reached
only through the lookups they pass, so thousands of rows are checked without a query each.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Iterable

from icstracker.db.models import RATINGS, Action, Area, Organisation, Person, Topic
from icstracker.errors import NotFoundError, ValidationError
from icstracker.services.dates import check_engagement_date
from icstracker.services.engagement_types import EngagementInput
from icstracker.text import CONTROL_CHARACTERS, control_name
from icstracker.vocabulary import ENGAGEMENT_KINDS, EngagementKind

MAX_TITLE = 300


def normalise_kind(kind: str) -> str:
    key = kind.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in ENGAGEMENT_KINDS:
        allowed = EngagementKind.listed()
        raise ValidationError(
            "kind", f"'{kind}' is not a kind of engagement; use one of {allowed}."
        )
    return key


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
    importer refuses them: stored, they were later written raw to a terminal by ``list``.
    All the texts are searched at once first: an import checks every row, and hardly any
    holds one."""
    texts = [
        data.title,
        data.summary,
        data.outcome,
        data.internal_note,
        *data.organisations,
        *data.people,
        *data.representatives,
        *data.topics,
        *(a.description for a in data.actions),
        *(a.owner or "" for a in data.actions),
    ]
    if CONTROL_CHARACTERS.search("\n".join(texts)) is None:
        return
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
            # Squeezing spaces only shortens a name: most are under the limit as they are.
            if len(value) > limit and len(" ".join(value.split())) > limit:
                raise ValidationError(
                    field, f"{what} can be at most {limit} characters: '{value[:40]}…'."
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
