"""Coverage RAG status at and around its thresholds."""

from __future__ import annotations

import pytest

from icstracker.errors import ValidationError
from icstracker.services.coverage_status import AMBER, GREEN, RED, Thresholds, coverage_status


@pytest.mark.parametrize(
    ("days", "expected"),
    [(None, RED), (0, GREEN), (45, GREEN), (46, AMBER), (90, AMBER), (91, RED)],
)
def test_thresholds_are_inclusive_of_their_day(days: int | None, expected: str) -> None:
    assert coverage_status(days, Thresholds(45, 90)) == expected


def test_thresholds_must_make_sense() -> None:
    with pytest.raises(ValidationError, match="no later than red"):
        Thresholds(100, 90)
    with pytest.raises(ValidationError):
        Thresholds(0, 90)
