"""Names as the NHS writes them, from files that publish some of them in capitals.

``pcn.csv`` and the practice file give "NEXUS (DEVON) PCN" and "HONITON/OTTERY/SID VALLEY
(HOSMS) PCN"; NHS England's own pages write "Nexus (Devon) PCN". Every output (the
window, the command line, the reports) reads the one stored name, so the case is settled
here, once, when the files are loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SMALL_WORDS = {"and", "of", "the", "on", "upon", "in", "with", "by", "for", "at", "to", "under"}
_KEEP_UPPER = {"PCN", "PCNS", "NHS", "GP", "UK", "NW", "NE", "SE", "SW", "ICB", "CCG", "LPC"}
_TITLE_ONLY = {"ST": "St", "LTD": "Ltd", "DR": "Dr", "MC": "Mc"}
_VOWELS = set("AEIOUY")
_LETTERS = re.compile(r"[A-Za-z]+")
_PARENTHESISED = re.compile(r"\(([A-Za-z]+)\)")


def known_words(names: Iterable[str]) -> frozenset[str]:
    """The words of names already written in mixed case (councils, ICBs): "Devon" is a
    word, so "(DEVON)" is not an acronym."""
    return frozenset(word.upper() for name in names for word in _LETTERS.findall(name))


def _is_acronym(word: str, parenthesised: bool, known: frozenset[str]) -> bool:
    upper = word.upper()
    if upper in _TITLE_ONLY:
        return False
    if upper in _KEEP_UPPER or not _VOWELS & set(upper):
        return True
    # "(BNSSG)", "(IW)", "(HOSMS)": short, in brackets, and not a word of any place name.
    return parenthesised and (len(upper) <= 3 or (len(upper) <= 6 and upper not in known))


def display_case(name: str, known: frozenset[str] = frozenset()) -> str:
    """``ST JOHN'S (HOSMS) PCN`` → ``St John's (HOSMS) PCN``; mixed case is left alone."""
    if name != name.upper():
        return name
    parenthesised = {m.group(1).upper() for m in _PARENTHESISED.finditer(name)}
    first = True

    def recase(match: re.Match[str]) -> str:
        nonlocal first
        word = match.group(0)
        start = match.start()
        was_first, first = first, False
        if start > 0 and name[start - 1] == "'" and len(word) <= 2:
            return word.lower()  # John's, O'Neill stays O'Neill below
        if _is_acronym(word, word.upper() in parenthesised, known):
            return word.upper()
        if word.upper() in _TITLE_ONLY:
            return _TITLE_ONLY[word.upper()]
        if not was_first and word.lower() in _SMALL_WORDS and name[start - 1] in " -":
            return word.lower()
        return word.capitalize()

    return _LETTERS.sub(recase, name)
