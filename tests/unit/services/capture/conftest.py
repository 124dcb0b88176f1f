"""A database with one committee and a few people in its register, and the options of a
capture made at noon on Friday 20 November 2026."""

from __future__ import annotations

import pytest

from icstracker.db.database import Database
from icstracker.db.models import Organisation, Person
from icstracker.services.capture.plan import CaptureOptions
from icstracker.services.committees import create_committee

from .samples import ME, NOW, TODAY

COMMITTEE = "Community Pharmacy Lancashire and South Cumbria"


@pytest.fixture
def committee_db(db: Database) -> Database:
    """The committee, and two people the register already knows: Dr A Example by email
    (written differently from the invitation's "Example, Dr A"), Chris Smith by name."""
    with db.write() as session:
        create_committee(session, COMMITTEE)
        pcn = Organisation(name="Blackpool South PCN")
        session.add(pcn)
        session.add(
            Person(
                name="Dr Alex Example",
                name_key="dr alex example",
                email="A.Example@nhs.net",
                organisation=pcn,
            )
        )
        session.add(Person(name="Chris Smith", name_key="chris smith"))
    return db


@pytest.fixture
def options() -> CaptureOptions:
    return CaptureOptions(today=TODAY, now=NOW, me=(ME,))
