"""Remembered area matches: the same answer as matching afresh, on every day of every era."""

from __future__ import annotations

import datetime as dt

from icstracker.db.database import Database
from icstracker.errors import ValidationError
from icstracker.services.imports.area_matching import AreaMatch, AreaMatcher

# Names whose meaning changes with the date (the STP of 2019 and the ICB of today share a
# code and a name; Frimley was split in April 2026), plus a fuzzy one, an ambiguous one
# and one that names nothing.
TEXTS = (
    "E54000048",
    "Healthier Lancashire and South Cumbria",
    "Lancashire and South Cumbria",
    "QE1",
    "QNQ",
    "Frimley",
    "Blackpool South",
    "Blackpool Suoth PCN",
    "Grand Union PCN",
    "Atlantis Health Partnership",
    "",
)


def _outcome(matcher: AreaMatcher, text: str, day: dt.date, level: str | None) -> object:
    try:
        found = matcher.match(text, day, level=level, hint="system")
    except ValidationError as error:
        return (error.field, error.message)
    return found


def _afresh(matcher: AreaMatcher, text: str, day: dt.date, level: str | None) -> object:
    try:
        return matcher._match(" ".join(text.split()), day, level, "system")
    except ValidationError as error:
        return (error.field, error.message)


def test_remembered_matches_equal_fresh_ones_around_every_era_start(db: Database) -> None:
    with db.session() as session:
        remembered = AreaMatcher(session)
        fresh = AreaMatcher(session)
    starts = remembered._eras
    assert dt.date(2022, 7, 1) in starts  # the ICBs replaced the STPs
    days = sorted(
        {dt.date(2010, 1, 1), dt.date(2030, 1, 1)}
        | {start + dt.timedelta(days=d) for start in starts for d in (-1, 0, 1, 40)}
    )
    # Later days first, so an answer remembered for one era is asked for in another.
    for day in reversed(days):
        for text in TEXTS:
            for level in (None, "system", "neighbourhood"):
                assert _outcome(remembered, text, day, level) == _afresh(fresh, text, day, level), (
                    text,
                    day,
                    level,
                )
    assert len(remembered._matches) < len(days) * len(TEXTS) * 3


def test_one_code_is_the_stp_in_2019_and_the_icb_today(db: Database) -> None:
    with db.session() as session:
        matcher = AreaMatcher(session)
    today = matcher.match("E54000048", dt.date(2025, 5, 1))
    then = matcher.match("E54000048", dt.date(2019, 5, 1))
    again = matcher.match("E54000048", dt.date(2025, 6, 1))
    assert isinstance(today, AreaMatch) and today.area.code == "QE1"
    assert then.area.code == "E54000048" and then.area.valid_to == dt.date(2022, 6, 30)
    assert again is today  # remembered within an era


def test_a_refusal_is_remembered_as_the_same_error(db: Database) -> None:
    with db.session() as session:
        matcher = AreaMatcher(session)
    messages = []
    for _ in range(2):
        try:
            matcher.match("Atlantis Health Partnership", dt.date(2025, 5, 1))
        except ValidationError as error:
            messages.append((error.field, error.message))
    assert len(messages) == 2 and messages[0] == messages[1]
    assert messages[0][0] == "area" and "Atlantis" in messages[0][1]
