"""Remembered area matches: the same answer as matching afresh, on every day of every era."""

from __future__ import annotations

import datetime as dt

import pytest

from icstracker.db.database import Database
from icstracker.errors import ValidationError
from icstracker.services.area_resolver import AreaMatch, AreaRefusal, AreaResolver

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


def _outcome(matcher: AreaResolver, text: str, day: dt.date, level: str | None) -> object:
    try:
        found = matcher.match(text, day, level=level, hint="system")
    except ValidationError as error:
        return (error.field, error.message)
    return found


def _afresh(matcher: AreaResolver, text: str, day: dt.date, level: str | None) -> object:
    try:
        return matcher._match(" ".join(text.split()), day, level, "system")
    except ValidationError as error:  # the resolver's refusals, and a Level that disagrees
        return (error.field, error.message)


def test_remembered_matches_equal_fresh_ones_around_every_era_start(db: Database) -> None:
    with db.session() as session:
        remembered = AreaResolver(session)
        fresh = AreaResolver(session)
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
        matcher = AreaResolver(session)
    today = matcher.match("E54000048", dt.date(2025, 5, 1))
    then = matcher.match("E54000048", dt.date(2019, 5, 1))
    again = matcher.match("E54000048", dt.date(2025, 6, 1))
    assert isinstance(today, AreaMatch) and today.area.code == "QE1"
    assert then.area.code == "E54000048" and then.area.valid_to == dt.date(2022, 6, 30)
    assert again is today  # remembered within an era


def test_a_refusal_is_remembered_as_the_same_error(db: Database) -> None:
    with db.session() as session:
        matcher = AreaResolver(session)
    messages = []
    for _ in range(2):
        try:
            matcher.match("Atlantis Health Partnership", dt.date(2025, 5, 1))
        except ValidationError as error:
            messages.append((error.field, error.message))
    assert len(messages) == 2 and messages[0] == messages[1]
    assert messages[0][0] == "area" and "Atlantis" in messages[0][1]


def test_typed_names_resolve_exactly_or_are_refused_with_candidates(db: Database) -> None:
    """What the form and ``log add --area`` read: the issue's texts, typed by hand."""
    today = dt.date(2026, 11, 12)
    with db.session() as session:
        resolver = AreaResolver(session)
    for text, code in (
        ("Lancashire", "E10000017"),
        ("Blackpool", "E06000009"),
        ("Exeter", "E07000041"),
        ("U45809", "U45809"),
        ("Blackpool South", "U45809"),
        ("Healthier Lancashire and South Cumbria", "QE1"),
        # A name's own words settle what the bare name leaves open.
        ("Devon ICB", "QJK"),
        ("NHS Devon", "QJK"),
        ("Devon County Council", "E10000008"),
        ("Blackpool Council", "E06000009"),
    ):
        assert resolver.match(text, today, fuzzy=False).area.code == code, text
    with pytest.raises(AreaRefusal) as devon:
        resolver.match("Devon", today, fuzzy=False)
    assert devon.value.ambiguous
    assert [c.code for c in devon.value.candidates] == ["E10000008", "QJK"]
    assert "Devon — Place (county council), Devon ICS · E10000008" in devon.value.message
    assert "Devon — System (ICB) · QJK" in devon.value.message
    with pytest.raises(AreaRefusal) as partial:
        resolver.match("Healthier Lanc", today, fuzzy=False)
    assert not partial.value.ambiguous
    assert partial.value.candidates[0].code == "QE1"
    with pytest.raises(AreaRefusal) as typo:
        resolver.match("Lancshire", today, fuzzy=False)
    assert typo.value.candidates[0].code == "E10000017"
    # The importer may take the same misspelling, with its score shown for a person.
    assert resolver.match("Lancshire", today).method == "fuzzy"


def test_the_date_decides_the_era_for_typed_text_too(db: Database) -> None:
    with db.session() as session:
        resolver = AreaResolver(session)
    then = resolver.match(
        "Healthier Lancashire and South Cumbria", dt.date(2019, 5, 1), fuzzy=False
    )
    assert then.area.code == "E54000048"
    with pytest.raises(AreaRefusal) as refusal:
        resolver.match("Healthier Lanc", dt.date(2019, 5, 1), fuzzy=False)
    assert refusal.value.candidates[0].code == "E54000048"  # the STP of that date


def test_a_spelling_far_from_every_area_gets_no_suggestion(db: Database) -> None:
    with db.session() as session:
        resolver = AreaResolver(session)
        with pytest.raises(AreaRefusal) as far:
            resolver.match("Nowhere Land", dt.date(2026, 5, 1))
        assert far.value.suggestion is None and "closest" not in far.value.message
        with pytest.raises(AreaRefusal) as near:
            resolver.match("Healthier Lancs and S Cumbria", dt.date(2026, 5, 1))
        assert near.value.suggestion is not None and near.value.suggestion.confidence >= 70
