"""The one reading of an area's name or code: the form, the command line and the importer.

People name an area by whatever they have in front of them: a PCN code, an ODS or ONS
code, today's name, the 2016 STP name, "Blackpool South" without "PCN", or a typo. The
resolver loads every loggable area and alias once (about 4,000 strings), then tries, in
order of certainty: a code, an exact name or alias (``&`` and ``and`` alike, via
``normalise_name``), the name without words like "NHS", "ICB" or "PCN". Among several
candidates, one valid on the engagement's date beats one that is not, then one at the
level the caller implies (an import's Level column), then a council over an STP of the
same name ("Somerset" in 2021); a name that still means more than
one area ("Devon": the ICB and the county council) is refused with the candidates, never
guessed. The date decides the era: "QE1" for a 2019 meeting is the STP of that time.

What is typed by hand (the form, ``log add --area``) must be one of those exact answers:
anything else is refused with the closest areas to choose from, so nobody's engagement
lands on the first of a list of suggestions. A spreadsheet import may also take a fuzzy
match (rapidfuzz's token_sort_ratio, which forgives typos and word order but, unlike
WRatio, not a short name inside a longer one: "Leigh" must not match "Leighton Buzzard"),
whose score the dry run and the wizard show beside every row so a person can judge it.
A text the importer cannot take is refused with its closest area as a suggestion, of the
row's date like any answer (a 2021 row is offered the STP of 2021, not today's ICB), for
the person to accept or not. A committee's own aliases (``committee_aliases``: decisions it
took on earlier imports) are read right after codes, so the text it settled means that
area before any name or spelling is weighed. It holds no session, so a background job or a
form can build it once and use it for every row or keystroke.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from icstracker.db.models import Area, AreaAlias, CommitteeAlias, in_use_on
from icstracker.errors import ValidationError
from icstracker.services.area_labels import area_label, describe_area
from icstracker.text import normalise_name

FUZZY_THRESHOLD = 88.0
SUGGESTIONS = 6
# A spelling this close is worth offering to a person, never worth taking for them.
CLOSEST_SCORE = 70.0
# (text, era, level, hint, fuzzy threshold or None for exact only): all a match depends on.
_MatchKey = tuple[str, int, str | None, str | None, float | None]
_PREFIXES = ("nhs ", "the ")
_SYSTEM_WORDS = (" integrated care board", " integrated care system", " icb", " ics", " stp")
_NEIGHBOURHOOD_WORDS = (" primary care network", " pcn")
_PLACE_WORDS = (
    " metropolitan borough council",
    " county council",
    " city council",
    " borough council",
    " district council",
    " council",
)
_SUFFIXES = (
    *_SYSTEM_WORDS,
    " health and care partnership",
    *_NEIGHBOURHOOD_WORDS,
    " partnership",
    *_PLACE_WORDS,
)


def implied_level(normalised: str) -> str | None:
    """The level a name's own words give: "devon icb" is the system, "devon county council"
    the place; they settle a name that the bare "devon" leaves open."""
    if normalised.startswith("nhs ") or normalised.endswith(_SYSTEM_WORDS):
        return "system"
    if normalised.endswith(_NEIGHBOURHOOD_WORDS):
        return "neighbourhood"
    if normalised.endswith(_PLACE_WORDS):
        return "place"
    return None


@dataclass(frozen=True)
class AreaCandidate:
    id: int
    code: str
    short_name: str
    level: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    parent_id: int | None = None
    kind: str = ""
    system_name: str | None = None

    def is_valid_on(self, on: dt.date) -> bool:
        return in_use_on(self.valid_from, self.valid_to, on)

    @property
    def label(self) -> str:
        return area_label(self.short_name, self.code, self.valid_to)

    @property
    def description(self) -> str:
        """What a person choosing between candidates needs: level, kind and ICS."""
        return describe_area(
            self.short_name, self.code, self.level, self.kind, self.system_name, self.valid_to
        )


@dataclass(frozen=True)
class AreaMatch:
    area: AreaCandidate
    method: str  # code, name, alias, short name, fuzzy
    confidence: float

    def describe(self) -> str:
        return f"{self.method} {self.confidence:.0f}%"


class AreaRefusal(ValidationError):
    """Text that names no area, or more than one: the areas it might mean, to choose from.

    ``ambiguous`` says the text named several areas exactly; otherwise the candidates are
    only the closest names, and nothing was found. ``suggestion`` is the closest area (of
    the date asked about) when one spelling stands out, with its score as confidence: what
    an import offers the person to accept."""

    def __init__(
        self,
        message: str,
        candidates: tuple[AreaCandidate, ...] = (),
        *,
        ambiguous: bool,
        suggestion: AreaMatch | None = None,
    ) -> None:
        super().__init__("area", message)
        self.candidates = candidates
        self.ambiguous = ambiguous
        self.suggestion = suggestion

    def again(self) -> AreaRefusal:
        """A fresh copy to raise (a remembered refusal must not carry an old traceback)."""
        copy = AreaRefusal(
            self.message, self.candidates, ambiguous=self.ambiguous, suggestion=self.suggestion
        )
        copy.field = self.field
        return copy


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


class AreaResolver:
    """Every area an engagement can be logged against, indexed by what people type."""

    def __init__(
        self,
        session: Session,
        *,
        fuzzy_threshold: float = FUZZY_THRESHOLD,
        committee_id: int | None = None,
    ) -> None:
        self.fuzzy_threshold = fuzzy_threshold
        self.committee_id = committee_id
        self.areas: dict[int, AreaCandidate] = {}
        self._codes: dict[str, set[int]] = {}
        self._names: dict[str, set[int]] = {}
        self._aliases: dict[str, set[int]] = {}
        self._stripped: dict[str, set[int]] = {}
        self._children: dict[int, list[int]] = {}
        self._forms: dict[str, tuple[str, str]] = {}
        system = aliased(Area)
        query = (
            select(
                Area.id,
                Area.code,
                Area.name,
                Area.short_name,
                Area.level_key,
                Area.kind,
                Area.ons_code,
                Area.ods_code,
                Area.valid_from,
                Area.valid_to,
                Area.parent_id,
                system.short_name.label("system_name"),
            )
            .outerjoin(system, system.id == Area.system_id)
            .where(Area.level_key.is_not(None))
        )
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
                row.kind,
                row.system_name,
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
        self._committee_aliases: dict[str, int] = {}
        if committee_id is not None:
            own = select(CommitteeAlias.normalised, CommitteeAlias.area_id).where(
                CommitteeAlias.committee_id == committee_id
            )
            for normalised, area_id in session.execute(own):
                if area_id in self.areas:
                    self._committee_aliases[normalised] = area_id
        self._fuzzy_keys = list(self._stripped)
        self._fuzzy_cache: dict[str, list[tuple[str, float]]] = {}
        self._eras = _era_starts(self.areas.values())
        self._matches: dict[_MatchKey, AreaMatch | AreaRefusal] = {}

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

    def carrying_code(self, text: str) -> list[AreaCandidate]:
        """The areas that carry ``text`` as a code, in any era."""
        return [self.areas[i] for i in sorted(self._codes.get(text.strip().upper(), ()))]

    def match(
        self,
        text: str,
        on: dt.date,
        *,
        level: str | None = None,
        hint: str | None = None,
        fuzzy: bool = True,
    ) -> AreaMatch:
        """The one area ``text`` names on ``on``; ``level`` must agree, ``hint`` breaks ties.

        With ``fuzzy=False`` (what a person typed into the form or the command line) only
        a code or an exact name counts; anything else is an ``AreaRefusal`` listing the
        closest areas. Answers (and refusals) are remembered: a log of thousands of rows
        names a few hundred areas. The date counts only through which areas were in use
        on it, the same for every day of one era (``_era_starts``), so the era is
        remembered, not the day.
        """
        wanted = " ".join(text.split())
        threshold = self.fuzzy_threshold if fuzzy else None
        key = (wanted, bisect_right(self._eras, on), level, hint, threshold)
        found = self._matches.get(key)
        if found is None:
            try:
                found = self._match(wanted, on, level, hint, fuzzy=fuzzy)
            except AreaRefusal as refusal:
                found = refusal
            except ValidationError as error:  # the Level disagrees with the area
                found = AreaRefusal(error.message, ambiguous=False)
                found.field = error.field
            self._matches[key] = found
        if isinstance(found, AreaMatch):
            return found
        raise found.again()

    def _match(
        self, wanted: str, on: dt.date, level: str | None, hint: str | None, *, fuzzy: bool = True
    ) -> AreaMatch:
        if not wanted:
            raise AreaRefusal(
                "No area given; name an ICB, place or PCN, or its code.", ambiguous=False
            )
        normalised = normalise_name(wanted)
        stripped = strip_words(normalised)
        own = self._committee_aliases.get(normalised)
        exact_steps = (
            ("code", self._codes.get(wanted.upper(), set())),
            ("committee alias", {own} if own is not None else set()),
            ("name", self._names.get(normalised, set())),
            ("alias", self._aliases.get(normalised, set())),
            ("short name", self._stripped.get(stripped, set()) if stripped else set()),
        )
        # The text's own words ("ICB", "council") outrank a hint from its column's header.
        hint = implied_level(normalised) or hint
        for method, ids in exact_steps:
            if ids:
                confidence = 95.0 if method == "short name" else 100.0
                chosen = self._choose(wanted, ids, on, level, hint)
                if chosen.id not in ids:
                    method = f"{method}, successor"
                return self._in_time(AreaMatch(chosen, method, confidence), on)
        if not fuzzy:
            raise self._not_found(wanted, normalised, stripped, on)
        return self._in_time(self._fuzzy(wanted, stripped, on, level, hint), on)

    def _not_found(self, wanted: str, normalised: str, stripped: str, on: dt.date) -> AreaRefusal:
        """No exact answer: the areas whose names hold the typed words, then the closest
        spellings, each as the area of the date's era, to choose from."""
        found: dict[int, None] = {}  # insertion-ordered: the best answers first
        if len(normalised) >= 3:
            for prefix_only in (True, False):
                for index in (self._names, self._aliases):
                    for name, ids in index.items():
                        at = name.find(normalised)
                        if at == 0 or (at > 0 and not prefix_only):
                            found.update(dict.fromkeys(sorted(ids)))
        for key, score in self._closest(stripped):
            if score >= CLOSEST_SCORE:
                found.update(dict.fromkeys(sorted(self._stripped[key])))
        in_time: dict[int, AreaCandidate] = {}
        for area_id in found:
            area = self._in_time(AreaMatch(self.areas[area_id], "", 0), on).area
            in_time.setdefault(area.id, area)
        # Areas of the date's era first, each group in the order found (a stable sort).
        candidates = sorted(in_time.values(), key=lambda c: not c.is_valid_on(on))[:SUGGESTIONS]
        if not candidates:
            return AreaRefusal(
                f"No area is called or coded '{wanted}'; use its code or its whole name "
                "(icstracker areas lists them).",
                ambiguous=False,
            )
        names = "; ".join(c.description for c in candidates)
        return AreaRefusal(
            f"No area is called or coded '{wanted}'; choose one of: {names}.",
            tuple(candidates),
            ambiguous=False,
        )

    def _closest(self, stripped: str) -> list[tuple[str, float]]:
        if stripped not in self._fuzzy_cache:
            # Imported here: the window's start-up reads areas but never needs fuzzy names.
            from rapidfuzz import fuzz, process

            found = process.extract(
                stripped, self._fuzzy_keys, scorer=fuzz.token_sort_ratio, limit=8, score_cutoff=60
            )
            self._fuzzy_cache[stripped] = [(key, float(score)) for key, score, _ in found]
        return self._fuzzy_cache[stripped]

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
            council = _council_over_stp(group) if hint is None else None
            if council is not None:
                return council
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
            ranked = _ranked(valid)
            names = "; ".join(c.description for c in ranked)
            raise AreaRefusal(
                f"'{wanted}' could mean more than one area: {names}.", tuple(ranked), ambiguous=True
            )
        return valid[0]

    def _fuzzy(
        self, wanted: str, stripped: str, on: dt.date, level: str | None, hint: str | None
    ) -> AreaMatch:
        scored = self._closest(stripped)
        accepted = [(k, s) for k, s in scored if s >= self.fuzzy_threshold]
        if not accepted:
            # Below CLOSEST_SCORE a spelling is not worth a person's time ("Nowhere Land"
            # is not Andover PCN at 63%): the same floor as the form's "choose one of".
            close = [(k, s) for k, s in scored if s >= CLOSEST_SCORE]
            suggestion = self._suggestion(wanted, close, on, level, hint)
            closest = ""
            if suggestion is not None:
                closest = f" (closest: {suggestion.area.label}, {suggestion.confidence:.0f}%)"
            raise AreaRefusal(
                f"No area is called or coded '{wanted}'{closest}; use its code or name.",
                ambiguous=False,
                suggestion=suggestion,
            )
        best = accepted[0][1]
        ids = {i for key, score in accepted if score >= best - 0.5 for i in self._stripped[key]}
        return AreaMatch(self._choose(wanted, ids, on, level, hint), "fuzzy", best)

    def _suggestion(
        self,
        wanted: str,
        scored: list[tuple[str, float]],
        on: dt.date,
        level: str | None,
        hint: str | None,
    ) -> AreaMatch | None:
        """The closest spelling's area as it was on ``on``, or None when there is no one
        area to offer (nothing within ``_closest``'s cut-off, or it names several areas).

        Chosen by the same rules as an exact name, so "Lancashire and South Cumbria" for a
        2021 row is the STP of 2021, the name's own era, not the ICB of 2022.
        """
        if not scored:
            return None
        best = scored[0][1]
        ids = {i for key, score in scored if score >= best - 0.5 for i in self._stripped[key]}
        try:
            chosen = self._choose(wanted, ids, on, level, hint)
        except ValidationError:
            return None
        return self._in_time(AreaMatch(chosen, "suggestion", best), on)


def _council_over_stp(group: list[AreaCandidate]) -> AreaCandidate | None:
    """ "Somerset" in 2021 is Somerset County Council, not the Somerset STP.

    An STP was a partnership known by its area's name, not a body a meeting was held
    with; the council of that name was. So a bare name shared only by a council and an
    STP means the council, and "Somerset STP" (its words) still means the STP. An ICB is
    a statutory body with the same claim as the council, so "Devon" in 2024 stays a
    question.
    """
    others = [c for c in group if c.kind != "stp"]
    if len(group) > 1 and len(others) == 1 and others[0].level == "place":
        return others[0]
    return None


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
