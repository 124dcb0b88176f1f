"""What a column's header says it holds, read from its words rather than its exact spelling.

Every LPC names its columns its own way: "Date of meeting", "ICS / PCN / Place", "Type of
contact", "Who attended", "Actions agreed", "LPC rep", "Follow up by". A list of exact
spellings missed most of them and the column was dropped. Here a header is normalised
(case, punctuation, "/" and "&" as ``text.normalise_name`` does) and each word is a cue for
one or more fields, with a weight: "date" is a strong cue for the date, "meeting" a weaker
one for the title, so "Date of meeting" is the date. A few combinations change the meaning
of a word: an action word with "date" or "due" is the follow-up's due date, with "owner" or
"who" its owner; "LPC" with a word for people is the committee's representatives.

The guesses are only the header's view: ``columns`` checks them against the column's
values (``contents``), and ``--map`` (or the wizard) overrides both.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from icstracker.text import normalise_name

# Which kind of area a column names, most specific first: when several area columns have
# a value in a row, the first in this order wins (a code, then a PCN, a place...).
AREA_CODE, AREA_PCN, AREA_PLACE, AREA_ANY, AREA_SYSTEM = range(5)
AREA_HINTS: dict[int, str | None] = {
    AREA_CODE: None,
    AREA_PCN: "neighbourhood",
    AREA_PLACE: "place",
    AREA_ANY: None,
    AREA_SYSTEM: "system",
}

# A guess at least this sure is taken from the header alone (one strong word is 0.75).
CONFIDENT = 0.5
# Longer cells are titles or notes above the header row, not headers.
MAX_HEADER_WORDS = 7


@dataclass(frozen=True)
class HeaderGuess:
    field: str
    score: float  # 0-1: how sure the header alone makes us
    rank: int = 0  # for an area column: AREA_CODE … AREA_SYSTEM


# Whole headers whose meaning is settled (the spellings the importer always knew).
_PHRASES: dict[str, tuple[str, int]] = {}


def _phrases(field: str, names: str, rank: int = 0) -> None:
    for name in names.split("|"):
        _PHRASES[normalise_name(name)] = (field, rank)


_phrases("date", "date|date of meeting|meeting date|date of engagement|engagement date|when")
_phrases("date", "date of contact|date of event|date held|meeting held on")
_phrases("area", "code|area code|ods code|ons code|pcn code|footprint code|icb code", AREA_CODE)
_phrases("area", "pcn|pcn name|primary care network|neighbourhood", AREA_PCN)
_phrases("area", "place|place name|borough|council|local authority", AREA_PLACE)
_phrases("area", "area|area name|footprint|location", AREA_ANY)
_phrases("area", "ics|icb|stp|system|ics/stp|stp/ics|ics name|icb name|stp name", AREA_SYSTEM)
_phrases("level", "level|planning level|tier")
_phrases("kind", "type|kind|type of engagement|engagement type|meeting type|format|method")
_phrases("title", "title|subject|meeting|meeting title|meeting name|name of meeting|event")
_phrases("summary", "notes|summary|discussion|details|description|key points|minutes|comments")
_phrases("outcome", "outcome|outcomes|result|results")
_phrases("people", "attendees|people|attended by|who|contacts|people met|nhs attendees")
_phrases("organisations", "organisation|organisations|organisation(s)|organization|organizations")
_phrases("organisations", "org|orgs|organisation s|organisations involved|with")
_phrases("representatives", "lpc rep|lpc reps|lpc representative|lpc representatives")
_phrases("representatives", "lpc attendees")
_phrases("topics", "topics|topic|themes|theme|tags|topic s|topic(s)")
_phrases("rating", "rating|rag|rag rating|rag status")
_phrases("partners", "joint with|other lpcs|other lpc|partner lpcs|joint lpcs|other committees")
_phrases("action", "action|actions|actions agreed|agreed actions|next steps|follow up|follow ups")
_phrases("action", "follow up actions|action points|actions arising|to do")
_phrases("action_due", "due|due date|action due|deadline|by when|follow up date")
_phrases("action_owner", "owner|action owner|action by|by whom|responsible|action lead")

# word -> {field: weight}; a weight of 3 is a strong cue, 1 only supports another.
_CUES: dict[str, dict[str, int]] = {}


def _cue(field: str, weight: int, words: str) -> None:
    for word in words.split():
        _CUES.setdefault(word, {})[field] = weight


_cue("date", 3, "date dates when dated")
_cue("date", 2, "day")
_cue("date", 1, "held")
_cue("area", 3, "ics icb stp pcn place area footprint borough locality neighbourhood")
_cue("area", 3, "neighborhood ods ons patch geography")
_cue("area", 2, "system council location where code authority")
_cue("area", 1, "network")
_cue("level", 3, "level tier")
_cue("kind", 3, "type kind format method mode medium channel")
_cue("kind", 2, "how")
_cue("kind", 1, "contact")
_cue("title", 3, "title subject headline")
_cue("title", 2, "meeting event purpose what activity item agenda")
_cue("title", 1, "name engagement")
_cue("summary", 3, "notes note summary discussion discussed details detail description")
_cue("summary", 3, "minutes comments comment narrative")
_cue("summary", 2, "points update background info information")
_cue("outcome", 3, "outcome result impact decision decisions conclusion")
_cue("outcome", 2, "achieved decided")
_cue("outcome", 1, "agreed")
_cue("people", 3, "attendee attended people participant stakeholder person persons")
_cue("people", 2, "who contacts present met")
_cue("people", 2, "contact")
_cue("organisations", 3, "organisation organization org orgs organisations organizations")
_cue("organisations", 2, "body bodies provider agency")
_cue("organisations", 1, "with partner trust")
_cue("representatives", 3, "rep reps representative representatives")
_cue("representatives", 2, "officer")
_cue("topics", 3, "topic theme tag workstream")
_cue("topics", 2, "category categories")
_cue("rating", 3, "rating rag")
_cue("partners", 3, "joint")
_cue("action", 3, "action follow followup todo task")
_cue("action", 2, "next")
_cue("action", 1, "step steps arising")
_cue("action_due", 3, "due deadline")
_cue("action_owner", 3, "owner responsible")
_cue("action_owner", 2, "assigned")

_ACTION_WORDS = frozenset({"action", "follow", "followup", "todo", "task", "next"})
_DUE_WORDS = frozenset({"date", "due", "deadline", "when", "dates"})
_OWNER_WORDS = frozenset({"owner", "who", "whom", "lead", "responsible", "assigned"})
_OURS = frozenset({"lpc", "lpcs", "our", "committee", "cpl", "cp"})
_PEOPLE_WORDS = frozenset({"attendee", "attended", "people", "who", "present", "met", "staff"})
_CODE_WORDS = frozenset({"code", "ods", "ons"})
_PCN_WORDS = frozenset({"pcn", "neighbourhood", "neighborhood", "network"})
_PLACE_WORDS = frozenset({"place", "borough", "council", "locality", "authority"})
_SYSTEM_WORDS = frozenset({"ics", "icb", "stp", "system"})
# A column about the record, not the engagement: "Date added", "Created by", "Last modified".
_RECORD_WORDS = frozenset({"added", "logged", "created", "modified", "updated", "entered"})
_ORGANISATION_WORDS = frozenset({"organisation", "organization", "org", "body", "provider"})
# Fields an engagement can take from a column, in the order a tie between them goes.
FIELDS = (
    "date",
    "area",
    "level",
    "kind",
    "title",
    "summary",
    "outcome",
    "people",
    "organisations",
    "representatives",
    "topics",
    "rating",
    "partners",
    "action",
    "action_due",
    "action_owner",
)


def _singular(word: str) -> str:
    """The word as the cue table spells it: "attendees" → "attendee", "notes" stays."""
    if word in _CUES:
        return word
    for cut in ("es", "s"):
        if word.endswith(cut) and word[: -len(cut)] in _CUES:
            return word[: -len(cut)]
    return word


def words_of(header: str) -> tuple[str, ...]:
    """The header's words, normalised, with "follow-up" and "to-do" read as one word."""
    text = normalise_name(header)
    text = text.replace("follow up", "followup").replace("to do", "todo")
    return tuple(_singular(word) for word in text.split())


def area_rank(words: tuple[str, ...] | frozenset[str]) -> int:
    """Which kind of area a header names: a code, a PCN, a place, the ICS, or any."""
    found = set(words)
    if found & _CODE_WORDS:
        return AREA_CODE
    kinds = [bool(found & group) for group in (_PCN_WORDS, _PLACE_WORDS, _SYSTEM_WORDS)]
    if sum(kinds) != 1:
        return AREA_ANY  # "ICS / PCN / Place", or "Area": any level
    return (AREA_PCN, AREA_PLACE, AREA_SYSTEM)[kinds.index(True)]


@functools.lru_cache(maxsize=1024)
def guess_header(header: str) -> tuple[HeaderGuess, ...]:
    """What the header says the column holds, surest first (empty if it says nothing)."""
    normalised = normalise_name(header)
    if not normalised:
        return ()
    phrase = _PHRASES.get(normalised) or _PHRASES.get(
        normalise_name(header.split("(")[0]) if "(" in header else ""
    )
    if phrase is not None:
        return (HeaderGuess(phrase[0], 1.0, phrase[1]),)
    words = words_of(header)
    if len(words) > MAX_HEADER_WORDS or set(words) & _RECORD_WORDS:
        return ()
    if set(words) & {"type", "kind"} and set(words) & _ORGANISATION_WORDS:
        return ()  # "Organisation type" describes the organisation, not the engagement
    combined = _combinations(frozenset(words))
    if combined:
        return combined
    totals: dict[str, int] = {}
    for word in dict.fromkeys(words):
        for field, weight in _CUES.get(word, {}).items():
            totals[field] = totals.get(field, 0) + weight
    guesses = [
        HeaderGuess(field, min(total, 4) / 4, area_rank(words) if field == "area" else 0)
        for field, total in totals.items()
    ]
    guesses.sort(key=lambda g: (-g.score, FIELDS.index(g.field)))
    return tuple(guesses)


def _combinations(words: frozenset[str]) -> tuple[HeaderGuess, ...]:
    """Words that change each other's meaning: "Follow up date", "Action by", "LPC attendees"."""
    if words & _ACTION_WORDS or "due" in words:
        due, owner = bool(words & _DUE_WORDS), bool(words & _OWNER_WORDS)
        if due and not owner:
            return (HeaderGuess("action_due", 1.0),)
        if owner and not due:
            return (HeaderGuess("action_owner", 1.0),)
        if "by" in words and not due and not owner:
            # "Follow up by": a date or a person; the column's values decide.
            return (HeaderGuess("action_due", 0.9), HeaderGuess("action_owner", 0.9))
    if words & _OURS and (words & _PEOPLE_WORDS or "rep" in words):
        return (HeaderGuess("representatives", 1.0),)
    if words & {"other", "partner"} and words & {"lpc", "lpcs", "committee", "committees"}:
        return (HeaderGuess("partners", 1.0),)
    return ()
