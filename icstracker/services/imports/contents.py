"""What a column's values look like: dates, areas, kinds, levels, ratings or people's names.

A header can mislead ("Follow up by" holds dates in one log and names in another; a column
headed "Type" may hold planning levels) or say nothing at all (an unlabelled column of PCN
names). A sample of the column's cells is read by the same readers the rows will be read
by (``values`` for dates, kinds, levels and ratings; the area resolver, passed in as
``is_area``, for footprints), and each reading's share of the sample is what ``columns``
weighs against the header here (``weigh``, ``by_contents``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from icstracker.errors import ValidationError
from icstracker.services.imports.headers import AREA_ANY, HeaderGuess
from icstracker.services.imports.reading import Cell
from icstracker.services.imports.values import (
    cell_text,
    parse_cell_date,
    parse_kind,
    parse_level,
    parse_rating,
)

# Fields whose values a reader must accept, with the reading that checks them.
TYPED = {
    "date": "date",
    "area": "area",
    "kind": "kind",
    "level": "level",
    "rating": "rating",
    "action_due": "date",
}
# What the person is told a column holds when its values do not fit the header's guess.
_READING_NAMES = {
    "date": "dates",
    "area": "area names or codes",
    "kind": "kinds of engagement",
    "level": "planning levels",
    "rating": "ratings (red, amber, green)",
}
ENOUGH = 3  # sampled values before the contents may overrule or stand in for a header
MOSTLY = 0.8  # share of values a reading must accept to say what a column holds
HARDLY = 0.3  # below this share, a typed column's values contradict its header
SAMPLE = 200  # cells read per column: enough to judge, cheap on a 100,000-row sheet
AREA_SAMPLE = 25  # distinct texts checked against the areas (each may be a fuzzy search)
KINDS_OF_VALUE = ("date", "area", "kind", "level", "rating", "names", "name_lists")

_PARTS = re.compile(r"\s*(?:[;,\n\r]|\s&\s|\sand\s)\s*")
_NAME_WORD = re.compile(r"(?:[A-Z][A-Za-z'’\-]*\.?|[a-z]{1,3}|[A-Z]\.?)$")
_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "miss", "prof", "cllr", "sir", "dame"})
# Words that make a part an organisation or a title, not a person.
_NOT_A_PERSON = frozenset(
    """nhs icb ics stp pcn council trust partnership practice pharmacy pharmacies group board
    team service services ltd limited foundation hospital surgery network federation
    healthwatch lmc lpc committee meeting call email event update review plan forum
    programme workshop steering""".split()
)


@dataclass(frozen=True)
class ColumnProfile:
    """How many cells were sampled and the share of them each reading accepts."""

    values: int
    shares: dict[str, float] = field(default_factory=dict)
    examples: tuple[str, ...] = ()

    def share(self, kind: str) -> float:
        return self.shares.get(kind, 0.0)


def _accepts(parse: Callable[[str], object], text: str) -> bool:
    try:
        parse(text)
    except ValidationError:
        return False
    return True


def _is_date(cell: Cell) -> bool:
    try:
        parse_cell_date(cell)
    except ValidationError:
        return False
    return True


def looks_like_names(text: str) -> int:
    """How many people's names ``text`` lists (0 if any part is not a person's name).

    "Dr A Example; Jo Bloggs", "Jane Smith, Bob Jones": each part one to five words, each
    capitalised (or an initial), no digits, none of the words organisations and meetings
    are named with ("NHS", "PCN", "board"...).
    """
    parts = [p for p in _PARTS.split(text.strip()) if p]
    if not parts:
        return 0
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 5 or any(c.isdigit() for c in part):
            return 0
        lowered = {w.lower().strip(".()") for w in words}
        if lowered & _NOT_A_PERSON or not all(_NAME_WORD.match(w) for w in words):
            return 0
        if len(words) == 1 and len(parts) == 1 and lowered.isdisjoint(_HONORIFICS):
            return 0  # one word alone ("Blackpool", "Teams") is not enough to call a name
    return len(parts)


def profile_column(cells: Sequence[Cell], is_area: Callable[[str], bool]) -> ColumnProfile:
    """The share of the column's non-empty cells (up to ``SAMPLE``) each reading accepts."""
    sample = list(islice((c for c in cells if cell_text(c)), SAMPLE))
    if not sample:
        return ColumnProfile(0)
    texts = [cell_text(c) for c in sample]
    counts = dict.fromkeys(KINDS_OF_VALUE, 0)
    area_answers: dict[str, bool] = {}
    for cell, text in zip(sample, texts, strict=True):
        dated = _is_date(cell)
        counts["date"] += dated
        counts["kind"] += _accepts(parse_kind, text)
        counts["level"] += _accepts(parse_level, text)
        counts["rating"] += _accepts(parse_rating, text)
        names = looks_like_names(text)
        counts["names"] += names > 0
        counts["name_lists"] += names > 1
        if not dated and len(text) <= 120:
            if text not in area_answers and len(area_answers) < AREA_SAMPLE:
                area_answers[text] = is_area(text)
            counts["area"] += area_answers.get(text, False)
    judged = sum(1 for t in texts if t in area_answers) or 1
    shares = {kind: count / len(sample) for kind, count in counts.items()}
    shares["area"] = counts["area"] / judged  # of the texts actually asked about
    examples = tuple(dict.fromkeys(texts))[:3]
    return ColumnProfile(len(sample), shares, examples)


def weigh(guesses: list[HeaderGuess], profile: ColumnProfile) -> tuple[HeaderGuess | None, str]:
    """The header's best guess that the values do not contradict.

    Guesses as sure as each other ("Follow up by": a date or a person) are settled by the
    values. A typed guess (a kind, a level, a rating, a due date) whose values the reader
    hardly ever accepts is dropped: those rows would all fail, or a column of something
    else would be read as it. The date and the area are never dropped this way: without
    them nothing can be imported, and each row's error then says what is wrong.
    """
    if not guesses:
        return None, "header"
    best = guesses[0].score
    tied = [g for g in guesses if g.score >= best - 0.05]
    if len(tied) > 1 and profile.values:
        tied.sort(key=lambda g: -_support(g.field, profile))
    for guess in tied + [g for g in guesses if g not in tied]:
        if _contradicted(guess.field, profile):
            continue
        return guess, "header"
    return None, "header"


def _support(field: str, profile: ColumnProfile) -> float:
    if field in TYPED:
        return profile.share(TYPED[field])
    if field in ("people", "representatives", "action_owner"):
        return profile.share("names")
    return 0.0


def _contradicted(field: str, profile: ColumnProfile) -> bool:
    if field in ("date", "area") or field not in TYPED or profile.values < ENOUGH:
        return False
    return profile.share(TYPED[field]) < HARDLY


def by_contents(profile: ColumnProfile, free: Callable[[str], bool]) -> HeaderGuess | None:
    """What a column's values alone say it holds, when its header says nothing usable.

    Only a reading that accepts most of the values counts, and only for a field no other
    column has: an unlabelled column of dates after the meeting date is not a second date.
    Lists of people's names ("Jo Bloggs; Sam Patel") are the people met.
    """
    for wanted in ("date", "level", "kind", "rating", "area"):
        reading = TYPED[wanted]
        if profile.share(reading) >= MOSTLY and free(wanted):
            if wanted == "area" and profile.share("date") >= HARDLY:
                continue
            rank = AREA_ANY if wanted == "area" else 0
            return HeaderGuess(wanted, profile.share(reading), rank)
    if profile.share("names") >= MOSTLY and profile.share("name_lists") >= HARDLY:
        if free("people"):
            return HeaderGuess("people", profile.share("names"))
    return None


def unrecognised(header: str, guesses: list[HeaderGuess], profile: ColumnProfile) -> str:
    if not profile.values:
        return "empty"
    if guesses:
        field = guesses[0].field
        example = ", ".join(f"'{e}'" for e in profile.examples[:2])
        what = _READING_NAMES.get(TYPED.get(field, ""), field)
        return f"its values are not {what} (e.g. {example})"
    return "header not recognised" if header else "no header"
