"""Whether a committee's areas lie in one ICS (its log's Footprint column would repeat)."""

from __future__ import annotations

from icstracker.db.database import Database
from icstracker.services.committee_scope import works_in_one_ics


def test_an_icb_and_places_inside_it_are_one_ics(sqlite_db: Database) -> None:
    with sqlite_db.session() as session:
        assert works_in_one_ics(session, ["QE1"])
        assert works_in_one_ics(session, ["QE1", "E06000009", "U45809"])  # Lancashire, inside


def test_two_icbs_or_a_region_or_nothing_are_not(sqlite_db: Database) -> None:
    with sqlite_db.session() as session:
        assert not works_in_one_ics(session, ["QE1", "QRL"])
        assert not works_in_one_ics(session, ["Y62"])  # North West region: no one ICS
        assert not works_in_one_ics(session, [])
