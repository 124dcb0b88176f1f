"""The area a meeting or an email was about, guessed from its words and its people.

Every guess goes through the one resolver the form uses (``AreaResolver``, with the
committee's own aliases), asked exactly (no fuzzy spelling): a run of words in the title
("Blackpool South PCN", "U45809", "Lancashire and South Cumbria ICB") names an area only
if the form would take it. Longer runs are tried first, so "Devon ICB" settles what
"Devon" alone leaves open. Where the words name nothing, the location is read the same
way, then the register's areas for the people on it, then the footprint an address's
domain names (``blackpool.gov.uk``, ``lancashireandsouthcumbria.icb.nhs.uk``). The
confidence shown is the resolver's, less for the weaker sources; the person decides.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from icstracker.errors import ValidationError
from icstracker.services.area_resolver import AreaMatch, AreaResolver, strip_words
from icstracker.services.capture.items import Address
from icstracker.services.capture.register import GENERIC_DOMAINS
from icstracker.text import normalise_name

LONGEST_RUN = 7  # words; "Bedfordshire, Luton and Milton Keynes Integrated Care Board"
# Single words that are also areas' names but, in a meeting's title, rarely mean them.
_NOT_ALONE = frozenset(
    {
        "reading",
        "central",
        "north",
        "south",
        "east",
        "west",
        "mid",
        "city",
        "county",
        "health",
        "care",
        "wells",
        "forest",
        "eden",
        "hart",
        "vale",
        "coast",
        "borough",
    }
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'’.-]*")
_LEVEL_RANK = {"neighbourhood": 0, "place": 1, "system": 2}
# How much a guess is trusted, by where it was found (the resolver's own confidence times).
WEIGHTS = {"title": 1.0, "subject": 1.0, "location": 0.95, "people": 0.85, "address": 0.8}


@dataclass(frozen=True)
class AreaGuess:
    match: AreaMatch
    found_in: str  # "title", "location", "people", "address"
    text: str  # the words or domain it was read from
    others: tuple[str, ...] = ()  # other areas the same source named, as labels

    def describe(self) -> str:
        return f"{self.found_in} '{self.text}', {self.match.confidence:.0f}%"


def _squashed(text: str) -> str:
    return normalise_name(text).replace(" ", "")


class AreaGuesser:
    def __init__(self, resolver: AreaResolver) -> None:
        self.resolver = resolver
        # "lancashireandsouthcumbria" -> the name it squashes, for reading domains.
        self._squashed: dict[str, str] = {}
        for candidate in resolver.areas.values():
            for form in (candidate.short_name, strip_words(normalise_name(candidate.short_name))):
                key = _squashed(form)
                if len(key) >= 4:
                    self._squashed.setdefault(key, candidate.short_name)

    def _exact(self, text: str, on: dt.date, level: str | None = None) -> AreaMatch | None:
        try:
            return self.resolver.match(text, on, level=level, fuzzy=False)
        except ValidationError:  # AreaRefusal: none, or several (never guessed)
            return None

    def in_text(self, text: str, on: dt.date) -> list[tuple[AreaMatch, str]]:
        """Every area a run of ``text``'s words names exactly, longest runs first."""
        words = [m.group().strip(".-'’") for m in _WORD.finditer(text)]
        words = [w for w in words if w]
        taken = [False] * len(words)
        found: list[tuple[int, AreaMatch, str]] = []
        for size in range(min(LONGEST_RUN, len(words)), 0, -1):
            for at in range(len(words) - size + 1):
                if any(taken[at : at + size]):
                    continue
                phrase = " ".join(words[at : at + size])
                if size == 1 and not _worth_alone(phrase):
                    continue
                match = self._exact(phrase, on)
                if match is not None:
                    found.append((at, match, phrase))
                    for index in range(at, at + size):
                        taken[index] = True
        return [(match, phrase) for _, match, phrase in sorted(found, key=lambda f: f[0])]

    def of_domain(self, domain: str, on: dt.date) -> AreaMatch | None:
        """The footprint an organisation's domain names: ``wigan.gov.uk`` the council,
        ``…icb.nhs.uk`` an ICB; None for a domain anyone can have."""
        if not domain or domain in GENERIC_DOMAINS:
            return None
        labels = domain.lower().split(".")
        level = None
        if domain.endswith(".gov.uk"):
            level = "place"
        elif ".icb.nhs.uk" in f".{domain}" or domain.endswith(".ics.nhs.uk"):
            level = "system"
        for label in labels[:2]:
            name = self._squashed.get(_squashed(label))
            if name is not None:
                match = self._exact(name, on, level) or self._exact(name, on)
                if match is not None:
                    return match
        return None

    def guess(
        self,
        on: dt.date,
        texts: Sequence[tuple[str, str]],
        people_areas: Iterable[int],
        addresses: Iterable[Address],
    ) -> AreaGuess | None:
        """The best guess from ``texts`` ((where, text) in order of trust), then the
        register's areas for the people, then the addresses' domains."""
        for where, text in texts:
            matches = self.in_text(text, on)
            if matches:
                return _best(matches, where, WEIGHTS.get(where, 0.9))
        for area_id in people_areas:
            candidate = self.resolver.areas.get(area_id)
            match = self._exact(candidate.code, on) if candidate is not None else None
            if match is not None:
                return _weighted(match, "people", candidate.short_name if candidate else "", ())
        for address in addresses:
            match = self.of_domain(address.domain, on)
            if match is not None:
                return _weighted(match, "address", address.domain, ())
        return None


def _worth_alone(word: str) -> bool:
    """A single word is read as an area only if written as a name or a code."""
    if any(c.isdigit() for c in word):
        return len(word) >= 4  # a code: U45809, E06000009, QE1 (three: too many words match)
    return len(word) >= 4 and word[0].isupper() and word.lower() not in _NOT_ALONE


def _weighted(match: AreaMatch, where: str, text: str, others: tuple[str, ...]) -> AreaGuess:
    confidence = match.confidence * WEIGHTS.get(where, 0.9) - (10 if others else 0)
    method = f"{match.method}, from the {where}"
    weighted = dataclasses.replace(match, method=method, confidence=round(confidence))
    return AreaGuess(weighted, where, text, others)


def _best(matches: list[tuple[AreaMatch, str]], where: str, _weight: float) -> AreaGuess:
    """The most local area named (a PCN over its ICB: the log's footprint is the smallest
    one the meeting was about); the others are said, and lower the confidence."""
    ranked = sorted(
        enumerate(matches), key=lambda e: (_LEVEL_RANK.get(e[1][0].area.level, 3), e[0])
    )
    best, phrase = ranked[0][1]
    others = tuple(dict.fromkeys(m.area.label for m, _ in matches if m.area.id != best.area.id))
    return _weighted(best, where, phrase, others)
