"""A committee's own names for areas: added, replaced, listed, removed; read by the area
resolver after codes and before names or spellings, for that committee only."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select

from icstracker.db.database import Database
from icstracker.db.models import Committee, CommitteeAlias
from icstracker.errors import NotFoundError, ValidationError
from icstracker.services.area_resolver import AreaRefusal, AreaResolver
from icstracker.services.areas import resolve_area
from icstracker.services.committee_aliases import (
    add_alias,
    aliases_for,
    list_aliases,
    remove_alias,
    save_alias,
)
from icstracker.services.committees import create_committee

TEXT = "Healthier Lancs and S Cumbria"


def test_add_list_replace_and_remove(db: Database) -> None:
    with db.write() as session:
        lsc = create_committee(session, "CP Lancashire").id
        devon = create_committee(session, "CP Devon").id
        added = add_alias(session, lsc, f"  {TEXT} ", "QE1")
        assert (added.text, added.area_code, added.area_label) == (
            TEXT,
            "QE1",
            "Lancashire and South Cumbria (QE1)",
        )
        add_alias(session, lsc, "Our patch", "U45809")
        assert [(a.text, a.area_code) for a in list_aliases(session, lsc)] == [
            (TEXT, "QE1"),
            ("Our patch", "U45809"),
        ]
        assert list_aliases(session, devon) == []
        # The same text (any case, "&" or "and") is one alias: the newest decision wins.
        replaced = add_alias(session, lsc, "healthier lancs & s cumbria", "E10000017")
        assert replaced.area_code == "E10000017" and len(list_aliases(session, lsc)) == 2
        assert save_alias(session, lsc, TEXT, resolve_area(session, "E10000017").id) is False
        with pytest.raises(
            NotFoundError, match="no alias 'Nowhere'. Its aliases are: 'healthier lancs & s cum"
        ):
            remove_alias(session, lsc, "Nowhere")
        removed = remove_alias(session, lsc, "OUR PATCH")
        assert removed.area_code == "U45809"
        assert [a.text for a in list_aliases(session, lsc)] == ["healthier lancs & s cumbria"]
        with pytest.raises(NotFoundError, match="It has none"):
            remove_alias(session, devon, "anything")
        with pytest.raises(ValidationError, match="needs some text"):
            add_alias(session, lsc, " - ", "QE1")
        with pytest.raises(ValidationError, match="NHS England region"):
            add_alias(session, lsc, "The North West", "Y62")
        with pytest.raises(NotFoundError, match="No area is called or coded 'QQQ9'"):
            add_alias(session, lsc, "Somewhere", "QQQ9")


def test_the_resolver_reads_a_committees_aliases_before_names_and_spellings(
    db: Database,
) -> None:
    with db.write() as session:
        lsc = create_committee(session, "CP Lancashire").id
        devon = create_committee(session, "CP Devon").id
        save_alias(session, lsc, TEXT, resolve_area(session, "QE1").id)
        save_alias(session, devon, "Devon", resolve_area(session, "QJK").id)
    with db.session() as session:
        shared = AreaResolver(session)
        with pytest.raises(AreaRefusal, match="closest"):
            shared.match(TEXT, dt.date(2024, 1, 1))
        with pytest.raises(AreaRefusal, match="could mean more than one area"):
            shared.match("Devon", dt.date(2024, 1, 1))
        mine = AreaResolver(session, committee_id=lsc)
        found = mine.match(TEXT, dt.date(2024, 1, 1), fuzzy=False)
        assert (found.area.code, found.method, found.confidence) == ("QE1", "committee alias", 100)
        then = mine.match(TEXT, dt.date(2021, 1, 1))
        assert (then.area.code, then.method) == ("E54000048", "committee alias, area of that time")
        # Another committee's decision changes nothing for this one.
        with pytest.raises(AreaRefusal, match="could mean more than one area"):
            mine.match("Devon", dt.date(2024, 1, 1))
        assert (
            AreaResolver(session, committee_id=devon).match("Devon", dt.date(2024, 1, 1)).area.code
            == "QJK"
        )
        # The command line and the form read through resolve_area, the same way.
        assert resolve_area(session, TEXT, on=dt.date(2024, 1, 1), committee_id=lsc).code == "QE1"
        with pytest.raises(NotFoundError):
            resolve_area(session, TEXT, on=dt.date(2024, 1, 1))
        assert aliases_for(session, lsc) == {
            "healthier lancs and s cumbria": resolve_area(session, "QE1").id
        }


def test_a_committees_aliases_go_with_it(db: Database) -> None:
    with db.write() as session:
        lsc = create_committee(session, "CP Lancashire").id
        add_alias(session, lsc, TEXT, "QE1")
    with db.write() as session:
        session.execute(delete(Committee).where(Committee.id == lsc))
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(CommitteeAlias)) == 0


def test_resolve_area_sees_an_alias_added_in_the_same_session(db: Database) -> None:
    """Resolvers are kept per session; adding or removing an alias drops them."""
    with db.write() as session:
        lsc = create_committee(session, "CP Lancashire").id
        with pytest.raises(NotFoundError):
            resolve_area(session, "Our patch", committee_id=lsc)
        add_alias(session, lsc, "Our patch", "U45809")
        assert resolve_area(session, "Our patch", committee_id=lsc).code == "U45809"
        remove_alias(session, lsc, "our patch")
        with pytest.raises(NotFoundError):
            resolve_area(session, "Our patch", committee_id=lsc)
