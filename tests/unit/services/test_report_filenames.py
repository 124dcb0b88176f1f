"""Default report names a user would keep, valid on Windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.periods import parse_period
from icstracker.services.report_filenames import (
    default_report_name,
    filters_in_file_name,
    safe_file_name,
    with_extension,
)


@pytest.mark.parametrize(
    ("period", "name"),
    [
        ("2026/27-Q3", "ICS engagement 2026-27 Q3 - Community Pharmacy Devon.xlsx"),
        ("2026-Q4", "ICS engagement 2026 Q4 - Community Pharmacy Devon.xlsx"),
        ("2026/27", "ICS engagement 2026-27 - Community Pharmacy Devon.xlsx"),
        (
            "2026-10-01..2026-12-31",
            "ICS engagement 2026-10-01 to 2026-12-31 - Community Pharmacy Devon.xlsx",
        ),
    ],
)
def test_default_names(period: str, name: str) -> None:
    assert default_report_name(parse_period(period), "Community Pharmacy Devon") == name


def test_characters_windows_forbids_are_replaced() -> None:
    name = default_report_name(parse_period("2026/27-Q3"), 'Beds/Herts: "LPC" <north>|?*')
    assert name == "ICS engagement 2026-27 Q3 - Beds-Herts- -LPC- -north-.xlsx"
    assert safe_file_name("CON.xlsx") == "_CON.xlsx"
    assert safe_file_name("report. .xlsx") == "report.xlsx"
    assert safe_file_name("Zoë's LPC.xlsx") == "Zoë's LPC.xlsx"
    assert len(safe_file_name("x" * 400 + ".xlsx")) == 150 + len(".xlsx")


def test_extension_is_added_once() -> None:
    assert with_extension(Path("a/report")) == Path("a/report.xlsx")
    assert with_extension(Path("a/report.XLSX")) == Path("a/report.XLSX")
    assert with_extension(Path("a/report.xls")) == Path("a/report.xls.xlsx")


def test_a_filtered_report_says_its_filters_in_its_name() -> None:
    q2 = parse_period("2026/27-Q2")
    filters = filters_in_file_name(EngagementFilter(level="place", area_id=7), "Exeter")
    assert filters == "place, Exeter"
    name = default_report_name(q2, "Demo LPC", filters)
    assert name == "ICS engagement 2026-27 Q2 - place, Exeter - Demo LPC.xlsx"
    assert name != default_report_name(q2, "Demo LPC")


def test_every_filter_is_named_and_none_means_no_filters_part() -> None:
    criteria = EngagementFilter(
        committee_id=3,  # the window always sets these: they are not filters of the log
        date_from=dt.date(2026, 7, 1),
        date_to=dt.date(2026, 9, 30),
    )
    assert filters_in_file_name(criteria) == ""
    criteria = EngagementFilter(
        kinds=("site_visit",), topics=("Pharmacy First",), text="  blood   pressure "
    )
    assert filters_in_file_name(criteria) == "site visit, Pharmacy First, matching blood pressure"


def test_long_filters_are_cut_at_a_word_and_the_name_stays_valid() -> None:
    filters = filters_in_file_name(EngagementFilter(text="referral " * 20 + 'a/b "c"'))
    assert len(filters) <= 60 and filters.endswith("referral…")
    name = default_report_name(parse_period("2026/27-Q3"), "Community Pharmacy Devon", filters)
    assert name.endswith(" - Community Pharmacy Devon.xlsx")
