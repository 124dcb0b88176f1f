"""How an area is named to a person choosing it: one wording for the picker, the command
line's refusals and the importer's candidates.

"Devon" is both an ICB and a county council; a list of "Devon (QJK)" and "Devon
(E10000008)" makes the user decode codes. The description says the planning level, what
kind of body it is and the ICS it sits in: "Devon — Place (county council), Devon ICS".
"""

from __future__ import annotations

import datetime as dt

from icstracker.vocabulary import AreaKind, PlanningLevel

# ONS codes of upper-tier and unitary councils say which kind they are.
_COUNCIL_WORDS = {
    "E06": "unitary council",
    "E08": "metropolitan borough",
    "E09": "London borough",
    "E10": "county council",
}


def area_label(short_name: str, code: str, valid_to: dt.date | None) -> str:
    """How an area is named in messages: "Blackpool (00R)", or with its closing date."""
    closed = f", closed {valid_to:%d/%m/%Y}" if valid_to else ""
    return f"{short_name} ({code}{closed})"


def kind_word(kind: str, code: str) -> str:
    if kind == "local_authority":
        return _COUNCIL_WORDS.get(code[:3], "council")
    return AreaKind.words_of(kind)


def describe_area(
    short_name: str,
    code: str,
    level: str | None,
    kind: str,
    system_name: str | None,
    valid_to: dt.date | None,
) -> str:
    """ "Devon — Place (county council), Devon ICS · E10000008", with a closing date."""
    level_name = PlanningLevel.label_of(level, otherwise="Region")
    inside = f", {system_name} ICS" if system_name and level != "system" else ""
    closed = f", closed {valid_to:%d/%m/%Y}" if valid_to else ""
    return f"{short_name} — {level_name} ({kind_word(kind, code)}){inside} · {code}{closed}"
