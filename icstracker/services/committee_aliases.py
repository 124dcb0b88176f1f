"""A committee's own names for areas: remembered import decisions, listed and removable.

When an import meets text it cannot place ("Healthier Lancs and S Cumbria") and the person
says which area it means, that decision is kept for the committee, so its next import, and
``log add``, read the same words the same way. An alias names exactly one area; the area
resolver then takes the footprint of each engagement's date, as for any name (a 2021 row
gets the STP of that time). Aliases are the committee's data: they travel in the full
export and can be listed and removed (``icstracker alias``) when a decision was wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from icstracker.db.models import Area, CommitteeAlias
from icstracker.errors import NotFoundError, ValidationError
from icstracker.services.area_labels import area_label
from icstracker.text import normalise_name

MAX_TEXT = 200  # the column's length


@dataclass(frozen=True)
class CommitteeAliasView:
    id: int
    committee_id: int
    text: str
    area_id: int
    area_code: str
    area_label: str
    created_at: dt.datetime


def _key(text: str) -> str:
    key = normalise_name(text)
    if not key:
        raise ValidationError("alias", "An alias needs some text with letters or digits.")
    if len(" ".join(text.split())) > MAX_TEXT:
        raise ValidationError("alias", f"An alias can be at most {MAX_TEXT} characters.")
    return key


def aliases_for(session: Session, committee_id: int) -> dict[str, int]:
    """The committee's aliases as the resolver reads them: normalised text → area id."""
    query = select(CommitteeAlias.normalised, CommitteeAlias.area_id).where(
        CommitteeAlias.committee_id == committee_id
    )
    return {normalised: area_id for normalised, area_id in session.execute(query)}


def list_aliases(session: Session, committee_id: int) -> list[CommitteeAliasView]:
    """The committee's aliases, by text."""
    query = (
        select(CommitteeAlias, Area)
        .join(Area, Area.id == CommitteeAlias.area_id)
        .where(CommitteeAlias.committee_id == committee_id)
        .order_by(CommitteeAlias.normalised)
    )
    return [_view(alias, area) for alias, area in session.execute(query)]


def _view(alias: CommitteeAlias, area: Area) -> CommitteeAliasView:
    return CommitteeAliasView(
        alias.id,
        alias.committee_id,
        alias.text,
        area.id,
        area.code,
        area_label(area.short_name, area.code, area.valid_to),
        alias.created_at,
    )


def save_alias(session: Session, committee_id: int, text: str, area_id: int) -> bool:
    """Makes ``text`` name ``area_id`` for the committee; False if it already did.

    An alias for the same normalised text is replaced: the newest decision wins.
    """
    key = _key(text)
    shown = " ".join(text.split())
    found = session.scalars(
        select(CommitteeAlias).where(
            CommitteeAlias.committee_id == committee_id, CommitteeAlias.normalised == key
        )
    ).first()
    if found is not None:
        if found.area_id == area_id:
            return False
        found.area_id = area_id
        found.text = shown
    else:
        session.add(
            CommitteeAlias(committee_id=committee_id, text=shown, normalised=key, area_id=area_id)
        )
    session.flush()
    session.info.pop("area_resolvers", None)  # resolvers built before now do not know it
    return True


def add_alias(
    session: Session, committee_id: int, text: str, area: str, *, on: dt.date | None = None
) -> CommitteeAliasView:
    """``text`` names the area ``area`` (a code or exact name) for the committee."""
    from icstracker.services.areas import resolve_area  # areas builds resolvers with aliases

    key = _key(text)
    target = resolve_area(session, area, on=on)
    if target.level is None:
        raise ValidationError(
            "alias", f"{target.short_name} is an NHS England region; name an ICB, place or PCN."
        )
    save_alias(session, committee_id, text, target.id)
    alias = session.scalars(
        select(CommitteeAlias).where(
            CommitteeAlias.committee_id == committee_id, CommitteeAlias.normalised == key
        )
    ).one()
    area_row = session.get(Area, alias.area_id)
    assert area_row is not None
    return _view(alias, area_row)


def remove_alias(session: Session, committee_id: int, text: str) -> CommitteeAliasView:
    """Forgets the committee's alias for ``text``; ``NotFoundError`` if there is none."""
    key = normalise_name(text)
    found = session.execute(
        select(CommitteeAlias, Area)
        .join(Area, Area.id == CommitteeAlias.area_id)
        .where(CommitteeAlias.committee_id == committee_id, CommitteeAlias.normalised == key)
    ).first()
    if found is None:
        known = ", ".join(f"'{v.text}'" for v in list_aliases(session, committee_id)[:10])
        hint = f" Its aliases are: {known}." if known else " It has none."
        raise NotFoundError(f"The committee has no alias '{' '.join(text.split())}'.{hint}")
    view = _view(*found)
    session.execute(delete(CommitteeAlias).where(CommitteeAlias.id == view.id))
    session.info.pop("area_resolvers", None)
    return view
