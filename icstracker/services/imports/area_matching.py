"""Finding the footprint a spreadsheet cell names, with a confidence the preview can show.

A legacy log names areas every way people do: a PCN code, an ODS or ONS code, today's
name, the 2016 STP name, "Blackpool South" without "PCN", or a typo. The matcher loads
every loggable area and alias once (about 4,000 strings), then tries, in order of
certainty: a code, an exact name or alias (``&`` and ``and`` alike, via
``normalise_name``), the name without words like "NHS", "ICB" or "PCN", and last a fuzzy
match (rapidfuzz's token_sort_ratio, which forgives typos and word order but, unlike
WRatio, not a short name inside a longer one: "Leigh" must not match "Leighton Buzzard"),
whose score is shown so a person can judge it. Among several candidates, one valid on the
engagement's date beats one that is not, then one at the level the column or the Level
cell implies. It holds no session, so a background job can build it once and use it for
every row.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from icstracker.db.models import Area, AreaAlias, in_use_on
from icstracker.errors import ValidationError
from icstracker.services.areas import area_label
from icstracker.text import normalise_name

FUZZY_THRESHOLD = 88.0
# (text, era, level, hint, fuzzy threshold): everything a match depends on.
_MatchKey = tuple[str, int, str | None, str | None, float]
_PREFIXES = ("nhs ", "the ")
_SUFFIXES = (
    " integrated care board",
    " integrated care system",
    " health and care partnership",
    " primary care network",
    " icb",
    " ics",
    " stp",
    " pcn",
    " partnership",
)


@dataclass(frozen=True)
class AreaCandidate:
    id: int
    code: str
    short_name: str
    level: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    parent_id: int | None = None

    def is_valid_on(self, on: dt.date) -> bool:
        return in_use_on(self.valid_from, self.valid_to, on)

    @property
    def label(self) -> str:
        return area_label(self.short_name, self.code, self.valid_to)


@dataclass(frozen=True)
class AreaMatch:
    area: AreaCandidate
    method: str  # code, name, alias, short name, fuzzy
    confidence: float

    def describe(self) -> str:
        return f"{self.method} {self.confidence:.0f}%"


def strip_words(normalised: str) -> str:
    """The distinctive part of a name: "nhs devon icb" → "devon"."""
    text = normalised
    for prefix in _PREFIXES:
        text = text.removeprefix(prefix)
    while text.endswith(_SUFFIXES):  # a round only when some suffix is there to take off
        before = text
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
        if text == before:
            break
    return text.strip()


class AreaMatcher:
    """Every area an engagement can be logged against, indexed by what people type."""

    def __init__(self, session: Session, *, fuzzy_threshold: float = FUZZY_THRESHOLD) -> None:
        self.fuzzy_threshold = fuzzy_threshold
        self.areas: dict[int, AreaCandidate] = {}
        self._codes: dict[str, set[int]] = {}
        self._names: dict[str, set[int]] = {}
        self._aliases: dict[str, set[int]] = {}
        self._stripped: dict[str, set[int]] = {}
        self._children: dict[int, list[int]] = {}
        self._forms: dict[str, tuple[str, str]] = {}
        query = select(
            Area.id,
            Area.code,
            Area.name,
            Area.short_name,
            Area.level_key,
            Area.ons_code,
            Area.ods_code,
            Area.valid_from,
            Area.valid_to,
            Area.parent_id,
        ).where(Area.level_key.is_not(None))
        for row in session.execute(query):
            level = row.level_key or ""
            self.areas[row.id] = AreaCandidate(
                row.id,
                row.code,
                row.short_name,
                level,
                row.valid_from,
                row.valid_to,
                row.parent_id,
            )
            if row.parent_id is not None:
                self._children.setdefault(row.parent_id, []).append(row.id)
            for code in (row.code, row.ons_code, row.ods_code):
                if code:
                    self._codes.setdefault(code.upper(), set()).add(row.id)
            for name in (row.name, row.short_name):
                self._add_name(self._names, row.id, name)
        for area_id, alias in session.execute(select(AreaAlias.area_id, AreaAlias.alias)):
            if area_id in self.areas:
                self._add_name(self._aliases, area_id, alias)
                if alias.strip().upper() == alias.strip() and " " not in alias.strip():
                    self._codes.setdefault(alias.strip().upper(), set()).add(area_id)
        self._fuzzy_keys = list(self._stripped)
        self._fuzzy_cache: dict[str, list[tuple[str, float]]] = {}
        self._eras = _era_starts(self.areas.values())
        self._matches: dict[_MatchKey, AreaMatch | tuple[str, str]] = {}

    def _add_name(self, index: dict[str, set[int]], area_id: int, name: str) -> None:
        # A name usually comes back as the short name and as an alias: normalise it once.
        forms = self._forms.get(name)
        if forms is None:
            normalised = normalise_name(name)
            forms = self._forms[name] = (normalised, strip_words(normalised))
        normalised, stripped = forms
        if normalised:
            index.setdefault(normalised, set()).add(area_id)
            self._stripped.setdefault(stripped, set()).add(area_id)

    def match(
        self, text: str, on: dt.date, *, level: str | None = None, hint: str | None = None
    ) -> AreaMatch:
        """The one area ``text`` names on ``on``; ``level`` must agree, ``hint`` breaks ties.

        Answers (and refusals) are remembered: a log of thousands of rows names a few
        hundred areas. The date counts only through which areas were in use on it, the
        same for every day of one era (``_era_starts``), so the era is remembered, not
        the day.
        """
        wanted = " ".join(text.split())
        key = (wanted, bisect_right(self._eras, on), level, hint, self.fuzzy_threshold)
        found = self._matches.get(key)
        if found is None:
            try:
                found = self._match(wanted, on, level, hint)
            except ValidationError as error:
                found = (error.field, error.message)
            self._matches[key] = found
        if isinstance(found, AreaMatch):
            return found
        raise ValidationError(*found)

    def _match(self, wanted: str, on: dt.date, level: str | None, hint: str | None) -> AreaMatch:
        if not wanted:
            raise ValidationError("area", "no area given.")
        normalised = normalise_name(wanted)
        stripped = strip_words(normalised)
        exact_steps = (
            ("code", self._codes.get(wanted.upper(), set())),
            ("name", self._names.get(normalised, set())),
            ("alias", self._aliases.get(normalised, set())),
            ("short name", self._stripped.get(stripped, set()) if stripped else set()),
        )
        for method, ids in exact_steps:
            if ids:
                confidence = 95.0 if method == "short name" else 100.0
                chosen = self._choose(wanted, ids, on, level, hint)
                if chosen.id not in ids:
                    method = f"{method}, successor"
                return self._in_time(AreaMatch(chosen, method, confidence), on)
        return self._in_time(self._fuzzy(wanted, stripped, on, level, hint), on)

    def _in_time(self, match: AreaMatch, on: dt.date) -> AreaMatch:
        """The same footprint as it was on ``on``, when the name found belongs to another era.

        The STP's old name is an alias of the ICB it became, and a 2016 STP's roll-up
        parent is that ICB: a 2019 row naming "Healthier Lancashire and South Cumbria"
        means the STP of 2019. A merged ICB's parent is its successor, so a row after
        April 2026 naming it lands on the new ICB. Only a single same-level answer counts.
        """
        area = match.area
        if area.is_valid_on(on):
            return match
        earlier = [
            self.areas[i]
            for i in self._children.get(area.id, [])
            if self.areas[i].level == area.level and self.areas[i].is_valid_on(on)
        ]
        if len(earlier) == 1:
            return AreaMatch(earlier[0], f"{match.method}, area of that time", match.confidence)
        parent = self.areas.get(area.parent_id) if area.parent_id is not None else None
        if parent is not None and parent.level == area.level and parent.is_valid_on(on):
            return AreaMatch(parent, f"{match.method}, successor", match.confidence)
        return match

    def _choose(
        self, wanted: str, ids: set[int], on: dt.date, level: str | None, hint: str | None
    ) -> AreaCandidate:
        candidates = [self.areas[i] for i in ids]
        if level is not None:
            at_level = [c for c in candidates if c.level == level]
            if not at_level:
                found = "; ".join(f"{c.label} is {c.level}" for c in _ranked(candidates))
                raise ValidationError(
                    "level", f"the Level says {level} but '{wanted}' names another level ({found})."
                )
            candidates = at_level
        groups = [[c for c in candidates if c.is_valid_on(on)], candidates]
        for group in groups:
            if len(group) == 1:
                return group[0]
            if hint is not None and len({c.level for c in group}) > 1:
                hinted = [c for c in group if c.level == hint]
                if len(hinted) == 1:
                    return hinted[0]
            if group:
                break
        if not groups[0]:
            # None in use on the date: the same footprint of that time may be (a 2016 STP
            # and the ICB it became share a name; a merged ICB has one successor).
            in_time = {self._in_time(AreaMatch(c, "", 0), on).area for c in candidates}
            current = [c for c in in_time if c.is_valid_on(on)]
            if len(current) == 1:
                return current[0]
        valid = groups[0] or candidates
        if len(valid) > 1:
            names = "; ".join(c.label for c in _ranked(valid))
            raise ValidationError("area", f"'{wanted}' could mean more than one area: {names}.")
        return valid[0]

    def _fuzzy(
        self, wanted: str, stripped: str, on: dt.date, level: str | None, hint: str | None
    ) -> AreaMatch:
        if stripped not in self._fuzzy_cache:
            found = process.extract(
                stripped, self._fuzzy_keys, scorer=fuzz.token_sort_ratio, limit=8, score_cutoff=60
            )
            self._fuzzy_cache[stripped] = [(key, float(score)) for key, score, _ in found]
        scored = self._fuzzy_cache[stripped]
        accepted = [(k, s) for k, s in scored if s >= self.fuzzy_threshold]
        if not accepted:
            closest = ""
            if scored:
                key, score = scored[0]
                area = self.areas[min(self._stripped[key])]
                closest = f" (closest: {area.label}, {score:.0f}%)"
            raise ValidationError(
                "area", f"no area is called or coded '{wanted}'{closest}; use its code or name."
            )
        best = accepted[0][1]
        ids = {i for key, score in accepted if score >= best - 0.5 for i in self._stripped[key]}
        return AreaMatch(self._choose(wanted, ids, on, level, hint), "fuzzy", best)


def _era_starts(areas: Iterable[AreaCandidate]) -> list[dt.date]:
    """The days some area came into or went out of use, in order.

    Between two of them every area is either in use all the time or not at all, so any
    two days between the same two give every ``is_valid_on`` the same answer, and so
    the same match.
    """
    starts: set[dt.date] = set()
    for area in areas:
        if area.valid_from is not None:
            starts.add(area.valid_from)
        if area.valid_to is not None and area.valid_to < dt.date.max:
            starts.add(area.valid_to + dt.timedelta(days=1))
    return sorted(starts)


def _ranked(candidates: list[AreaCandidate]) -> list[AreaCandidate]:
    return sorted(candidates, key=lambda c: (c.valid_to is not None, c.code))
