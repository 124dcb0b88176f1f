"""Default report names a user would keep, valid on Windows."""

from __future__ import annotations

from pathlib import Path

import pytest

from icstracker.reports.filenames import default_report_name, safe_file_name, with_extension
from icstracker.services.periods import parse_period


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
