"""Text that looks like a formula stays text; text XML cannot hold is cleaned."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from icstracker.cells import clean_text, is_risky, put, styled
from icstracker.reports.styles import Style, add_styles


@pytest.mark.parametrize(
    "text",
    ["=1+1", '=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "\nx", "#N/A", "#REF!"],
)
def test_risky_text(text: str) -> None:
    assert is_risky(text)


@pytest.mark.parametrize("text", ["Pharmacy First", "1 = 1", "e-mail", "", "Zoë Ní Bhriain"])
def test_ordinary_text(text: str) -> None:
    assert not is_risky(text)


def test_cleaning() -> None:
    assert clean_text("Bell\x07 and\x00 nul") == "Bell and nul"
    assert clean_text("a\r\nb\rc\td") == "a\nb\nc\td"
    long = clean_text("x" * 40_000)
    assert len(long) == 32_767 and long.endswith("…")


def test_a_formula_string_is_stored_as_text() -> None:
    workbook = Workbook(write_only=True)
    add_styles(workbook)
    sheet = workbook.create_sheet("x")
    cell = styled(sheet, "=1+1", Style.TEXT)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)
    plain = styled(sheet, "Pharmacy First", Style.TEXT)
    assert plain.data_type == "s" and not plain.quotePrefix
    put(plain, 3)
    assert (plain.value, plain.data_type) == (3, "n")
