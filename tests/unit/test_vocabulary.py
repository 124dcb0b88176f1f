"""The domain's words are spelled once, and the database's keys are those words' keys."""

from __future__ import annotations

from icstracker.db.models import AREA_KINDS, ENGAGEMENT_KINDS, LEVEL_KEYS
from icstracker.vocabulary import LEVEL_LABELS, AreaKind, EngagementKind, PlanningLevel


def test_the_database_keys_are_the_vocabulary() -> None:
    assert LEVEL_KEYS == ("system", "place", "neighbourhood")
    assert ENGAGEMENT_KINDS == tuple(kind.value for kind in EngagementKind)
    assert AREA_KINDS == tuple(kind.value for kind in AreaKind)
    assert all(type(key) is str for key in (*LEVEL_KEYS, *ENGAGEMENT_KINDS, *AREA_KINDS))


def test_labels_people_read() -> None:
    assert [level.label for level in PlanningLevel] == ["System", "Place", "Neighbourhood"]
    assert LEVEL_LABELS == {"system": "System", "place": "Place", "neighbourhood": "Neighbourhood"}
    assert EngagementKind.WRITTEN_SUBMISSION.label == "Written submission"
    assert EngagementKind.WRITTEN_SUBMISSION.words == "written submission"
    assert EngagementKind.listed() == "meeting, call, email, event, written submission, other"
    assert AreaKind.LOCAL_AUTHORITY.label == "Council"
    assert AreaKind.SUB_ICB.label == "Sub-ICB location"
    assert AreaKind.DISTRICT.words == "district council"


def test_unknown_keys_are_shown_not_hidden() -> None:
    assert PlanningLevel.label_of(None) == ""
    assert PlanningLevel.label_of("region") == "region"
    assert PlanningLevel.label_of(None, otherwise="Region") == "Region"
    assert EngagementKind.label_of("site_visit") == "Site visit"
    assert AreaKind.label_of("ward") == "ward"


def test_area_kinds_know_their_level_and_narrow_words() -> None:
    assert AreaKind.PCN.level is PlanningLevel.NEIGHBOURHOOD
    assert AreaKind.DISTRICT.level is PlanningLevel.PLACE
    assert AreaKind.REGION.level is None
    assert [AreaKind.short_of(k) for k in ("sub_icb", "district", "local_authority")] == [
        "sub-ICB",
        "council",
        "council",
    ]
    assert AreaKind.SUB_ICB.plural == "sub-ICB locations"
