"""The words of the domain, once: planning levels, engagement kinds and kinds of area.

Each is a ``StrEnum`` whose value is the key the database stores (its check constraints
are built from these), and whose properties are the words people read: the window, the
command line, the importer's messages, the workbook, the PDF and the Coverage tab all ask
here, so "Written submission" or "Sub-ICB location" is spelled one way everywhere. It sits
at the package's top level, beside ``errors`` and ``text``, because every layer uses it
and the window must not reach into ``db`` for a constant.
"""

from __future__ import annotations

from enum import StrEnum


class PlanningLevel(StrEnum):
    """The NHS planning guidance's three levels, largest first (the order of every table)."""

    SYSTEM = "system"
    PLACE = "place"
    NEIGHBOURHOOD = "neighbourhood"

    @property
    def label(self) -> str:
        """ "Neighbourhood": a column heading, a filter button, a chart's legend."""
        return self.value.capitalize()

    @classmethod
    def label_of(cls, key: str | None, otherwise: str | None = None) -> str:
        """The label of a stored key; a missing or unknown key reads as ``otherwise``
        (the key itself when not given, so nothing a database holds is hidden)."""
        if key in _LEVEL_VALUES:
            return cls(key).label
        return (key or "") if otherwise is None else otherwise


class EngagementKind(StrEnum):
    """How the committee engaged: the log's ``kind`` column."""

    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    EVENT = "event"
    WRITTEN_SUBMISSION = "written_submission"
    OTHER = "other"

    @property
    def label(self) -> str:
        """ "Written submission": a list's entry, a table's cell, a report's row."""
        return self.words.capitalize()

    @property
    def words(self) -> str:
        """ "written submission": the kind inside a sentence or typed on the command line."""
        return self.value.replace("_", " ")

    @classmethod
    def label_of(cls, key: str) -> str:
        if key in _KIND_VALUES:
            return cls(key).label
        return key.replace("_", " ").capitalize()

    @classmethod
    def words_of(cls, key: str) -> str:
        return key.replace("_", " ")

    @classmethod
    def listed(cls) -> str:
        """ "meeting, call, email, event, written submission, other": for a refusal."""
        return ", ".join(kind.words for kind in cls)


class AreaKind(StrEnum):
    """What body an area's code belongs to; the level follows from it."""

    REGION = "region"
    STP = "stp"
    ICB = "icb"
    SUB_ICB = "sub_icb"
    LOCAL_AUTHORITY = "local_authority"
    DISTRICT = "district"
    PCN = "pcn"

    @property
    def label(self) -> str:
        """ "Sub-ICB location", "Council": the Coverage tab's and sheet's Kind column."""
        return _AREA_LABELS[self]

    @property
    def words(self) -> str:
        """ "sub-ICB location", "district council": the kind inside a sentence."""
        return _AREA_WORDS[self]

    @property
    def plural(self) -> str:
        return self.words + "s"

    @property
    def short(self) -> str:
        """ "sub-ICB", "council": a narrow column, as in a reference update's listing."""
        return _AREA_SHORT.get(self, self.words)

    @property
    def level(self) -> PlanningLevel | None:
        """The planning level an area of this kind is at; None for a region."""
        return _AREA_LEVELS.get(self)

    @classmethod
    def label_of(cls, key: str) -> str:
        return cls(key).label if key in _AREA_VALUES else key

    @classmethod
    def words_of(cls, key: str) -> str:
        return cls(key).words if key in _AREA_VALUES else key.replace("_", " ")

    @classmethod
    def short_of(cls, key: str) -> str:
        return cls(key).short if key in _AREA_VALUES else key


_LEVEL_VALUES = frozenset(level.value for level in PlanningLevel)
_KIND_VALUES = frozenset(kind.value for kind in EngagementKind)
_AREA_VALUES = frozenset(kind.value for kind in AreaKind)
_AREA_WORDS = {
    AreaKind.REGION: "region",
    AreaKind.STP: "STP",
    AreaKind.ICB: "ICB",
    AreaKind.SUB_ICB: "sub-ICB location",
    AreaKind.LOCAL_AUTHORITY: "council",
    AreaKind.DISTRICT: "district council",
    AreaKind.PCN: "PCN",
}
_AREA_LABELS = {kind: words[0].upper() + words[1:] for kind, words in _AREA_WORDS.items()}
_AREA_SHORT = {AreaKind.SUB_ICB: "sub-ICB", AreaKind.DISTRICT: "council"}
_AREA_LEVELS = {
    AreaKind.STP: PlanningLevel.SYSTEM,
    AreaKind.ICB: PlanningLevel.SYSTEM,
    AreaKind.SUB_ICB: PlanningLevel.PLACE,
    AreaKind.LOCAL_AUTHORITY: PlanningLevel.PLACE,
    AreaKind.DISTRICT: PlanningLevel.PLACE,
    AreaKind.PCN: PlanningLevel.NEIGHBOURHOOD,
}

LEVEL_KEYS: tuple[str, ...] = tuple(level.value for level in PlanningLevel)
ENGAGEMENT_KINDS: tuple[str, ...] = tuple(kind.value for kind in EngagementKind)
AREA_KINDS: tuple[str, ...] = tuple(kind.value for kind in AreaKind)
# Key → label, for code that looks labels up by the key a row holds.
LEVEL_LABELS: dict[str, str] = {level.value: level.label for level in PlanningLevel}
