"""Committees: created once, renamed and re-scoped later, never duplicated."""

from __future__ import annotations

import pytest

from icstracker.db.database import Database
from icstracker.errors import NotFoundError, ValidationError
from icstracker.services.areas import resolve_area
from icstracker.services.committees import (
    choose_committee,
    create_committee,
    update_committee,
)


def test_create_update_and_choose(db: Database) -> None:
    with db.write() as session:
        with pytest.raises(NotFoundError, match="no committee yet"):
            choose_committee(session, None)
        devon = create_committee(
            session, "  Community   Pharmacy Devon ", (resolve_area(session, "QJK").id,)
        )
        assert devon.name == "Community Pharmacy Devon" and devon.area_codes == ("QJK",)
        assert choose_committee(session, None) == devon
        assert choose_committee(session, "community pharmacy devon") == devon
        with pytest.raises(ValidationError, match="already a committee"):
            create_committee(session, "COMMUNITY PHARMACY DEVON")
        cornwall = create_committee(session, "Community Pharmacy Cornwall")
        with pytest.raises(ValidationError, match="several committees"):
            choose_committee(session, None)
        with pytest.raises(NotFoundError, match="known: 'Community Pharmacy Cornwall'"):
            choose_committee(session, "Somerset")
        with pytest.raises(ValidationError, match="already a committee"):
            update_committee(session, cornwall.id, "Community Pharmacy Devon", ())
        renamed = update_committee(
            session,
            cornwall.id,
            "Community Pharmacy Cornwall and IoS",
            (resolve_area(session, "QT6").id,),
        )
    assert renamed.name == "Community Pharmacy Cornwall and IoS" and renamed.area_codes == ("QT6",)
